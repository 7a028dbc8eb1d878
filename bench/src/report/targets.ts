import type { ApiSizeResult, BenchDatabase } from '../server/server-bench.types';
import type { BenchResult } from './bench-result';
import { atLeast, atMost, ratio, type TargetResult } from './stats';

/** Device count of the API target (issue 6: "p95 under 100 ms at 100,000 devices"). */
export const API_TARGET_DEVICES = 100_000;
export const API_TARGET_P95_MS = 100;
const DATABASE_LABEL: Record<BenchDatabase, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/** The slowest device-list query (by p95) of one database size; null when no list query ran. */
export function worstListP95(size: ApiSizeResult): { p95: number; label: string } | null {
  let worst: { p95: number; label: string } | null = null;
  for (const s of size.scenarios) {
    if (s.kind === 'list' && (worst === null || s.p95 > worst.p95)) worst = { p95: s.p95, label: s.label };
  }
  return worst;
}

/** The API target for one database: the slowest list query's p95 at the largest size of at least 100,000. */
export function apiTarget(result: Pick<BenchResult, 'server'>, database: BenchDatabase): TargetResult {
  const id = `api-p95-${database}`;
  const description = `API ${DATABASE_LABEL[database]}: device list p95 < ${API_TARGET_P95_MS} ms at 100,000 devices`;
  if (!('runs' in result.server)) return notMeasured(id, description, 'API latency not measured');
  const run = result.server.runs.find((r) => r.database === database);
  if (!run) {
    const skipped = result.server.skipped.find((s) => s.database === database);
    return notMeasured(id, description, skipped?.reason ?? `${DATABASE_LABEL[database]} not measured`);
  }
  const size = (run.api ?? []).filter((a) => a.devices >= API_TARGET_DEVICES).sort((a, b) => b.devices - a.devices)[0];
  const worst = size ? worstListP95(size) : null;
  if (!size || !worst) {
    return notMeasured(id, description, 'no run with 100,000 devices (--api-devices 100000)');
  }
  const t = atMost(id, description, worst.p95, API_TARGET_P95_MS, ' ms');
  return { ...t, detail: `${t.detail} (slowest: ${worst.label})` };
}

const MB = 1024 * 1024;

/** The benchmark issue's targets, judged on what this run measured. */
export function evaluateTargets(
  result: Pick<BenchResult, 'polling' | 'peer' | 'slow'> & Partial<Pick<BenchResult, 'server'>>,
): TargetResult[] {
  const polling = 'v2c' in result.polling ? result.polling : null;
  const peer = 'v2c' in result.peer ? result.peer : null;
  const slow = 'byRole' in result.slow ? result.slow : null;
  const targets: TargetResult[] = [];

  const speed = peer ? ratio(polling?.v2c.devicesPerSecond, peer.v2c.devicesPerSecond) : null;
  targets.push(
    speed === null
      ? notMeasured(
          'v2c-speed',
          'v2c 5,000 devices: >= 3x the peer devices/s',
          peer ? 'no Fleetward figure' : 'peer not measured',
        )
      : atLeast('v2c-speed', 'v2c 5,000 devices: >= 3x the peer devices/s', speed, 3, 'x'),
  );
  const cpu = peer ? ratio(polling?.v2c.cpuSecondsPer1000, peer.v2c.cpuSecondsPer1000) : null;
  targets.push(
    cpu === null
      ? notMeasured(
          'v2c-cpu',
          'v2c: CPU per device <= 1/4 of the peer',
          peer ? 'no Fleetward figure' : 'peer not measured',
        )
      : atMost('v2c-cpu', 'v2c: CPU per device <= 1/4 of the peer', cpu, 0.25, 'x'),
  );
  const v3 = polling ? ratio(polling.v3.cpuSecondsPer1000, polling.v2c.cpuSecondsPer1000) : null;
  targets.push(
    v3 === null
      ? notMeasured('v3-cost', 'v3 authPriv CPU per device <= 1.5x v2c', 'polling not measured')
      : atMost('v3-cost', 'v3 authPriv CPU per device <= 1.5x v2c', v3, 1.5, 'x'),
  );
  const memory = polling && 'devicesPerSecond' in polling.memory ? polling.memory : null;
  if (memory && memory.devices >= 10_000 && memory.peakRssBytes !== null) {
    targets.push(atMost('rss-10k', '10,000 devices per edge: peak RSS < 250 MB', memory.peakRssBytes / MB, 250, ' MB'));
  } else {
    targets.push(
      notMeasured(
        'rss-10k',
        '10,000 devices per edge: peak RSS < 250 MB',
        'no run with 10,000 devices (--memory-devices 10000)',
      ),
    );
  }
  if (slow) {
    const wrong = Object.values(slow.byRole).reduce((n, r) => n + r.wrong, 0);
    targets.push(atMost('slow-wrong', 'slow fleet: no device reported wrongly', wrong, 0, ' wrong'));
    const dead = slow.byRole.dead;
    const deadCount = slow.composition.dead;
    if (!dead || dead.unreachable !== deadCount) {
      targets.push({
        id: 'slow-unreachable',
        description: 'slow fleet: unreachable devices reported unreachable within the timeout',
        status: 'missed',
        measured: dead?.unreachable ?? 0,
        limit: deadCount,
        detail: `${dead?.unreachable ?? 0} of ${deadCount} dead devices reported unreachable`,
      });
    } else {
      targets.push(
        atMost(
          'slow-unreachable',
          'slow fleet: unreachable devices reported unreachable within the timeout',
          slow.deadMaxDurationMs,
          slow.unreachableLimitMs,
          ' ms',
        ),
      );
    }
  } else {
    targets.push(notMeasured('slow-wrong', 'slow fleet: no device reported wrongly', 'slow fleet not measured'));
    targets.push(
      notMeasured(
        'slow-unreachable',
        'slow fleet: unreachable devices reported unreachable within the timeout',
        'slow fleet not measured',
      ),
    );
  }
  const server = { server: result.server ?? { skipped: 'not measured' } };
  targets.push(apiTarget(server, 'sqlite'), apiTarget(server, 'postgres'));
  return targets;
}

function notMeasured(id: string, description: string, why: string): TargetResult {
  return { id, description, status: 'not measured', measured: null, limit: 0, detail: why };
}
