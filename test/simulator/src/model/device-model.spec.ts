import { describe, expect, it } from 'vitest';
import { InvalidPrintRequestError, UnknownFaultError } from '../simulator.errors';
import { DeviceModel, type Clock, type DeviceEvent } from './device-model';
import { decodeErrorState } from './error-state';
import type { FamilyId } from './families';
import { parseFaultOptions } from './faults';

class FakeClock implements Clock {
  constructor(private ms = Date.UTC(2026, 0, 15, 9, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

function deviceFactory(overrides: { family?: FamilyId; seed?: number; autoFaults?: boolean; clock?: FakeClock } = {}) {
  const clock = overrides.clock ?? new FakeClock();
  const sut = new DeviceModel({
    number: 7,
    family: overrides.family ?? 'i-series',
    seed: overrides.seed ?? 1234,
    clock,
    autoFaults: overrides.autoFaults ?? false,
  });
  return { sut, clock };
}

function supply(sut: DeviceModel, description: string) {
  const found = sut.supplyViews().find((s) => s.description === description);
  if (!found) throw new Error(`no supply ${description}`);
  return found;
}

describe('DeviceModel printing', () => {
  it('raises counters and lowers black toner, paper and waste space on a black page', () => {
    const { sut } = deviceFactory();
    const before = sut.view();
    const result = sut.print(10, { color: false });
    const after = sut.view();

    expect(result).toEqual({ requested: 10, printed: 10, blockedBy: null });
    expect(after.counters.total).toBe(before.counters.total + 10);
    expect(after.counters.black).toBe(before.counters.black + 10);
    expect(after.counters.color).toBe(before.counters.color);
    expect(after.counters.print.black).toBe(before.counters.print.black + 10);
    expect(after.counters.powerOn).toBe(10);
    expect(supply(sut, 'Toner (Black)').remainingPages).toBe(
      supply(new DeviceModel({ number: 7, family: 'i-series', seed: 1234, clock: new FakeClock() }), 'Toner (Black)')
        .remainingPages - 10,
    );
    const cyanBefore = before.supplies.find((s) => s.description === 'Toner (Cyan)')!;
    expect(supply(sut, 'Toner (Cyan)').remainingPages).toBe(cyanBefore.remainingPages);
    const wasteBefore = before.supplies.find((s) => s.type === 'wasteToner')!;
    expect(supply(sut, 'Waste Toner Box').remainingPages).toBe(wasteBefore.remainingPages - 10);
    const trayBefore = before.trays.find((t) => t.index === 1)!;
    expect(after.trays.find((t) => t.index === 1)!.level).toBe(trayBefore.level - 10);
  });

  it('uses every toner on a colour page and half the sheets when duplex', () => {
    const { sut } = deviceFactory();
    const before = sut.view();
    sut.print(10, { color: true, duplex: true, kind: 'copy' });
    const after = sut.view();

    expect(after.counters.color).toBe(before.counters.color + 10);
    expect(after.counters.copy.color).toBe(before.counters.copy.color + 10);
    expect(after.counters.duplexSheets).toBe(before.counters.duplexSheets + 5);
    for (const name of ['Toner (Cyan)', 'Toner (Magenta)', 'Toner (Yellow)', 'Toner (Black)']) {
      const was = before.supplies.find((s) => s.description === name)!.remainingPages;
      expect(supply(sut, name).remainingPages).toBe(was - 10);
    }
    expect(after.trays.find((t) => t.index === 1)!.level).toBe(before.trays.find((t) => t.index === 1)!.level - 5);
  });

  it('counts a scan without marking anything', () => {
    const { sut } = deviceFactory();
    const before = sut.view();
    sut.print(3, { kind: 'scan' });
    const after = sut.view();
    expect(after.counters.scan).toBe(before.counters.scan + 3);
    expect(after.counters.total).toBe(before.counters.total);
    expect(after.supplies).toEqual(before.supplies);
  });

  it('stops when paper runs out and reports noPaper', () => {
    const { sut } = deviceFactory({ family: 'p4700' });
    const tray = sut.trayViews().find((t) => !t.manual)!;
    const result = sut.print(tray.level + 5);
    expect(result.printed).toBe(tray.level);
    expect(result.blockedBy).toBe('noPaper');
    expect(sut.errors()).toEqual(expect.arrayContaining(['noPaper', 'inputTrayEmpty']));
    expect(sut.alertViews().map((a) => a.code)).toContain('inputMediaSupplyEmpty');
  });

  it('shows printing while busy and idle once the pages are out', () => {
    const { sut, clock } = deviceFactory();
    expect(sut.printerStatus()).toBe('idle');
    sut.print(30);
    expect(sut.printerStatus()).toBe('printing');
    clock.advance(61_000);
    expect(sut.printerStatus()).toBe('idle');
  });

  it('rejects bad print requests with a clear error', () => {
    const { sut } = deviceFactory({ family: 'p4700' });
    expect(() => sut.print(0)).toThrow(InvalidPrintRequestError);
    expect(() => sut.print(1.5)).toThrow(/integer/);
    expect(() => sut.print(1, { color: true })).toThrow(/black only/);
  });
});

describe('DeviceModel faults', () => {
  it('jam sets jammed, takes the device down and adds a jam alert; clear restores', () => {
    const { sut } = deviceFactory();
    sut.inject('jam');
    expect(sut.errors()).toContain('jammed');
    expect(sut.deviceStatus()).toBe('down');
    expect(sut.printerStatus()).toBe('other');
    const jam = sut.alertViews().find((a) => a.code === 'jam');
    expect(jam).toMatchObject({ severity: 'critical', group: 'mediaPath', description: 'Paper jam' });
    expect(decodeErrorState(sut.errorStateOctets())).toContain('jammed');
    expect(sut.print(1).blockedBy).toBe('jam');

    sut.clear('jam');
    expect(sut.errors()).not.toContain('jammed');
    expect(sut.alertViews().find((a) => a.code === 'jam')).toBeUndefined();
    expect(sut.deviceStatus()).not.toBe('down');
  });

  it('doorOpen opens the given cover with a coverOpen alert in the cover group', () => {
    const { sut } = deviceFactory();
    sut.inject('doorOpen', { cover: 2 });
    expect(sut.coverViews()).toEqual([
      { index: 1, description: 'Front Door', open: false },
      { index: 2, description: 'Right Side Door', open: true },
    ]);
    expect(sut.errors()).toContain('doorOpen');
    expect(sut.alertViews()).toContainEqual(
      expect.objectContaining({ code: 'coverOpen', group: 'cover', groupIndex: 2, severity: 'critical' }),
    );
    sut.clear('doorOpen');
    expect(sut.coverViews().every((c) => !c.open)).toBe(true);
    expect(sut.errors()).not.toContain('doorOpen');
  });

  it('noPaper empties one tray (a warning while another has paper); clear refills it', () => {
    const { sut } = deviceFactory();
    sut.inject('noPaper', { tray: 2 });
    expect(sut.trayViews().find((t) => t.index === 2)!.level).toBe(0);
    expect(sut.errors()).toEqual(expect.arrayContaining(['noPaper', 'inputTrayEmpty']));
    expect(sut.alertViews()).toContainEqual(
      expect.objectContaining({ code: 'inputMediaSupplyEmpty', group: 'input', groupIndex: 2, severity: 'warning' }),
    );
    expect(sut.deviceStatus()).toBe('warning');
    sut.clear('noPaper');
    expect(sut.trayViews().find((t) => t.index === 2)!.level).toBe(500);
    expect(sut.errors()).not.toContain('noPaper');
  });

  it('tonerLow and tonerOut act on the given colour', () => {
    const { sut } = deviceFactory();
    sut.inject('tonerLow', { color: 'magenta' });
    const magenta = supply(sut, 'Toner (Magenta)');
    expect(magenta.level).toBeGreaterThan(0);
    expect(magenta.level).toBeLessThanOrEqual(10);
    expect(sut.errors()).toContain('lowToner');
    expect(sut.deviceStatus()).toBe('warning');
    expect(sut.alertViews()).toContainEqual(
      expect.objectContaining({ code: 'markerTonerAlmostEmpty', group: 'markerSupplies', groupIndex: 2 }),
    );

    sut.inject('tonerOut', { color: 'cyan' });
    expect(supply(sut, 'Toner (Cyan)').level).toBe(0);
    expect(sut.errors()).toEqual(expect.arrayContaining(['noToner', 'lowToner']));
    expect(sut.deviceStatus()).toBe('down');
    expect(sut.print(1, { color: true }).blockedBy).toBe('tonerOut');
    expect(sut.alertViews()).toContainEqual(expect.objectContaining({ code: 'markerTonerEmpty', groupIndex: 1 }));

    sut.clear('tonerOut');
    expect(supply(sut, 'Toner (Cyan)').level).toBe(100);
    expect(supply(sut, 'Toner (Magenta)').level).toBe(100);
    expect(sut.errors()).not.toContain('noToner');
  });

  it('wasteFull turns the i-series "some remaining" (-3) waste box level into 0 and blocks printing', () => {
    const { sut } = deviceFactory();
    expect(supply(sut, 'Waste Toner Box')).toMatchObject({
      maxCapacity: -2,
      level: -3,
      class: 'receptacleThatIsFilled',
    });
    sut.inject('wasteFull');
    expect(supply(sut, 'Waste Toner Box').level).toBe(0);
    expect(sut.alertViews()).toContainEqual(
      expect.objectContaining({ code: 'markerWasteTonerReceptacleFull', severity: 'critical' }),
    );
    expect(sut.print(1).blockedBy).toBe('wasteFull');
    sut.clear('wasteFull');
    expect(supply(sut, 'Waste Toner Box').level).toBe(-3);
  });

  it('serviceRequested is a warning with the serviceRequested bit', () => {
    const { sut } = deviceFactory({ family: 'generic' });
    sut.inject('serviceRequested');
    expect(sut.errors()).toContain('serviceRequested');
    expect(sut.deviceStatus()).toBe('warning');
    sut.clear('serviceRequested');
    expect(sut.errors()).not.toContain('serviceRequested');
  });

  it('offline sets the offline bit and takes the device down', () => {
    const { sut } = deviceFactory();
    sut.inject('offline');
    expect(sut.errors()).toContain('offline');
    expect(sut.deviceStatus()).toBe('down');
    expect(sut.alertViews()).toContainEqual(expect.objectContaining({ code: 'subunitOffline' }));
  });

  it('sleep stops answers (or slows them) until woken; a print job wakes the device', () => {
    const { sut } = deviceFactory();
    sut.sleep();
    expect(sut.answerPolicy()).toEqual({ answer: false, delayMs: 0 });
    expect(sut.printerStatus()).toBe('other');
    sut.wake();
    expect(sut.answerPolicy()).toEqual({ answer: true, delayMs: 0 });

    sut.sleep({ answer: 'slow', delayMs: 500 });
    expect(sut.answerPolicy()).toEqual({ answer: true, delayMs: 500 });
    sut.print(1);
    expect(sut.activeFaults()).not.toContain('sleep');
  });

  it('unreachable, slow and wrongCredentials change only how the device answers', () => {
    const { sut } = deviceFactory();
    sut.inject('slow', { delayMs: 250 });
    expect(sut.answerPolicy()).toEqual({ answer: true, delayMs: 250 });
    sut.inject('unreachable');
    expect(sut.answerPolicy().answer).toBe(false);
    sut.clear('unreachable');
    sut.clear('slow');
    expect(sut.answerPolicy()).toEqual({ answer: true, delayMs: 0 });
    sut.inject('wrongCredentials');
    expect(sut.hasWrongCredentials()).toBe(true);
    expect(sut.errors()).toEqual([]);
  });

  it('keeps alert indexes stable and counts alert events', () => {
    const { sut } = deviceFactory();
    const baseline = sut.alertViews().length;
    sut.inject('jam');
    sut.inject('doorOpen');
    const jamIndex = sut.alertViews().find((a) => a.code === 'jam')!.index;
    sut.clear('doorOpen');
    sut.inject('doorOpen');
    expect(sut.alertViews().find((a) => a.code === 'jam')!.index).toBe(jamIndex);
    expect(sut.alertViews().find((a) => a.code === 'coverOpen')!.index).toBeGreaterThan(jamIndex);
    expect(sut.alertViews()).toHaveLength(baseline + 2);
    expect(sut.alertEventCounts().critical).toBeGreaterThanOrEqual(3);
  });

  it('emits an event per alert raised and cleared, and bumps the version', () => {
    const { sut } = deviceFactory();
    const events: DeviceEvent[] = [];
    sut.onEvent((e) => events.push(e));
    const version = sut.version;
    sut.inject('jam');
    sut.clear('jam');
    expect(sut.version).toBeGreaterThan(version);
    expect(events.map((e) => e.kind)).toEqual(['fault', 'alertRaised', 'fault', 'alertCleared']);
  });

  it('rejects unknown covers, trays, colours and options with a clear error', () => {
    const { sut } = deviceFactory({ family: 'p4700' });
    expect(() => sut.inject('doorOpen', { cover: 9 })).toThrow(UnknownFaultError);
    expect(() => sut.inject('noPaper', { tray: 5 })).toThrow(/no tray 5/);
    expect(() => sut.inject('tonerOut', { color: 'cyan' })).toThrow(/no cyan toner/);
    expect(() => parseFaultOptions('slow', { delayMs: -1 })).toThrow(/delayMs/);
    expect(() => parseFaultOptions('jam', { bogus: 1 })).toThrow(/unknown option bogus/);
    expect(parseFaultOptions('tonerLow', { color: 'yellow' })).toEqual({ color: 'yellow' });
  });
});

describe('DeviceModel determinism', () => {
  it('gives the same device and the same life for the same seed', () => {
    const a = deviceFactory({ seed: 99, autoFaults: true });
    const b = deviceFactory({ seed: 99, autoFaults: true });
    for (let i = 0; i < 300; i++) {
      a.sut.tick();
      b.sut.tick();
    }
    expect(a.sut.view()).toEqual(b.sut.view());
  });

  it('gives different devices for different seeds', () => {
    const a = deviceFactory({ seed: 1 }).sut.view();
    const b = deviceFactory({ seed: 2 }).sut.view();
    expect(a.identity.serialNumber).not.toBe(b.identity.serialNumber);
    expect(a.counters.total).not.toBe(b.counters.total);
  });

  it('lives on ticks: pages get printed and automatic faults come and go', () => {
    const { sut } = deviceFactory({ seed: 5, autoFaults: true });
    const before = sut.counterValues().total;
    const seen = new Set<string>();
    sut.onEvent((e) => {
      if (e.kind === 'alertRaised') seen.add(e.alert.code);
    });
    for (let i = 0; i < 5000; i++) sut.tick();
    expect(sut.counterValues().total).toBeGreaterThan(before);
    expect(seen.size).toBeGreaterThan(0);
  });

  it('without autoFaults a tick never injects a fault', () => {
    const { sut } = deviceFactory({ seed: 5, autoFaults: false });
    for (let i = 0; i < 2000; i++) sut.tick();
    expect(sut.activeFaults().filter((f) => ['jam', 'doorOpen', 'serviceRequested', 'sleep'].includes(f))).toEqual([]);
  });
});
