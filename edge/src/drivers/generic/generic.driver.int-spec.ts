import type { DeviceSnapshot, DeviceTarget, PollResult, SnmpCredentials } from '@fleetward/contracts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevicePoller } from '../../poller/device-poller';
import { SnmpClientPool } from '../../poller/snmp-client-pool';

// The device simulator (helper D, test/simulator) over real UDP on 127.3.1.x.
const SIM_INDEX = path.resolve(__dirname, '../../../../test/simulator/src/index.ts');
const simPresent = existsSync(SIM_INDEX);
if (!simPresent) console.log('skipped: test/simulator not present');

type Sim = Awaited<ReturnType<typeof import('../../../../test/simulator/src/index').startSimulator>>;

const PORT = 16200;
const V3: SnmpCredentials = {
  version: '3',
  user: 'fleetward',
  level: 'authPriv',
  authProtocol: 'sha',
  authKey: 'fleetward-auth-key',
  privProtocol: 'aes',
  privKey: 'fleetward-priv-key',
};

function ok(r: PollResult): DeviceSnapshot {
  if (!r.ok) throw new Error(`poll of ${r.target.host} failed: ${r.error.code} ${r.error.message}`);
  return r;
}

describe.skipIf(!simPresent)('GenericPrinterDriver against the device simulator (real UDP)', () => {
  let sim: Sim;
  let poller: DevicePoller;
  const target = (host: string, snmp: SnmpCredentials = { version: '2c', community: 'public' }): DeviceTarget => ({
    host,
    port: PORT,
    snmp,
    timeoutMs: 500,
    retries: 0,
  });

  beforeAll(async () => {
    const { startSimulator } = await import('../../../../test/simulator/src/index');
    sim = await startSimulator({
      devices: 4,
      baseAddress: '127.3.1.1',
      port: PORT,
      seed: 7,
      tickMs: false,
      autoFaults: false,
    });
    poller = new DevicePoller({ pool: new SnmpClientPool({ shareSocket: true }) });
  });

  afterAll(async () => {
    poller?.close();
    await sim?.stop();
  });

  it('reads identity, counters, supplies and trays that match the model (v2c)', async () => {
    const device = sim.devices[0]!;
    const view = device.model;
    const s = ok(await poller.poll(target(device.address)));
    expect(s.identity.serialNumber).toBe(view.identity.serialNumber);
    expect(s.identity.sysObjectId).toBe(view.identity.sysObjectId);
    expect(s.counters.total).toBe(view.counters.total);
    expect(s.supplies.map((x) => x.index)).toEqual(view.supplies.map((x) => x.index));
    for (const sup of view.supplies) {
      const got = s.supplies.find((x) => x.index === sup.index)!;
      expect(got.raw.level).toBe(sup.level);
      expect(got.raw.max).toBe(sup.maxCapacity);
      expect(got.class).toBe(
        sup.class === 'receptacleThatIsFilled'
          ? 'receptacle'
          : sup.class === 'supplyThatIsConsumed'
            ? 'consumed'
            : got.class,
      );
    }
    expect(s.trays.length).toBe(view.trays.length);
    expect(s.status.device).toBe(view.status.device);
  });

  it('reads the same device over SNMPv3 authPriv (SHA + AES)', async () => {
    const device = sim.devices[1]!;
    const s = ok(await poller.poll(target(device.address, V3)));
    expect(s.target.snmpVersion).toBe('3');
    expect(s.identity.serialNumber).toBe(device.model.identity.serialNumber);
  });

  it('shows a jam and an empty toner injected into the model', async () => {
    const device = sim.devices[2]!;
    device.inject('jam');
    const black = device.model.supplies.find((x) => x.colorant === 'black' || /black/i.test(x.description));
    if (black) device.inject('tonerOut', { color: 'black' });
    const s = ok(await poller.poll(target(device.address)));
    expect(s.status.errors).toContain('jammed');
    expect(s.status.overall).toBe('error');
    expect(s.alerts.map((a) => a.code)).toContain('jam');
    if (black) {
      expect(s.status.errors).toContain('noToner');
      expect(s.supplies.find((x) => x.index === black.index)?.state).toBe('empty');
    }
    device.clear('jam');
    const after = ok(await poller.poll(target(device.address)));
    expect(after.status.errors).not.toContain('jammed');
  });

  it('gives one result per device in a batch, with the unreachable one failed', async () => {
    const device = sim.devices[3]!;
    device.inject('unreachable');
    const targets = [...sim.devices.map((d) => target(d.address)), target('127.3.1.250')];
    const results = await poller.pollMany(targets, 8);
    expect(results).toHaveLength(5);
    expect(results.map((r) => r.target.host)).toEqual(targets.map((t) => t.host));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(results[4]).toMatchObject({ ok: false, error: { code: 'timeout' } });
    device.clear('unreachable');
  });

  it('reports rotated SNMPv3 credentials as an authentication failure', async () => {
    const device = sim.devices[0]!;
    device.inject('wrongCredentials');
    const r = await poller.poll(target(device.address, { ...V3, user: 'fleetward' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(['unknownUser', 'wrongAuthentication', 'decryptionError']).toContain(r.error.code);
    device.clear('wrongCredentials');
  });
});
