import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { UserEntity } from './user.entity';

/** The only code that touches the `users` table. */
@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByUsername(usernameNormalized: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { usernameNormalized } });
  }

  findSuperAdmin(): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { isSuperAdmin: true }, order: { createdAt: 'ASC' } });
  }

  async existsByIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.repo
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('u.id IN (:...ids)', { ids })
      .getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  /** Paged list; `search` matches username or display name (case-insensitive) or the e-mail HMAC exactly. */
  async list(query: {
    page: number;
    pageSize: number;
    search?: string;
    emailHmac?: string;
  }): Promise<{ items: UserEntity[]; total: number }> {
    const qb = this.repo.createQueryBuilder('u');
    if (query.search !== undefined && query.search !== '') {
      const like = `%${query.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const hmac = query.emailHmac;
      qb.where(
        new Brackets((w) => {
          w.where("u.username_normalized LIKE :like ESCAPE '\\'", { like });
          w.orWhere("LOWER(u.display_name) LIKE :like ESCAPE '\\'", { like });
          if (hmac !== undefined) w.orWhere('u.email_hmac = :hmac', { hmac });
        }),
      );
    }
    const [items, total] = await qb
      .orderBy('u.username_normalized', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  insert(user: UserEntity): Promise<unknown> {
    return this.repo.insert(user);
  }

  save(user: UserEntity): Promise<UserEntity> {
    return this.repo.save(user);
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
