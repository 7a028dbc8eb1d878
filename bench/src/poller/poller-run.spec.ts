import { describe, expect, it } from 'vitest';
import { sweepFiguresFromProbe } from './poller-run';

describe('sweepFiguresFromProbe', () => {
  it('gives each sweep the CPU used since the previous mark, the first one since the first socket', () => {
    const { sweeps, startupCpu } = sweepFiguresFromProbe([
      { event: 'start', cpuUser: 0.1, cpuSystem: 0.02, rss: 50 },
      { event: 'sweep', sweep: 1, ms: 1000, devices: 100, cpuUser: 0.9, cpuSystem: 0.12, rss: 80 },
      { event: 'sweep', sweep: 2, ms: 500, devices: 100, cpuUser: 1.3, cpuSystem: 0.22, rss: 90 },
      { event: 'exit', cpuUser: 1.4, cpuSystem: 0.23, rss: 90, ruUser: 1.4, ruSystem: 0.23, maxRss: 100 },
    ]);
    expect(startupCpu).toBeCloseTo(0.12);
    expect(sweeps.map((s) => s.sweep)).toEqual([1, 2]);
    expect(sweeps[0]!.cpuSeconds).toBeCloseTo(0.9);
    expect(sweeps[1]!.cpuSeconds).toBeCloseTo(0.5);
    expect(sweeps[1]).toMatchObject({ ms: 500, devices: 100, rss: 90 });
  });

  it('fails when the poller never opened a socket', () => {
    expect(() => sweepFiguresFromProbe([{ event: 'exit', cpuUser: 0, cpuSystem: 0, rss: 0 }])).toThrow(
      /no "start" mark/,
    );
  });
});
