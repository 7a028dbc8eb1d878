import type { DeviceTarget } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../common/edge-error';
import { KnownDeviceRegistry, normalizeAddress, parseAllowList } from './known-device-registry';

const target = (host: string, community = 'public'): DeviceTarget => ({
  host,
  port: 161,
  snmp: { version: '2c', community },
});

describe('KnownDeviceRegistry', () => {
  it('knows registered targets by address, IPv4-mapped IPv6 included, and refuses others', () => {
    const registry = new KnownDeviceRegistry({ maxDevices: 10 });
    registry.register(target('10.0.0.5'));
    expect(registry.check('10.0.0.5')).toEqual({ known: true, target: target('10.0.0.5') });
    expect(registry.check('::ffff:10.0.0.5')).toMatchObject({ known: true });
    expect(registry.check('10.0.0.6')).toEqual({ known: false, allowed: false });
  });

  it('keeps the newest credentials of a host', () => {
    const registry = new KnownDeviceRegistry({ maxDevices: 10 });
    registry.register(target('10.0.0.5', 'old'));
    registry.register(target('10.0.0.5', 'new'));
    expect(registry.size).toBe(1);
    expect(registry.lookup('10.0.0.5')?.snmp).toEqual({ version: '2c', community: 'new' });
  });

  it('is bounded: the least recently registered device is forgotten first', () => {
    const registry = new KnownDeviceRegistry({ maxDevices: 2 });
    registry.register(target('10.0.0.1'));
    registry.register(target('10.0.0.2'));
    registry.register(target('10.0.0.1')); // refreshed
    registry.register(target('10.0.0.3'));
    expect(registry.size).toBe(2);
    expect(registry.lookup('10.0.0.2')).toBeUndefined();
    expect(registry.lookup('10.0.0.1')).toBeDefined();
    expect(registry.lookup('10.0.0.3')).toBeDefined();
  });

  it('lets allow-listed senders in without a target', () => {
    const registry = new KnownDeviceRegistry({ maxDevices: 2, allow: ['192.0.2.0/24', '198.51.100.7', 'fd00::/8'] });
    expect(registry.check('192.0.2.200')).toEqual({ known: false, allowed: true });
    expect(registry.check('198.51.100.7')).toEqual({ known: false, allowed: true });
    expect(registry.check('198.51.100.8')).toEqual({ known: false, allowed: false });
    expect(registry.check('fd00::1')).toEqual({ known: false, allowed: true });
    expect(registry.check('')).toEqual({ known: false, allowed: false });
  });

  it('refuses bad allow entries and a bad bound', () => {
    expect(() => parseAllowList(['10.0.0.0/33'])).toThrow(InvalidRequestError);
    expect(() => parseAllowList(['printer.local'])).toThrow('"printer.local" is not an IP address or CIDR');
    expect(() => parseAllowList(['10.0.0.0/x'])).toThrow('bad prefix length');
    expect(() => new KnownDeviceRegistry({ maxDevices: 0 })).toThrow('maxDevices');
  });

  it('normalizes addresses', () => {
    expect(normalizeAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('FD00::1')).toBe('fd00::1');
  });
});
