import { describe, expect, it } from 'vitest';
import { atLeast, atMost, fmt, median, ratio, throughputFigures } from './stats';

describe('median', () => {
  it('takes the middle value of an odd list and the mean of the two middle values of an even one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('does not reorder its input', () => {
    const input = [3, 1, 2];
    median(input);
    expect(input).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('ratio', () => {
  it('divides, and gives null when a side is missing or the divisor is 0', () => {
    expect(ratio(6, 2)).toBe(3);
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(1, undefined)).toBeNull();
    expect(ratio(1, 0)).toBeNull();
  });
});

describe('throughputFigures', () => {
  it('reports the first sweep as cold and the median of the later ones as warm', () => {
    const sut = throughputFigures([
      { ms: 2000, devices: 1000, cpuSeconds: 1 },
      { ms: 500, devices: 1000, cpuSeconds: 0.2 },
      { ms: 250, devices: 1000, cpuSeconds: 0.1 },
      { ms: 1000, devices: 1000, cpuSeconds: 0.3 },
    ]);
    expect(sut.coldDevicesPerSecond).toBe(500);
    expect(sut.coldCpuSecondsPer1000).toBe(1);
    expect(sut.devicesPerSecond).toBe(2000);
    expect(sut.cpuSecondsPer1000).toBeCloseTo(0.2);
    expect(sut.warmSweeps).toBe(3);
  });

  it('needs a warm sweep', () => {
    expect(() => throughputFigures([{ ms: 1, devices: 1, cpuSeconds: 0 }])).toThrow(RangeError);
  });
});

describe('targets', () => {
  it('atLeast says how far short a missed target is', () => {
    expect(atLeast('x', 'speed', 1.5, 3, 'x')).toMatchObject({
      status: 'missed',
      detail: '1.50x, needs 3.00x: 2.00x short',
    });
    expect(atLeast('x', 'speed', 3.2, 3, 'x').status).toBe('met');
  });

  it('atMost says how far over a missed target is', () => {
    expect(atMost('m', 'rss', 500, 250, ' MB')).toMatchObject({
      status: 'missed',
      detail: '500 MB, limit 250 MB: 2.00x over',
    });
    expect(atMost('m', 'rss', 200, 250, ' MB').status).toBe('met');
  });

  it('a missing figure is "not measured", never met', () => {
    expect(atMost('m', 'rss', null, 250, ' MB').status).toBe('not measured');
    expect(atLeast('m', 'speed', null, 3, 'x').status).toBe('not measured');
  });
});

describe('fmt', () => {
  it('keeps about three significant digits', () => {
    expect(fmt(1234.5)).toBe('1235');
    expect(fmt(12.345)).toBe('12.3');
    expect(fmt(1.2345)).toBe('1.23');
    expect(fmt(0.12345)).toBe('0.123');
  });
});
