import type { HealthResponse, SystemInfoResponse } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../infra/config/app-config';
import { productVersion } from '../../infra/config/repo-root';

@Injectable()
export class SystemService {
  private readonly version = productVersion();
  private readonly startedAt: Date;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.startedAt = clock.now();
  }

  async health(): Promise<HealthResponse> {
    let database: HealthResponse['database'] = 'ok';
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      database = 'down';
    }
    return {
      status: database === 'ok' ? 'ok' : 'degraded',
      version: this.version,
      database,
      uptimeSeconds: Math.max(0, Math.floor((this.clock.now().getTime() - this.startedAt.getTime()) / 1000)),
    };
  }

  info(): SystemInfoResponse {
    return {
      product: 'Fleetward',
      version: this.version,
      databaseType: this.config.database.type,
      startedAt: this.startedAt.toISOString(),
    };
  }
}
