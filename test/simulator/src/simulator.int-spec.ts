import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator';
import { DeviceNotFoundError } from './simulator.errors';
import { SnmpBindError } from './snmp/snmp-agent';

describe('startSimulator', () => {
  const running: Simulator[] = [];
  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
  });

  it('gives each device its own address, round-robin families and the same fleet for the same seed', async () => {
    const a = await startSimulator({
      devices: 5,
      baseAddress: '127.2.3.1',
      port: 16191,
      seed: 11,
      families: ['generic', 'p4700'],
    });
    running.push(a);
    expect(a.devices.map((d) => d.address)).toEqual(['127.2.3.1', '127.2.3.2', '127.2.3.3', '127.2.3.4', '127.2.3.5']);
    expect(a.devices.map((d) => d.family)).toEqual(['generic', 'p4700', 'generic', 'p4700', 'generic']);
    expect(a.device('127.2.3.4').model.identity.macAddress).toBe('00:20:6b:00:00:04');
    expect(() => a.device('127.2.3.9')).toThrow(DeviceNotFoundError);

    const b = await startSimulator({
      devices: 5,
      baseAddress: '127.2.4.1',
      port: 16191,
      seed: 11,
      families: ['generic', 'p4700'],
    });
    running.push(b);
    expect(b.devices.map((d) => d.model.identity.serialNumber)).toEqual(
      a.devices.map((d) => d.model.identity.serialNumber),
    );
  });

  it('fails with SnmpBindError and releases what it bound when an address is taken', async () => {
    const first = await startSimulator({ devices: 1, baseAddress: '127.2.5.3', port: 16192 });
    running.push(first);
    await expect(startSimulator({ devices: 5, baseAddress: '127.2.5.1', port: 16192 })).rejects.toThrow(SnmpBindError);
    // The addresses the failed start had bound are free again.
    const again = await startSimulator({ devices: 2, baseAddress: '127.2.5.1', port: 16192 });
    running.push(again);
    expect(again.devices).toHaveLength(2);
  });
});
