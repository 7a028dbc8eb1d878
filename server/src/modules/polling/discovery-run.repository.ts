import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { DeviceEntity } from '../devices/device.entity';
import { DiscoveryRunEntity } from './discovery-run.entity';

/** The only code that touches `discovery_runs`; reads `devices` to tell which addresses an edge already has. */
@Injectable()
export class DiscoveryRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(run: DiscoveryRunEntity): Promise<void> {
    await this.dataSource.getRepository(DiscoveryRunEntity).insert(run);
  }

  /** The run of `edgeId` with id `runId`, unless it has expired at `now`. */
  async findLive(edgeId: string, runId: string, now: Date): Promise<DiscoveryRunEntity | null> {
    const run = await this.dataSource.getRepository(DiscoveryRunEntity).findOneBy({ id: runId, edgeId });
    return run && run.expiresAt > now ? run : null;
  }

  /** Deletes the runs (and their encrypted credentials) expired at `now`; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    const result = await this.dataSource.getRepository(DiscoveryRunEntity).delete({ expiresAt: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }

  /** `host:port` keys of the devices on `edgeId` among `hosts`. */
  async existingAddresses(edgeId: string, hosts: readonly string[]): Promise<Set<string>> {
    if (hosts.length === 0) return new Set();
    const rows = await this.dataSource.getRepository(DeviceEntity).find({
      where: { edgeId, address: In([...new Set(hosts)]) },
      select: { address: true, port: true },
    });
    return new Set(rows.map((r) => addressKey(r.address, r.port)));
  }
}

export function addressKey(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`;
}
