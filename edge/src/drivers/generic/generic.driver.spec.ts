import type { DeviceSnapshot, PollResult } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { DevicePoller } from '../../poller/device-poller';
import { SnmpClientPool } from '../../poller/snmp-client-pool';
import { fakeSessionFactory, type FakeAgentOptions } from '../../testing/fake-snmp-session';

const FIXED_NOW = new Date('2026-01-02T03:04:05.000Z');

async function pollRec(
  snmprec: string,
  options: FakeAgentOptions & { version?: '1' | '2c' } = {},
): Promise<PollResult> {
  const factory = fakeSessionFactory(snmprec, options);
  const sut = new DevicePoller({
    pool: new SnmpClientPool({ sessionFactory: factory, shareSocket: false }),
    now: () => FIXED_NOW,
  });
  const result = await sut.poll({
    host: '192.0.2.1',
    port: 161,
    snmp: { version: options.version ?? '2c', community: 'public' },
  });
  sut.close();
  return result;
}

async function snap(
  snmprec: string,
  options: FakeAgentOptions & { version?: '1' | '2c' } = {},
): Promise<DeviceSnapshot> {
  const r = await pollRec(snmprec, options);
  if (!r.ok) throw new Error(`poll failed: ${r.error.code} ${r.error.message}`);
  return r;
}

const SYS = (descr: string, objectId?: string) =>
  `1.3.6.1.2.1.1.1.0|4|${descr}\n` +
  (objectId ? `1.3.6.1.2.1.1.2.0|6|${objectId}\n` : '') +
  '1.3.6.1.2.1.1.3.0|67|12345600\n';

describe('GenericPrinterDriver — identity', () => {
  it('takes vendor from the enterprise number, model and serial from the standard MIBs', async () => {
    const s = await snap(
      SYS('KONICA MINOLTA bizhub C250i', '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4') +
        '1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5\n1.3.6.1.2.1.25.3.2.1.3.1|4|KONICA MINOLTA bizhub C250i\n' +
        '1.3.6.1.2.1.43.5.1.1.17.1|4|AA2M021115700\n',
    );
    expect(s.identity).toMatchObject({
      vendor: 'Konica Minolta',
      enterprise: 18334,
      model: 'bizhub C250i',
      serialNumber: 'AA2M021115700',
      sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4',
      sysDescr: 'KONICA MINOLTA bizhub C250i',
      uptimeSeconds: 123456,
    });
    expect(s.sources['identity.serialNumber']).toEqual({ oid: '1.3.6.1.2.1.43.5.1.1.17.1', raw: 'AA2M021115700' });
    expect(s.polledAt).toBe('2026-01-02T03:04:05.000Z');
    // The poller reports the family driver of a bizhub i-series (polling-registry.ts), which reads it as above.
    expect(s.driver.id).toBe('i-series-xml-api');
  });

  it.each([
    ['Konica Minolta', '1.3.6.1.4.1.18334.1.2.1.2.1.60.3.1', '1.3.6.1.4.1.18334.1.1.1.1.3.2.2.0', 'AAJR012345'],
    ['Brother', '1.3.6.1.4.1.2435.2.3.9.1', '1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.1.0', '000A5J431816'],
    ['Ricoh', '1.3.6.1.4.1.367.1.1', '1.3.6.1.4.1.367.3.2.1.2.1.4.0', 'W492KB03439'],
    ['HP', '1.3.6.1.4.1.11.2.3.9.1', '1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0', 'CNB1234567'],
    ['Canon', '1.3.6.1.4.1.1602.4.2', '1.3.6.1.4.1.1602.1.2.1.4.0', 'MKRA012345'],
    ['Kyocera', '1.3.6.1.4.1.1347.41', '1.3.6.1.4.1.1347.43.5.1.1.28.1', 'LV94X12345'],
    ['Xerox', '1.3.6.1.4.1.253.8.62.1.35.2.3.1.1', '1.3.6.1.4.1.253.8.53.3.2.1.3.1', '3321234567'],
    ['Epson', '1.3.6.1.4.1.1248.1.1.2.1.3.5', '1.3.6.1.4.1.1248.1.2.2.1.1.1.5.1', 'X3B8022793'],
    ['Samsung', '1.3.6.1.4.1.236.11.5.11.62.1', '1.3.6.1.4.1.236.11.5.1.1.1.4.0', 'ZDDEB8KF'],
  ])('falls back to the %s vendor MIB for the serial', async (vendor, objectId, serialOid, serial) => {
    const s = await snap(SYS('Some printer', objectId) + `${serialOid}|4|${serial}\n`);
    expect(s.identity.vendor).toBe(vendor);
    expect(s.identity.serialNumber).toBe(serial);
    expect(s.sources['identity.serialNumber']?.oid).toBe(serialOid);
  });

  it('reads Zebra model, firmware and serial behind a ZebraNet print server (enterprise 683)', async () => {
    const s = await snap(
      SYS('ZebraNet Wired PS', '1.3.6.1.4.1.683.6.0') +
        '1.3.6.1.4.1.10642.1.1.0|4x|5a544320544c50203238323420506c7573\n1.3.6.1.4.1.10642.1.2.0|4x|5636312e31372e31375a\n' +
        '1.3.6.1.4.1.10642.200.19.5.0|4|37J162600538\n',
    );
    expect(s.identity).toMatchObject({
      vendor: 'Extended Systems',
      model: 'ZTC TLP 2824 Plus',
      firmware: 'V61.17.17Z',
      serialNumber: '37J162600538',
    });
  });

  it('falls back to "SN:" in sysDescr, keeping anonymised placeholders as the device gives them', async () => {
    const s = await snap(SYS('HP ETHERNET MULTI-ENVIRONMENT,SN:AAA0A00000,FN:1G11F33', '1.3.6.1.4.1.11.2.3.9.1'));
    expect(s.identity.serialNumber).toBe('AAA0A00000');
    expect(s.sources['identity.serialNumber']?.oid).toBe('1.3.6.1.2.1.1.1.0');
  });

  it('lists a missing serial as unreadable instead of inventing one', async () => {
    const s = await snap(SYS('SHARP MX-2614N'));
    expect(s.identity).toMatchObject({
      vendor: 'Sharp',
      enterprise: null,
      sysObjectId: null,
      serialNumber: null,
      model: 'MX-2614N',
    });
    expect(s.unreadable.map((u) => u.item)).toEqual(
      expect.arrayContaining(['identity.serialNumber', 'identity.sysObjectId', 'supplies']),
    );
  });

  it('decodes a hex sysDescr and takes the model from the 1284 device id', async () => {
    const s = await snap(
      '1.3.6.1.2.1.1.1.0|4x|5a656272614e6574205769726564205053\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.683.6.0\n' +
        '1.3.6.1.4.1.11.2.3.9.1.1.7.0|4x|4d414e5546414354555245523a5a6562726120546563686e6f6c6f676965733b434f4d4d414e44205345543a5a504c3b4d4f44454c3a5a544320544c50203238\n',
    );
    expect(s.identity.sysDescr).toBe('ZebraNet Wired PS');
    expect(s.identity.model).toBe('ZTC TLP 28');
  });

  it('finds the vendor of a JetDirect context from the 1284 MFG when there is no system group', async () => {
    const s = await snap(
      '1.3.6.1.4.1.11.2.3.9.1.1.7.0|4|MFG:Hewlett-Packard;CMD:PJL,PML;MDL:HP Color LaserJet M452nw;CLS:PRINTER;\n',
    );
    expect(s.identity.vendor).toBe('HP');
    expect(s.identity.model).toBe('Color LaserJet M452nw');
    expect(s.identity.sysDescr).toBeNull();
  });
});

describe('GenericPrinterDriver — status', () => {
  const base = SYS('Printer', '1.3.6.1.4.1.2385.3.1.112.1.2') + '1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5\n';
  it.each([
    ['one octet', '4x|20', ['lowToner'], '20'],
    ['two octets', '4x|0480', ['jammed', 'inputTrayMissing'], '0480'],
    ['two zero octets', '4x|0000', [], '0000'],
    ['an empty value', '4|', [], ''],
  ])('decodes hrPrinterDetectedErrorState of %s', async (_label, value, errors, hex) => {
    const s = await snap(
      base + `1.3.6.1.2.1.25.3.2.1.5.1|2|3\n1.3.6.1.2.1.25.3.5.1.1.1|2|3\n1.3.6.1.2.1.25.3.5.1.2.1|${value}\n`,
    );
    expect(s.status.errors).toEqual(errors);
    expect(s.status.rawErrorState).toBe(hex);
    expect(s.status.device).toBe('warning');
    expect(s.status.printer).toBe('idle');
  });

  it('rates a jam as error and running without errors as ok', async () => {
    const jam = await snap(base + '1.3.6.1.2.1.25.3.2.1.5.1|2|5\n1.3.6.1.2.1.25.3.5.1.2.1|4x|04\n');
    expect(jam.status).toMatchObject({ device: 'down', errors: ['jammed'], overall: 'error' });
    const fine = await snap(
      base + '1.3.6.1.2.1.25.3.2.1.5.1|2|2\n1.3.6.1.2.1.25.3.5.1.1.1|2|4\n1.3.6.1.2.1.25.3.5.1.2.1|4x|00\n',
    );
    expect(fine.status).toMatchObject({ device: 'running', printer: 'printing', errors: [], overall: 'ok' });
  });

  it('uses the printer row of hrDeviceTable when it is not index 1', async () => {
    const s = await snap(
      SYS('Printer', '1.3.6.1.4.1.11.1') +
        '1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.4\n1.3.6.1.2.1.25.3.2.1.2.3|6|1.3.6.1.2.1.25.3.1.5\n' +
        '1.3.6.1.2.1.25.3.2.1.5.1|2|5\n1.3.6.1.2.1.25.3.2.1.5.3|2|2\n',
    );
    expect(s.status.device).toBe('running');
  });

  it('reads prtAlertTable with RFC names', async () => {
    const t = '1.3.6.1.2.1.43.18.1.1';
    const s = await snap(
      base +
        `${t}.2.1.7|2|3\n${t}.4.1.7|2|13\n${t}.5.1.7|2|1\n${t}.6.1.7|2|1\n${t}.7.1.7|2|8\n${t}.8.1.7|4|Paper jam in tray 1\n${t}.9.1.7|67|4500\n` +
        `${t}.2.1.8|2|4\n${t}.4.1.8|2|11\n${t}.7.1.8|2|1104\n${t}.7.1.9|2|4242\n`,
    );
    expect(s.alerts).toEqual([
      {
        index: 7,
        severity: 'critical',
        group: 'mediaPath',
        groupIndex: 1,
        location: 1,
        code: 'jam',
        description: 'Paper jam in tray 1',
        timeSeconds: 45,
      },
      {
        index: 8,
        severity: 'warning',
        group: 'markerSupplies',
        groupIndex: null,
        location: null,
        code: 'markerTonerAlmostEmpty',
        description: null,
        timeSeconds: null,
      },
      {
        index: 9,
        severity: null,
        group: null,
        groupIndex: null,
        location: null,
        code: 'code4242',
        description: null,
        timeSeconds: null,
      },
    ]);
  });
});

describe('GenericPrinterDriver — counters', () => {
  it('uses prtMarkerLifeCount of the first marker for the total, with its unit', async () => {
    const s = await snap(
      SYS('Printer', '1.3.6.1.4.1.2385.3.1') +
        '1.3.6.1.2.1.43.10.2.1.3.1.1|2|7\n1.3.6.1.2.1.43.10.2.1.4.1.1|65|121104\n1.3.6.1.2.1.43.10.2.1.4.1.2|65|5\n',
    );
    expect(s.counters.total).toBe(121104);
    expect(s.counters.markers).toEqual([
      { index: 1, lifeCount: 121104, unit: 'impressions' },
      { index: 2, lifeCount: 5, unit: null },
    ]);
    expect(s.sources['counters.total']).toEqual({ oid: '1.3.6.1.2.1.43.10.2.1.4.1.1', raw: 121104 });
  });

  it('leaves total null (never 0) when prtMarkerLifeCount and vendor counters are missing', async () => {
    const s = await snap(SYS('Canon LBP6670 /P', '1.3.6.1.4.1.1602.4.2'));
    expect(s.counters).toMatchObject({ total: null, black: null, color: null, markers: [] });
    expect(s.unreadable.map((u) => u.item)).toContain('counters.total');
  });

  it('reads Konica Minolta vendor counters (black/colour/print/copy)', async () => {
    const k = '1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5';
    const s = await snap(
      SYS('KONICA MINOLTA bizhub C250i', '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4') +
        `1.3.6.1.2.1.43.10.2.1.4.1.1|65|33810\n${k}.1.1|2|3672\n${k}.1.2|2|22876\n${k}.2.1|2|544\n${k}.2.2|2|6711\n`,
    );
    expect(s.counters).toMatchObject({
      total: 33810,
      black: 26548,
      color: 7255,
      print: 29587,
      copy: 4216,
      scan: null,
      fax: null,
    });
    expect(s.sources['counters.black']?.oid).toBe(`${k}.1.1+${k}.1.2`);
  });

  it('reads Sharp vendor counters, falls back to a vendor total and handles Counter64', async () => {
    const t = '1.3.6.1.4.1.2385.1.1.19.2.1.3';
    const s = await snap(
      SYS('SHARP MX-3570N', '1.3.6.1.4.1.2385.3.1.112.1.2') +
        `${t}.1.4.60|65|82214\n${t}.4.4.60|65|38804\n${t}.5.4.61|65|91164\n${t}.5.4.63|65|29940\n${t}.5.4.64|65|0\n${t}.5.5.61|65|48\n${t}.7.4.50|65|13534\n` +
        '1.3.6.1.2.1.43.10.2.1.4.1.1|70|121104\n',
    );
    expect(s.counters).toMatchObject({
      total: 121104,
      black: 91164,
      color: 29940,
      print: 82214,
      copy: 38804,
      scan: 13534,
    });
  });

  it('records a malformed counter (wrong type) as unreadable instead of a number', async () => {
    const s = await snap(SYS('Printer', '1.3.6.1.4.1.2385.3.1') + '1.3.6.1.2.1.43.10.2.1.4.1.1|4|6git3159\n');
    expect(s.counters.total).toBeNull();
    expect(s.unreadable).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          item: 'counters.markers.1.lifeCount',
          reason: 'malformed',
          oid: '1.3.6.1.2.1.43.10.2.1.4.1.1',
        }),
      ]),
    );
  });
});

describe('GenericPrinterDriver — supplies', () => {
  const S = '1.3.6.1.2.1.43.11.1.1';
  const supply = (
    i: number,
    cls: number | null,
    type: number | null,
    descr: string,
    max: number | null,
    level: number | null,
    extra = '',
  ) =>
    (cls === null ? '' : `${S}.4.1.${i}|2|${cls}\n`) +
    (type === null ? '' : `${S}.5.1.${i}|2|${type}\n`) +
    `${S}.6.1.${i}|${descr}\n` +
    (max === null ? '' : `${S}.8.1.${i}|2|${max}\n`) +
    (level === null ? '' : `${S}.9.1.${i}|2|${level}\n`) +
    extra;

  it('decodes descriptions (plain, hex with NULs, UTF-8 CJK, PN/SN suffixes) and colours from the colorant table', async () => {
    const s = await snap(
      SYS('Printer', '1.3.6.1.4.1.253.8.62.1') +
        supply(1, 3, 3, '4|Black Toner, PN 006R01509;SN48178080E0000481', 5300, 1060, `${S}.3.1.1|2|1\n`) +
        supply(2, 3, 3, '4x|4379616e20546f6e6572000000', 100, 50, `${S}.3.1.2|2|2\n`) +
        supply(3, 3, 3, '4|黄色碳粉盒', 100, 5, `${S}.3.1.3|2|3\n`) +
        supply(4, 3, 21, '4|トナーカートリッジ', 100, 0, `${S}.3.1.4|2|0\n`) +
        '1.3.6.1.2.1.43.12.1.1.4.1.1|4|black\n1.3.6.1.2.1.43.12.1.1.4.1.2|4|cyan\n1.3.6.1.2.1.43.12.1.1.4.1.3|4|Yellow\n',
    );
    expect(
      s.supplies.map((x) => [
        x.index,
        x.description,
        x.partNumber,
        x.serialNumber,
        x.color,
        x.colorSource,
        x.remainingPercent,
        x.state,
      ]),
    ).toEqual([
      [1, 'Black Toner', '006R01509', '48178080E0000481', 'black', 'colorant', 20, 'ok'],
      [2, 'Cyan Toner', null, null, 'cyan', 'colorant', 50, 'ok'],
      [3, '黄色碳粉盒', null, null, 'yellow', 'colorant', 5, 'low'],
      [4, 'トナーカートリッジ', null, null, null, null, 0, 'empty'],
    ]);
    expect(s.supplies[0]).toMatchObject({
      type: 'toner',
      class: 'consumed',
      raw: { level: 1060, max: 5300, unit: null },
    });
    expect(s.sources['supplies.1.color']).toEqual({ oid: '1.3.6.1.2.1.43.12.1.1.4.1.1', raw: 'black' });
    // Schema 2: plain column cells per column, one entry per row read, in list order.
    expect(s.sources['supplies.1.level']).toBeUndefined();
    expect(s.tableSources?.['supplies.level']).toEqual({
      column: S + '.9',
      rows: ['1.1', '1.2', '1.3', '1.4'],
      raw: [1060, expect.any(Number), expect.any(Number), expect.any(Number)],
    });
  });

  it('handles -1, -2, -3 levels and a max capacity of -2 exactly', async () => {
    const s = await snap(
      SYS('Brother', '1.3.6.1.4.1.2435.2.3.9.1') +
        supply(1, 3, 3, '4|Black Toner Cartridge', -2, -3) +
        supply(2, 3, 9, '4|Drum Unit', 12000, 11501) +
        supply(3, 3, 15, '4|Fuser', -2, -2) +
        supply(4, 3, 3, '4|Other', 100, -1),
    );
    expect(s.supplies.map((x) => [x.index, x.remainingPercent, x.state, x.raw.level, x.raw.max])).toEqual([
      [1, null, 'ok', -3, -2],
      [2, 96, 'ok', 11501, 12000],
      [3, null, 'unknown', -2, -2],
      [4, null, 'unknown', -1, 100],
    ]);
  });

  it('treats receptacles (waste toner) as free space: 100/100, a bare 100 with max -2, and -3/-2', async () => {
    const s = await snap(
      SYS('Printer', '1.3.6.1.4.1.367.1.1') +
        supply(1, 4, 4, '4|Waste Toner', 100, 100) +
        supply(2, 4, 4, '4|Waste Toner Box', -2, 100) +
        supply(3, null, 4, '4|Waste Toner Box', -2, -3) +
        supply(4, 4, 4, '4|Waste Toner Bottle', 100, 3),
    );
    expect(s.supplies.map((x) => [x.index, x.class, x.remainingPercent, x.state])).toEqual([
      [1, 'receptacle', 100, 'ok'],
      [2, 'receptacle', null, 'ok'],
      [3, 'receptacle', null, 'ok'],
      [4, 'receptacle', 3, 'low'],
    ]);
    // class inferred from the type when prtMarkerSuppliesClass is missing
    expect(s.sources['supplies.3.class']).toEqual({ oid: `${S}.5.1.3`, raw: 4 });
  });

  it('keeps class "other" and colour from the description when class, type and colorant table are missing', async () => {
    const s = await snap(
      SYS('HP', '1.3.6.1.4.1.11.2.3.9.1') + supply(1, null, null, '4|Magenta Cartridge HP CF413A', 100, 76),
    );
    expect(s.supplies[0]).toMatchObject({
      class: 'other',
      type: null,
      color: 'magenta',
      colorSource: 'description',
      remainingPercent: 76,
    });
  });

  it('reports a supplies walk that times out as unreadable while the rest of the device still reads', async () => {
    const s = await snap(
      SYS('Printer', '1.3.6.1.4.1.2385.3.1') +
        supply(1, 3, 3, '4|Black', 100, 50) +
        '1.3.6.1.2.1.43.10.2.1.4.1.1|65|7\n',
      {
        timeoutPrefixes: ['1.3.6.1.2.1.43.11'],
      },
    );
    expect(s.supplies).toEqual([]);
    expect(s.counters.total).toBe(7);
    expect(s.unreadable).toEqual(
      expect.arrayContaining([expect.objectContaining({ item: 'supplies', reason: 'timeout' })]),
    );
  });
});

describe('GenericPrinterDriver — input trays', () => {
  it('reads name, media, level and max with the special values', async () => {
    const I = '1.3.6.1.2.1.43.8.2.1';
    const s = await snap(
      SYS('Printer', '1.3.6.1.4.1.2385.3.1') +
        `${I}.2.1.1|2|3\n${I}.8.1.1|2|8\n${I}.9.1.1|2|550\n${I}.10.1.1|2|181\n${I}.12.1.1|4|A4\n${I}.13.1.1|4|Tray 1\n` +
        `${I}.9.1.2|2|250\n${I}.10.1.2|2|-3\n${I}.13.1.2|4|TRAY2\n` +
        `${I}.9.1.31|2|-2\n${I}.10.1.31|2|-2\n${I}.13.1.31|4|Auto Select\n` +
        `${I}.9.1.5|2|100\n${I}.10.1.5|2|0\n${I}.13.1.5|4|Bypass Tray\n`,
    );
    expect(s.trays).toEqual([
      {
        index: 1,
        name: 'Tray 1',
        mediaName: 'A4',
        type: 'sheetFeedAutoRemovableTray',
        level: 181,
        max: 550,
        levelPercent: 33,
        state: 'ok',
        raw: { level: 181, max: 550, unit: 'sheets' },
      },
      {
        index: 2,
        name: 'TRAY2',
        mediaName: null,
        type: null,
        level: null,
        max: 250,
        levelPercent: null,
        state: 'ok',
        raw: { level: -3, max: 250, unit: null },
      },
      {
        index: 5,
        name: 'Bypass Tray',
        mediaName: null,
        type: null,
        level: 0,
        max: 100,
        levelPercent: 0,
        state: 'empty',
        raw: { level: 0, max: 100, unit: null },
      },
      {
        index: 31,
        name: 'Auto Select',
        mediaName: null,
        type: null,
        level: null,
        max: null,
        levelPercent: null,
        state: 'unknown',
        raw: { level: -2, max: -2, unit: null },
      },
    ]);
  });
});

describe('GenericPrinterDriver — SNMPv1', () => {
  it('reads a device over v1 where missing OIDs answer noSuchName', async () => {
    const s = await snap(
      SYS('RICOH Aficio MP C3002 2.20 / RICOH Network Printer', '1.3.6.1.4.1.367.1.1') +
        '1.3.6.1.4.1.367.3.2.1.2.1.4.0|4|W492KB03439\n1.3.6.1.2.1.43.11.1.1.6.1.1|4|Black Toner\n1.3.6.1.2.1.43.11.1.1.9.1.1|2|40\n1.3.6.1.2.1.43.11.1.1.8.1.1|2|100\n',
      { version: '1' },
    );
    expect(s.target.snmpVersion).toBe('1');
    expect(s.identity).toMatchObject({ vendor: 'Ricoh', serialNumber: 'W492KB03439', sysName: null });
    expect(s.supplies).toEqual([
      expect.objectContaining({ index: 1, description: 'Black Toner', remainingPercent: 40 }),
    ]);
  });
});

describe('DevicePoller failures', () => {
  it('returns a failed document (never an empty snapshot) when the device times out', async () => {
    const r = await pollRec(SYS('x', '1.3.6.1.4.1.11'), { timeoutPrefixes: ['1.3.6.1'] });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'timeout' },
      target: { host: '192.0.2.1', port: 161, snmpVersion: '2c' },
    });
  });

  it('returns wrongAuthentication from a usmStatsWrongDigests report', async () => {
    const r = await pollRec(SYS('x'), {
      failWith: () =>
        Object.assign(new Error('Wrong Digest (incorrect password, community or key)'), {
          name: 'ResponseInvalidError',
          code: 5,
        }),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'wrongAuthentication' } });
  });
});
