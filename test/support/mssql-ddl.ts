import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../server/src/infra/database/migrations';

/**
 * The DDL every migration emits for SQL Server. SQL Server cannot run on this machine, but its driver builds the
 * statements without connecting (`enableSqlMemory`), so migration specs can check what SQL Server would reject.
 */
export async function mssqlDdl(): Promise<string[]> {
  const ds = new DataSource({
    type: 'mssql',
    host: '127.0.0.1',
    port: 1,
    username: 'unused',
    password: 'unused',
    database: 'unused',
    options: { trustServerCertificate: true },
  });
  const runner = ds.createQueryRunner();
  runner.enableSqlMemory();
  for (const Migration of MIGRATIONS) await new Migration().up(runner);
  return runner.getMemorySql().upQueries.map((q) => q.query);
}
