import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { isUniqueViolation } from '../../infra/database/unique-violation';
import type { EdgeScope } from './edge-scope';
import { EdgeEntity } from './edge.entity';
import { EdgeNameTakenError } from './edge.errors';

export interface EdgeRecord {
  readonly id: string;
  readonly name: string;
}

const normalize = (name: string): string => name.trim().toLowerCase();

/** The only code that touches the edges table. Reads are scoped by a required EdgeScope. */
@Injectable()
export class EdgeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listInScope(scope: EdgeScope): Promise<EdgeRecord[]> {
    const repo = this.dataSource.getRepository(EdgeEntity);
    if (scope.allEdges) return (await repo.find({ order: { name: 'ASC' } })).map(toRecord);
    if (scope.edgeIds.size === 0) return [];
    return (await repo.find({ where: { id: In([...scope.edgeIds]) }, order: { name: 'ASC' } })).map(toRecord);
  }

  async findInScope(scope: EdgeScope, id: string): Promise<EdgeRecord | null> {
    if (!scope.allEdges && !scope.edgeIds.has(id)) return null;
    const edge = await this.dataSource.getRepository(EdgeEntity).findOneBy({ id });
    return edge ? toRecord(edge) : null;
  }

  async findIdByName(name: string): Promise<string | null> {
    const edge = await this.dataSource.getRepository(EdgeEntity).findOne({
      where: { nameNormalized: normalize(name) },
      select: { id: true },
    });
    return edge?.id ?? null;
  }

  async insert(edge: { id: string; name: string; now: Date }): Promise<void> {
    try {
      await this.dataSource.getRepository(EdgeEntity).insert({
        id: edge.id,
        name: edge.name.trim(),
        nameNormalized: normalize(edge.name),
        createdAt: edge.now,
        updatedAt: edge.now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EdgeNameTakenError(edge.name.trim());
      throw error;
    }
  }
}

function toRecord(edge: EdgeEntity): EdgeRecord {
  return { id: edge.id, name: edge.name };
}
