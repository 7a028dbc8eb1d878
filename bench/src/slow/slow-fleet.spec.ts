import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../simulator';
import { seededRandom } from './lossy-udp-proxy';
import { checkAgainstView, planSlowFleet } from './slow-fleet';

describe('planSlowFleet', () => {
  it('makes 1 in 20 devices dead, 1 in 10 lossy, the rest slow, all answering after 20-50 ms', () => {
    const plan = planSlowFleet(1000);
    const count = (role: string): number => plan.devices.filter((d) => d.role === role).length;
    expect([count('dead'), count('lossy'), count('slow')]).toEqual([50, 100, 850]);
    expect(Math.min(...plan.devices.map((d) => d.delayMs))).toBe(20);
    expect(Math.max(...plan.devices.map((d) => d.delayMs))).toBe(50);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('checkAgainstView', () => {
  const view = {
    identity: { serialNumber: 'S1', sysName: 'mfp-1' },
    counters: { total: 1000 },
    status: { errors: ['lowToner'] },
    supplies: [{ index: 1, level: 40 }],
  } as unknown as DeviceView;
  const doc = (patch: Record<string, unknown> = {}): Record<string, unknown> => ({
    ok: true,
    identity: { serialNumber: 'S1', sysName: 'mfp-1' },
    counters: { total: 1000 },
    status: { errors: ['lowToner'] },
    supplies: [{ index: 1, raw: { level: 40 } }],
    unreadable: [],
    ...patch,
  });

  it('accepts a document equal to the simulator state', () => {
    expect(checkAgainstView(doc(), view, 'slow')).toEqual({ kind: 'correct' });
  });

  it('calls a document with unreadable parts partial, as long as what it shows is right', () => {
    const partial = doc({ supplies: [], unreadable: [{ item: 'supplies', reason: 'timeout' }] });
    expect(checkAgainstView(partial, view, 'lossy')).toEqual({ kind: 'partial', missing: ['supplies'] });
  });

  it('calls any different value wrong', () => {
    expect(checkAgainstView(doc({ counters: { total: 0 } }), view, 'slow').kind).toBe('wrong');
    expect(checkAgainstView(doc({ supplies: [{ index: 1, raw: { level: 39 } }] }), view, 'slow').kind).toBe('wrong');
  });

  it('a dead device reported as answering is wrong; reported as a timeout it is a failure', () => {
    expect(checkAgainstView(doc(), view, 'dead').kind).toBe('wrong');
    expect(checkAgainstView({ ok: false, error: { code: 'timeout' } }, view, 'dead')).toEqual({
      kind: 'failed',
      code: 'timeout',
    });
  });
});
