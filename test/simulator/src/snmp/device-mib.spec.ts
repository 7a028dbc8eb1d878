import { describe, expect, it } from 'vitest';
import { DeviceModel } from '../model/device-model';
import type { FamilyId } from '../model/families';
import { OID, renderDeviceMib, type DeviceMib } from './device-mib';

const clock = { now: () => Date.UTC(2026, 0, 15) };

function render(family: FamilyId): { model: DeviceModel; mib: DeviceMib } {
  const model = new DeviceModel({ number: 3, family, seed: 77, clock });
  return { model, mib: renderDeviceMib(model) };
}

function table(mib: DeviceMib, name: string) {
  const found = mib.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

function scalar(mib: DeviceMib, oid: string) {
  return mib.scalars.find((s) => s.oid === oid)?.value;
}

describe('renderDeviceMib', () => {
  it('serves the system group from the identity', () => {
    const { model, mib } = render('i-series');
    expect(scalar(mib, OID.sysDescr)).toBe(`KONICA MINOLTA ${model.identity.model}`);
    expect(scalar(mib, OID.sysObjectID)).toBe(model.identity.sysObjectId);
    expect(scalar(mib, OID.sysObjectID)).toMatch(/^1\.3\.6\.1\.4\.1\.18334\./);
    expect(scalar(mib, OID.sysUpTime)).toBe(model.uptimeTicks());
  });

  it('serves every supply with class, type, unit, max and level from the model', () => {
    const { model, mib } = render('c3100i');
    const rows = table(mib, 'prtMarkerSuppliesTable').rows;
    expect(rows.map((r) => r.index)).toEqual(model.supplyViews().map((s) => [1, s.index]));
    const black = rows.find((r) => r.values[6] === 'Toner (Black)')!;
    const view = model.supplyViews().find((s) => s.description === 'Toner (Black)')!;
    expect(black.values).toMatchObject({ 3: 4, 4: 3, 5: 3, 7: 19, 8: 100, 9: view.level });
    const waste = rows.find((r) => r.values[6] === 'Waste Toner Box')!;
    expect(waste.values).toMatchObject({ 3: 0, 4: 4, 5: 4, 8: -2, 9: -3 });
  });

  it('reflects a jam at once: error state, statuses and an alert row with code 8', () => {
    const { model } = render('generic');
    model.inject('jam');
    const mib = renderDeviceMib(model);
    expect(table(mib, 'hrPrinterTable').rows[0]!.values).toEqual({ 1: 1, 2: Buffer.from([0x04]) });
    expect(table(mib, 'hrDeviceTable').rows[0]!.values[5]).toBe(5);
    const alert = table(mib, 'prtAlertTable').rows.find((r) => r.values[7] === 8)!;
    expect(alert.values).toMatchObject({ 2: 3, 4: 13, 8: 'Paper jam' });
  });

  it('serves prtGeneralSerialNumber only where the profile has it, and SN: in sysDescr for generic', () => {
    const oem = render('oem-4000i');
    expect(table(oem.mib, 'prtGeneralTable').rows[0]!.values[17]).toBeUndefined();
    expect(scalar(oem.mib, OID.konicaSerialNumber)).toBe(oem.model.identity.serialNumber);

    const iSeries = render('i-series');
    expect(table(iSeries.mib, 'prtGeneralTable').rows[0]!.values[17]).toBe(iSeries.model.identity.serialNumber);

    const generic = render('generic');
    expect(table(generic.mib, 'prtGeneralTable').rows[0]!.values[17]).toBeUndefined();
    expect(scalar(generic.mib, OID.sysDescr)).toContain(`SN:${generic.model.identity.serialNumber}`);
    expect(generic.mib.scalars.some((s) => s.oid.startsWith('1.3.6.1.4.1.18334'))).toBe(false);
  });

  it('serves the Konica vendor counters the edge falls back to, consistent with the model', () => {
    const { model, mib } = render('i-series');
    model.print(5, { color: true, kind: 'copy' });
    const after = renderDeviceMib(model);
    const c = model.counterValues();
    expect(scalar(after, OID.konicaTotalCounter)).toBe(c.total);
    expect(scalar(after, OID.konicaFirmware)).toBe(model.identity.firmware);
    const counters = table(after, 'kmCounterTable').rows;
    expect(counters).toEqual([
      { index: [1, 1], values: { 5: c.copy.black } },
      { index: [1, 2], values: { 5: c.print.black } },
      { index: [2, 1], values: { 5: c.copy.color } },
      { index: [2, 2], values: { 5: c.print.color } },
    ]);
    expect(table(mib, 'prtMarkerTable').rows[0]!.values[4]).toBe(c.total - 5);
  });

  it('serves colorants for the colour supplies only', () => {
    const { mib } = render('generic');
    expect(table(mib, 'prtMarkerColorantTable').rows.map((r) => r.values[4])).toEqual([
      'black',
      'cyan',
      'magenta',
      'yellow',
    ]);
    const mono = render('p4700');
    expect(table(mono.mib, 'prtMarkerColorantTable').rows.map((r) => r.values[4])).toEqual(['black']);
  });
});
