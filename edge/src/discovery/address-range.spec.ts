import { describe, expect, it } from 'vitest';
import { expandRange } from './address-range';

describe('expandRange', () => {
  it('expands a CIDR without network and broadcast addresses', () => {
    const list = expandRange('127.1.0.0/30', 100);
    expect(list).toEqual(['127.1.0.1', '127.1.0.2']);
    expect(expandRange('127.1.0.0/24', 1000)).toHaveLength(254);
    expect(expandRange('127.1.0.7/32', 10)).toEqual(['127.1.0.7']);
  });
  it('expands ranges and single addresses', () => {
    expect(expandRange('10.0.0.254-10.0.1.1', 10)).toEqual(['10.0.0.254', '10.0.0.255', '10.0.1.0', '10.0.1.1']);
    expect(expandRange('10.0.0.10-12', 10)).toEqual(['10.0.0.10', '10.0.0.11', '10.0.0.12']);
    expect(expandRange('192.0.2.5', 10)).toEqual(['192.0.2.5']);
  });
  it('refuses bad input and ranges above the limit', () => {
    expect(() => expandRange('10.0.0.0/8', 4096)).toThrow(/limit is 4096/);
    expect(() => expandRange('10.0.0.9-10.0.0.1', 10)).toThrow(/ends before/);
    expect(() => expandRange('printer.local', 10)).toThrow(/not an IPv4/);
    expect(() => expandRange('10.0.0.300', 10)).toThrow(/not an IPv4/);
    expect(() => expandRange('10.0.0.0/33', 10)).toThrow(/prefix/);
  });
});
