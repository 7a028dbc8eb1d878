import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator';

describe('control API', () => {
  let sim: Simulator;
  let base: string;

  beforeAll(async () => {
    sim = await startSimulator({
      devices: 3,
      baseAddress: '127.2.1.1',
      port: 16171,
      families: ['i-series', 'generic', 'p4700'],
      seed: 3,
      controlPort: 0,
    });
    base = sim.controlUrl!;
  });

  afterAll(async () => {
    await sim?.stop();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('listens on 127.0.0.1 only', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lists every device with address, family, model, serial and status', async () => {
    const res = await fetch(`${base}/devices`);
    expect(res.status).toBe(200);
    const list = (await res.json()) as { address: string; family: string; serialNumber: string; status: unknown }[];
    expect(list.map((d) => d.address)).toEqual(['127.2.1.1', '127.2.1.2', '127.2.1.3']);
    expect(list.map((d) => d.family)).toEqual(['i-series', 'generic', 'p4700']);
    expect(list[0]!.serialNumber).toBe(sim.devices[0]!.model.identity.serialNumber);
  });

  it('shows one device in full', async () => {
    const res = await fetch(`${base}/devices/127.2.1.2`);
    const body = (await res.json()) as {
      address: string;
      port: number;
      supplies: unknown[];
      identity: { model: string };
    };
    expect(res.status).toBe(200);
    expect(body.address).toBe('127.2.1.2');
    expect(body.port).toBe(16171);
    expect(body.supplies).toHaveLength(sim.devices[1]!.model.supplies.length);
  });

  it('injects and clears a fault', async () => {
    const injected = await post('/devices/127.2.1.3/faults', { fault: 'doorOpen' });
    expect(injected.status).toBe(200);
    expect(((await injected.json()) as { faults: string[] }).faults).toContain('doorOpen');
    expect(sim.device('127.2.1.3').model.status.errors).toContain('doorOpen');

    const cleared = await fetch(`${base}/devices/127.2.1.3/faults/doorOpen`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(sim.device('127.2.1.3').model.status.errors).not.toContain('doorOpen');
  });

  it('passes validated fault options through', async () => {
    const res = await post('/devices/127.2.1.2/faults', { fault: 'tonerOut', options: { color: 'cyan' } });
    expect(res.status).toBe(200);
    expect(sim.device('127.2.1.2').model.supplies.find((s) => s.colorant === 'cyan')!.level).toBe(0);
    const bad = await post('/devices/127.2.1.2/faults', { fault: 'tonerOut', options: { color: 'purple' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('SIM_UNKNOWN_FAULT');
    await fetch(`${base}/devices/127.2.1.2/faults/tonerOut`, { method: 'DELETE' });
  });

  it('prints pages', async () => {
    const before = sim.device('127.2.1.1').model.counters.total;
    const res = await post('/devices/127.2.1.1/print', { pages: 4, color: true, duplex: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ requested: 4, printed: 4, blockedBy: null });
    expect(sim.device('127.2.1.1').model.counters.total).toBe(before + 4);
  });

  it('shows the readable settings and changes one at the panel, without a password', async () => {
    const put = (key: string, value: unknown) =>
      fetch(`${base}/devices/127.2.1.3/settings/${key}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value }),
      });
    const changed = await put('time.timeZone', 'Europe/Paris');
    expect(changed.status).toBe(200);
    const view = (await (await fetch(`${base}/devices/127.2.1.3/settings`)).json()) as {
      applyCount: number;
      values: Record<string, unknown>;
    };
    expect(view.values['time.timeZone']).toBe('Europe/Paris');
    expect(view.values).not.toHaveProperty('security.adminPassword');
    expect(view.applyCount).toBe(0);
    expect(sim.device('127.2.1.3').settings.peek('time.timeZone')).toBe('Europe/Paris');
    expect((await put('time.timeZone', 'Mars/Olympus')).status).toBe(400);
    expect((await put('addressBook.users', [])).status).toBe(404);
  });

  it('answers bad requests with a code and a message', async () => {
    const unknownDevice = await fetch(`${base}/devices/127.9.9.9`);
    expect(unknownDevice.status).toBe(404);
    expect(((await unknownDevice.json()) as { code: string }).code).toBe('SIM_DEVICE_NOT_FOUND');

    expect((await post('/devices/127.2.1.1/faults', { fault: 'meltdown' })).status).toBe(400);
    expect((await post('/devices/127.2.1.1/print', { pages: -1 })).status).toBe(400);
    expect((await post('/devices/127.2.1.1/print', { pages: 1, colour: true })).status).toBe(400);
    expect((await post('/devices/127.3.1.1/print', { pages: 1 })).status).toBe(404);
    const notJson = await fetch(`${base}/devices/127.2.1.1/print`, { method: 'POST', body: 'pages=1' });
    expect(notJson.status).toBe(415);
    const broken = await fetch(`${base}/devices/127.2.1.1/print`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"pages":',
    });
    expect(broken.status).toBe(400);
    expect((await fetch(`${base}/devices`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });
});
