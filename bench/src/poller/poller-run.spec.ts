import { describe, expect, it } from 'vitest';
import { inFlightFigures, sweepFiguresFromProbe } from './poller-run';

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

describe('inFlightFigures', () => {
  const sweep = (n: number, inFlight?: { max: number; mean: number }) => ({
    sweep: n,
    ms: 100,
    devices: 10,
    cpuSeconds: 1,
    rss: 1,
    heapUsed: 1,
    ...(inFlight ? { inFlight } : {}),
  });

  it('gives the median of the warm sweeps’ means and the most in flight, leaving out the cold sweep', () => {
    const { sweeps } = sweepFiguresFromProbe([
      { event: 'start', cpuUser: 0, cpuSystem: 0, rss: 1 },
      {
        event: 'sweep',
        sweep: 1,
        ms: 9,
        devices: 9,
        cpuUser: 1,
        cpuSystem: 0,
        rss: 1,
        inFlightMax: 500,
        inFlightMean: 400,
      },
      {
        event: 'sweep',
        sweep: 2,
        ms: 9,
        devices: 9,
        cpuUser: 2,
        cpuSystem: 0,
        rss: 1,
        inFlightMax: 40,
        inFlightMean: 30,
      },
    ]);
    expect(sweeps[1]!.inFlight).toEqual({ max: 40, mean: 30 });
    expect(
      inFlightFigures([
        sweep(1, { max: 500, mean: 400 }),
        sweep(2, { max: 41, mean: 31 }),
        sweep(3, { max: 60, mean: 20 }),
        sweep(4, { max: 33, mean: 35 }),
      ]),
    ).toEqual({ inFlight: { mean: 31, max: 60 } });
  });

  it('gives nothing when a warm sweep did not report it (an older poll command)', () => {
    expect(inFlightFigures([sweep(1, { max: 5, mean: 5 }), sweep(2), sweep(3, { max: 5, mean: 5 })])).toEqual({});
    expect(inFlightFigures([sweep(1), sweep(2)])).toEqual({});
  });
});
