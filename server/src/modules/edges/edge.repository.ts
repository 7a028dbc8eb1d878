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

/** An edge with its connection settings as stored (token still encrypted) and its last contact. */
export interface EdgeConnectionRecord extends EdgeRecord {
  readonly url: string | null;
  readonly tokenEncrypted: string | null;
  readonly caPem: string | null;
  readonly version: string | null;
  readonly lastSeenAt: Date | null;
  readonly lastErrorAt: Date | null;
  readonly lastError: string | null;
  readonly activatedAt: Date | null;
}

export interface EdgeConnectionUpdate {
  url?: string | null;
  tokenEncrypted?: string | null;
  caPem?: string | null;
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

  async insert(edge: {
    id: string;
    name: string;
    now: Date;
    activation?: { codeHash: string; expiresAt: Date };
  }): Promise<void> {
    try {
      await this.dataSource.getRepository(EdgeEntity).insert({
        id: edge.id,
        name: edge.name.trim(),
        nameNormalized: normalize(edge.name),
        activationCodeHash: edge.activation?.codeHash ?? null,
        activationCodeExpiresAt: edge.activation?.expiresAt ?? null,
        createdAt: edge.now,
        updatedAt: edge.now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EdgeNameTakenError(edge.name.trim());
      throw error;
    }
  }

  /** Unscoped: for the scheduler (system calls) and after the caller's scope was checked. */
  async findConnection(id: string): Promise<EdgeConnectionRecord | null> {
    const edge = await this.dataSource.getRepository(EdgeEntity).findOneBy({ id });
    return edge ? toConnection(edge) : null;
  }

  /** Edges with a URL and a token, or activated ones: the ones the scheduler can call. */
  async listConnectable(): Promise<EdgeConnectionRecord[]> {
    const edges = await this.dataSource.getRepository(EdgeEntity).find({ order: { name: 'ASC' } });
    return edges
      .map(toConnection)
      .filter((e) => e.url !== null && (e.tokenEncrypted !== null || e.activatedAt !== null));
  }

  /** Every activated edge (the edge-offline check). */
  async listActivated(): Promise<EdgeConnectionRecord[]> {
    const edges = await this.dataSource.getRepository(EdgeEntity).find({ order: { name: 'ASC' } });
    return edges.map(toConnection).filter((e) => e.activatedAt !== null);
  }

  /** Connection records of the given edges (scope already checked), by name. */
  async listConnections(scope: EdgeScope): Promise<EdgeConnectionRecord[]> {
    const repo = this.dataSource.getRepository(EdgeEntity);
    if (scope.allEdges) return (await repo.find({ order: { name: 'ASC' } })).map(toConnection);
    if (scope.edgeIds.size === 0) return [];
    return (await repo.find({ where: { id: In([...scope.edgeIds]) }, order: { name: 'ASC' } })).map(toConnection);
  }

  /** Devices per edge (edges without devices are absent). */
  async deviceCounts(edgeIds: readonly string[]): Promise<Map<string, number>> {
    if (edgeIds.length === 0) return new Map();
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('d.edge_id', 'edgeId')
      .addSelect('COUNT(*)', 'count')
      .from('devices', 'd')
      .where('d.edge_id IN (:...ids)', { ids: [...edgeIds] })
      .groupBy('d.edge_id')
      .getRawMany<{ edgeId: string; count: string | number }>();
    return new Map(rows.map((r) => [r.edgeId, Number(r.count)]));
  }

  /** Replaces the edge's activation code (the previous unused one stops working). */
  async setActivationCode(id: string, codeHash: string, expiresAt: Date, now: Date): Promise<void> {
    await this.dataSource
      .getRepository(EdgeEntity)
      .update({ id }, { activationCodeHash: codeHash, activationCodeExpiresAt: expiresAt, updatedAt: now });
  }

  /**
   * Uses up the activation code with this hash if it exists and has not expired: exactly one caller wins
   * (the hash is cleared by a conditional UPDATE). Returns the edge id, or null.
   */
  async consumeActivationCode(codeHash: string, now: Date): Promise<string | null> {
    const repo = this.dataSource.getRepository(EdgeEntity);
    const edge = await repo.findOne({
      where: { activationCodeHash: codeHash },
      select: { id: true, activationCodeExpiresAt: true },
    });
    if (!edge || !edge.activationCodeExpiresAt || edge.activationCodeExpiresAt <= now) return null;
    const result = await repo.update(
      { id: edge.id, activationCodeHash: codeHash },
      { activationCodeHash: null, activationCodeExpiresAt: null, updatedAt: now },
    );
    return result.affected === 1 ? edge.id : null;
  }

  /** An activation: mutual TLS from now on (the bearer token and pinned PEM of the manual mode are cleared). */
  async recordActivation(
    id: string,
    activation: { url: string; version: string; certificatePem: string; now: Date },
  ): Promise<void> {
    await this.dataSource.getRepository(EdgeEntity).update(
      { id },
      {
        url: activation.url,
        version: activation.version.slice(0, 100),
        certificatePem: activation.certificatePem,
        activatedAt: activation.now,
        tokenEncrypted: null,
        caPem: null,
        lastSeenAt: activation.now,
        lastError: null,
        lastErrorAt: null,
        updatedAt: activation.now,
      },
    );
  }

  async rename(id: string, name: string, now: Date): Promise<void> {
    try {
      await this.dataSource
        .getRepository(EdgeEntity)
        .update({ id }, { name: name.trim(), nameNormalized: normalize(name), updatedAt: now });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EdgeNameTakenError(name.trim());
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.getRepository(EdgeEntity).delete({ id });
  }

  async updateConnection(id: string, update: EdgeConnectionUpdate, now: Date): Promise<void> {
    await this.dataSource.getRepository(EdgeEntity).update({ id }, { ...update, updatedAt: now });
  }

  /** A successful call: last contact now, error cleared, version when the edge told it. */
  async markSeen(id: string, now: Date, version?: string): Promise<void> {
    const update: Partial<EdgeEntity> = { lastSeenAt: now, lastError: null, lastErrorAt: null };
    if (version !== undefined) update.version = version.slice(0, 100);
    await this.dataSource.getRepository(EdgeEntity).update({ id }, update);
  }

  /** The stored device-events cursor of an edge (null: read its outbox from the start). */
  async deviceEventsCursor(id: string): Promise<string | null> {
    const edge = await this.dataSource
      .getRepository(EdgeEntity)
      .findOne({ where: { id }, select: { id: true, deviceEventsCursor: true } });
    return edge?.deviceEventsCursor ?? null;
  }

  async saveDeviceEventsCursor(id: string, cursor: string): Promise<void> {
    await this.dataSource.getRepository(EdgeEntity).update({ id }, { deviceEventsCursor: cursor.slice(0, 64) });
  }

  async markFailed(id: string, now: Date, message: string): Promise<void> {
    await this.dataSource
      .getRepository(EdgeEntity)
      .update({ id }, { lastError: message.slice(0, 500), lastErrorAt: now });
  }
}

function toConnection(edge: EdgeEntity): EdgeConnectionRecord {
  return {
    id: edge.id,
    name: edge.name,
    url: edge.url ?? null,
    tokenEncrypted: edge.tokenEncrypted ?? null,
    caPem: edge.caPem ?? null,
    version: edge.version ?? null,
    lastSeenAt: edge.lastSeenAt ?? null,
    lastErrorAt: edge.lastErrorAt ?? null,
    lastError: edge.lastError ?? null,
    activatedAt: edge.activatedAt ?? null,
  };
}

function toRecord(edge: EdgeEntity): EdgeRecord {
  return { id: edge.id, name: edge.name };
}
