import type { BenchResult } from './bench-result';
import { atLeast, atMost, ratio, type TargetResult } from './stats';

const MB = 1024 * 1024;

/** The benchmark issue's targets, judged on what this run measured. */
export function evaluateTargets(result: Pick<BenchResult, 'polling' | 'peer' | 'slow'>): TargetResult[] {
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
  return targets;
}

function notMeasured(id: string, description: string, why: string): TargetResult {
  return { id, description, status: 'not measured', measured: null, limit: 0, detail: why };
}
