import { describe, expect, it } from 'vitest';
import { deriveSeed, Prng } from './prng';

describe('Prng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('keeps integers inside the range and picks from the list', () => {
    const prng = new Prng(7);
    const values = Array.from({ length: 1000 }, () => prng.int(3, 5));
    expect(new Set(values)).toEqual(new Set([3, 4, 5]));
    expect(['a', 'b']).toContain(prng.pick(['a', 'b']));
    expect(() => prng.pick([])).toThrow(RangeError);
    expect(prng.chance(0)).toBe(false);
  });

  it('derives different, stable seeds per device', () => {
    expect(deriveSeed(1, 1)).toBe(deriveSeed(1, 1));
    expect(deriveSeed(1, 1)).not.toBe(deriveSeed(1, 2));
    expect(deriveSeed(1, 1)).not.toBe(deriveSeed(2, 1));
  });
});
