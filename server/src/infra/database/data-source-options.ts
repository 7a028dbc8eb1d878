import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';

/**
 * TypeORM options for the configured database. Migrations always run at start; `synchronize` never.
 * `entities` is filled by @nestjs/typeorm (autoLoadEntities) in the server, left empty in CLIs that use SQL.
 */
export function buildDataSourceOptions(
  database: DatabaseConfig,
  extra: { entities?: DataSourceOptions['entities'] } = {},
): DataSourceOptions {
  const common = {
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logging: false as const,
    entities: extra.entities ?? [],
  };
  switch (database.type) {
    case 'sqlite':
      mkdirSync(path.dirname(database.file), { recursive: true, mode: 0o700 });
      return { ...common, type: 'better-sqlite3', database: database.file, enableWAL: true };
    case 'postgres':
      return database.schema === undefined
        ? { ...common, type: 'postgres', url: database.url }
        : {
            ...common,
            type: 'postgres',
            url: database.url,
            schema: database.schema,
            // Raw SQL (health ping, key rotation, reports) resolves unqualified names in the same schema.
            extra: { options: `-c search_path=${database.schema}` },
          };
    case 'mssql':
      return {
        ...common,
        type: 'mssql',
        host: database.host,
        port: database.port,
        username: database.username,
        password: database.password,
        database: database.database,
        options: { encrypt: true, trustServerCertificate: database.trustServerCertificate },
      };
  }
}
