import { describe, expect, it } from 'vitest';
import {
  countInGroup,
  countWithStatus,
  SEED_GROUPS,
  SEED_STATES,
  seedChunks,
  seedDevice,
  seedDeviceId,
  seedDeviceName,
} from './seed-plan';

describe('seed plan', () => {
  it('is deterministic, with unique ids, names, addresses and serials ordered like the index', () => {
    expect(seedDevice(4242)).toEqual(seedDevice(4242));
    const devices = Array.from({ length: 70_000 }, (_, i) => seedDevice(i));
    for (const key of ['id', 'name', 'address', 'serialNumber'] as const) {
      expect(new Set(devices.map((d) => d[key])).size).toBe(devices.length);
    }
    expect(seedDeviceName(9) < seedDeviceName(10)).toBe(true);
    expect(seedDeviceId(99_999)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives every device a status, a last poll and one or two groups; every 50th was never seen', () => {
    const d0 = seedDevice(0);
    expect(d0.lastSeenAt).toBeNull();
    expect(d0.groups).toHaveLength(2);
    const d1 = seedDevice(1);
    expect(d1.lastSeenAt).toBeInstanceOf(Date);
    expect(d1.groups).toEqual([1]);
    expect(seedDevice(4).status).toBe('error');
    expect(seedDevice(4).statusErrors).toEqual(['jammed']);
    expect(seedDevice(6)).toMatchObject({ status: 'unreachable', lastPollOk: false });
    for (const pct of seedDevice(123).tonerPercent) expect(pct).toBeGreaterThanOrEqual(0);
  });

  it('counts what a status or group filter must total', () => {
    for (const n of [1, 6, 7, 1000, 10_001]) {
      const devices = Array.from({ length: n }, (_, i) => seedDevice(i));
      for (const s of SEED_STATES) {
        expect(countWithStatus(n, s)).toBe(devices.filter((d) => d.status === s).length);
      }
      expect(countInGroup(n, 1)).toBe(devices.filter((d) => d.groups.includes(1)).length);
    }
    expect(countInGroup(1000, SEED_GROUPS.length - 1)).toBeGreaterThan(0);
  });

  it('splits a range into chunks that cover it exactly', () => {
    expect(seedChunks(10_000, 11_200, 500)).toEqual([
      { from: 10_000, to: 10_500 },
      { from: 10_500, to: 11_000 },
      { from: 11_000, to: 11_200 },
    ]);
    expect(seedChunks(5, 5, 500)).toEqual([]);
    expect(() => seedChunks(0, 1, 0)).toThrow(RangeError);
  });

  it('refuses an index outside what the address scheme can hold', () => {
    expect(() => seedDevice(-1)).toThrow(RangeError);
    expect(() => seedDevice(16_777_216)).toThrow(RangeError);
  });
});
