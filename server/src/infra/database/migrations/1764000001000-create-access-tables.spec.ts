import { describe, expect, it } from 'vitest';
import { mssqlDdl } from '../../../../../test/support/mssql-ddl';

/*
 * Checks on the SQL Server DDL what SQL Server is known to reject: an explicit boolean type, `timestamp` (rowversion
 * there) / `datetime`, and two cascade paths from one table to another ("may cause cycles or multiple cascade paths").
 */

function cascadeGraph(ddl: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const statement of ddl) {
    const table = /^CREATE TABLE "([^"]+)"/.exec(statement)?.[1];
    if (!table) continue;
    for (const fk of statement.matchAll(/REFERENCES "([^"]+)" \([^)]*\) ON DELETE (CASCADE|SET NULL)/g)) {
      const parent = fk[1]!;
      graph.set(parent, [...(graph.get(parent) ?? []), table]);
    }
  }
  return graph;
}

function pathCounts(graph: Map<string, string[]>, from: string): Map<string, number> {
  const counts = new Map<string, number>();
  const walk = (node: string): void => {
    for (const child of graph.get(node) ?? []) {
      counts.set(child, (counts.get(child) ?? 0) + 1);
      walk(child);
    }
  };
  walk(from);
  return counts;
}

describe('CreateAccessTables on SQL Server (DDL only)', () => {
  it('uses bit for booleans and no driver-specific date types', async () => {
    const ddl = (await mssqlDdl()).join('\n');
    expect(ddl).toContain('CREATE TABLE "roles"');
    expect(ddl).toMatch(/"all_device_groups" bit NOT NULL/);
    expect(ddl).not.toMatch(/\bboolean\b|\btimestamp\b|\bdatetime\b/i);
  });

  it('never reaches one table through two cascade paths from the same table', async () => {
    const graph = cascadeGraph(await mssqlDdl());
    expect(graph.get('roles')).toEqual(
      expect.arrayContaining([
        'role_permissions',
        'role_device_groups',
        'role_edges',
        'role_members',
        'role_administrators',
      ]),
    );
    const multiple = [...graph.keys()].flatMap((from) =>
      [...pathCounts(graph, from)].filter(([, n]) => n > 1).map(([to, n]) => `${from} → ${to}: ${n} paths`),
    );
    expect(multiple).toEqual([]);
  });

  it('the path check itself sees a diamond (a → b → d, a → c → d)', () => {
    const graph = cascadeGraph([
      'CREATE TABLE "b" (CONSTRAINT "x" FOREIGN KEY ("a_id") REFERENCES "a" ("id") ON DELETE CASCADE)',
      'CREATE TABLE "c" (CONSTRAINT "x" FOREIGN KEY ("a_id") REFERENCES "a" ("id") ON DELETE SET NULL)',
      'CREATE TABLE "d" (CONSTRAINT "x" FOREIGN KEY ("b_id") REFERENCES "b" ("id") ON DELETE CASCADE, ' +
        'CONSTRAINT "y" FOREIGN KEY ("c_id") REFERENCES "c" ("id") ON DELETE CASCADE)',
    ]);
    expect(pathCounts(graph, 'a').get('d')).toBe(2);
  });
});
