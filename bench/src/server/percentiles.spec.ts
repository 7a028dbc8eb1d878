import { describe, expect, it } from 'vitest';
import { latencyFigures, percentile } from './percentiles';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('gives the smallest value with at least p % of the values at or below it', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 95)).toBe(30);
    expect(percentile([7], 99)).toBe(7);
  });

  it('refuses an empty list and a percentile outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('latencyFigures', () => {
  it('sorts a copy and reports p50/p95/p99, mean, max and count', () => {
    const input = [5, 1, 4, 2, 3, 100, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
    const sut = latencyFigures(input);
    expect(sut).toMatchObject({ count: 20, p50: 10, p95: 19, p99: 100, max: 100 });
    expect(sut.mean).toBeCloseTo((190 + 100) / 20);
    expect(input[0]).toBe(5); // input untouched
  });

  it('a single slow request moves p99 but not p95 of 200 requests', () => {
    const fast = Array.from({ length: 199 }, () => 10);
    expect(latencyFigures([...fast, 900])).toMatchObject({ p50: 10, p95: 10, p99: 10, max: 900 });
    expect(latencyFigures([...fast.slice(2), 900, 900, 900])).toMatchObject({ p95: 10, p99: 900 });
  });
});
