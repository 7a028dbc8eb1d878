import { describe, expect, it } from 'vitest';
import { allocateAddresses } from './addresses';
import { SimulatorOptionsError } from './simulator.errors';

describe('allocateAddresses', () => {
  it('counts upward from the base address', () => {
    expect(allocateAddresses('127.1.0.1', 3)).toEqual(['127.1.0.1', '127.1.0.2', '127.1.0.3']);
  });

  it('skips .255 and .0 when crossing an octet', () => {
    expect(allocateAddresses('127.1.0.253', 4)).toEqual(['127.1.0.253', '127.1.0.254', '127.1.1.1', '127.1.1.2']);
  });

  it('gives 1,000 distinct addresses, none ending in .0 or .255', () => {
    const addresses = allocateAddresses('127.1.0.1', 1000);
    expect(new Set(addresses).size).toBe(1000);
    expect(addresses.every((a) => !a.endsWith('.0') && !a.endsWith('.255'))).toBe(true);
    expect(addresses.at(-1)).toBe('127.1.3.238');
  });

  it('refuses anything outside 127.0.0.0/8', () => {
    expect(() => allocateAddresses('10.0.0.1', 1)).toThrow(SimulatorOptionsError);
    expect(() => allocateAddresses('127.255.255.250', 10)).toThrow(/would leave 127/);
    expect(() => allocateAddresses('127.1.0.0', 1)).toThrow(/must not end in/);
    expect(() => allocateAddresses('not-an-ip', 1)).toThrow(/not an IPv4/);
  });
});
