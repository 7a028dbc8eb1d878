/**
 * Checks expectations.ts against the recordings themselves (no product code, no network): every raw
 * number and string copied into the expectations is what the recording holds, every percentage and
 * state follows the rules written in the expectations header. This guards the proof, not the product.
 * Skipped with a printed reason when ../shared/fixtures is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareDocument } from './compare';
import { EXPECTATIONS, type RecordingExpectation, type SupplyExpectation } from './expectations';
import { FIXTURES_DIR, listRecordings } from './snmpsim';

interface Value {
  type: string;
  text: string;
}

/** Parses `OID|TYPE|VALUE` lines; `4x` values are decoded from hex to a latin1 string. */
function readRecording(file: string): Map<string, Value> {
  const map = new Map<string, Value>();
  for (const line of readFileSync(path.join(FIXTURES_DIR, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const [oid, type, ...rest] = line.split('|');
    const raw = rest.join('|');
    const text = type === '4x' ? Buffer.from(raw, 'hex').toString('latin1') : raw;
    map.set(oid!, { type: type!, text });
  }
  return map;
}

/** The rows of one table column: index (the OID arcs after the column prefix) → value. */
function column(rec: Map<string, Value>, prefix: string): Map<string, Value> {
  const rows = new Map<string, Value>();
  for (const [oid, v] of rec) if (oid.startsWith(`${prefix}.`)) rows.set(oid.slice(prefix.length + 1), v);
  return rows;
}

const SUPPLY_TYPES: Record<number, string> = {
  1: 'other',
  2: 'unknown',
  3: 'toner',
  4: 'wasteToner',
  5: 'ink',
  9: 'opc',
  10: 'developer',
  15: 'fuser',
  20: 'transferUnit',
};
const COUNTER_UNITS: Record<number, string> = { 7: 'impressions', 8: 'sheets' };
const WASTE_TYPES = new Set(['wasteToner', 'wasteInk', 'wasteWax', 'wasteWater', 'wastePaper']);

/** The state rule of the expectations header. */
function ruleState(level: number, max: number): SupplyExpectation['state'] {
  if (level === 0) return 'empty';
  if (level === -3) return 'ok';
  if (level < 0) return 'unknown';
  if (max <= 0) return 'ok';
  return (level / max) * 100 <= 10 ? 'low' : 'ok';
}

function rulePercent(level: number, max: number): number | null {
  return level >= 0 && max > 0 ? (level / max) * 100 : null;
}

const COLOR_WORDS = ['black', 'cyan', 'magenta', 'yellow'];

const haveFixtures = existsSync(FIXTURES_DIR);
if (!haveFixtures) console.log(`[real-devices] skipped: ../shared/fixtures not present (looked in ${FIXTURES_DIR})`);

describe.skipIf(!haveFixtures)('real-device expectations match the recordings they were read from', () => {
  it('covers every recording exactly once', () => {
    const files = EXPECTATIONS.map((e) => e.file);
    expect(new Set(files).size).toBe(files.length);
    expect([...files].sort()).toEqual(listRecordings());
  });

  describe.each(EXPECTATIONS.map((e) => [e.file, e] as [string, RecordingExpectation]))('%s', (file, exp) => {
    const rec = haveFixtures ? readRecording(file) : new Map<string, Value>();

    it('identity: sysDescr, sysObjectID, enterprise and the serial as recorded', () => {
      expect(rec.get('1.3.6.1.2.1.1.1.0')?.text ?? null).toBe(exp.identity.sysDescr);
      const oid = rec.get('1.3.6.1.2.1.1.2.0')?.text ?? null;
      expect(oid).toBe(exp.identity.sysObjectId);
      const enterprise = oid?.startsWith('1.3.6.1.4.1.') ? Number(oid.split('.')[6]) : null;
      expect(enterprise).toBe(exp.identity.enterprise);
      const serial = exp.identity.serialNumber;
      if (serial !== null) {
        const at = rec.get(exp.identity.serialOid!)?.text;
        if (exp.identity.serialOid === '1.3.6.1.2.1.1.1.0') {
          expect(at).toMatch(new RegExp(`(SN:|S/N )${serial}(,|;|$)`));
        } else {
          expect(at).toBe(serial);
        }
      } else {
        expect(rec.has('1.3.6.1.2.1.43.5.1.1.17.1'), 'prtGeneralSerialNumber present but serial null').toBe(false);
      }
    });

    it('status: error-state octets and hrDeviceStatus of the printer row as recorded', () => {
      const err = rec.get('1.3.6.1.2.1.25.3.5.1.2.1');
      const hex = err
        ? err.type === '4x'
          ? Buffer.from(err.text, 'latin1').toString('hex')
          : Buffer.from(err.text).toString('hex')
        : null;
      expect(hex).toBe(exp.status.rawErrorState);
      const names = [
        'lowPaper',
        'noPaper',
        'lowToner',
        'noToner',
        'doorOpen',
        'jammed',
        'offline',
        'serviceRequested',
        'inputTrayMissing',
        'outputTrayMissing',
        'markerSupplyMissing',
        'outputNearFull',
        'outputFull',
        'inputTrayEmpty',
        'overduePreventMaint',
      ];
      const bits = hex ? Buffer.from(hex, 'hex') : Buffer.alloc(0);
      const decoded = names.filter((_, bit) => ((bits[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
      expect(decoded).toEqual(exp.status.errors);
      const types = column(rec, '1.3.6.1.2.1.25.3.2.1.2');
      const statuses = column(rec, '1.3.6.1.2.1.25.3.2.1.5');
      const printerRow = [...types].find(([, v]) => v.text === '1.3.6.1.2.1.25.3.1.5')?.[0] ?? (err ? '1' : undefined);
      const byNumber = ['', 'unknown', 'running', 'warning', 'testing', 'down'];
      const device = printerRow && statuses.get(printerRow) ? byNumber[Number(statuses.get(printerRow)!.text)] : null;
      const want = exp.status.device;
      const accepted = typeof want === 'object' && want !== null ? want.oneOf : [want];
      expect(accepted).toContain(device ?? null);
      const printer = rec.get('1.3.6.1.2.1.25.3.5.1.1.1');
      const printerNames = ['', 'other', 'unknown', 'idle', 'printing', 'warmup'];
      expect(printer ? printerNames[Number(printer.text)] : null).toBe(exp.status.printer);
    });

    it('counters: prtMarkerLifeCount and its unit as recorded', () => {
      const life = column(rec, '1.3.6.1.2.1.43.10.2.1.4');
      const units = column(rec, '1.3.6.1.2.1.43.10.2.1.3');
      const markers = [...life].map(([idx, v]) => ({
        index: Number(idx.split('.')[1]),
        lifeCount: Number(v.text),
        unit: units.has(idx) ? (COUNTER_UNITS[Number(units.get(idx)!.text)] ?? `unit${units.get(idx)!.text}`) : null,
      }));
      expect(markers).toEqual(exp.counters.markers);
      expect(exp.counters.total).toBe(markers[0]?.lifeCount ?? null);
    });

    it('supplies: every row, raw values, type, and the percent/state/class/colour rules', () => {
      const descr = column(rec, '1.3.6.1.2.1.43.11.1.1.6');
      const type = column(rec, '1.3.6.1.2.1.43.11.1.1.5');
      const max = column(rec, '1.3.6.1.2.1.43.11.1.1.8');
      const level = column(rec, '1.3.6.1.2.1.43.11.1.1.9');
      const indexes = [...descr.keys()].map((k) => Number(k.split('.')[1]));
      expect(exp.supplies.map((s) => s.index)).toEqual(indexes);
      for (const s of exp.supplies) {
        const key = `1.${s.index}`;
        const label = `supply ${s.index}`;
        expect(descr.get(key)?.text, label).toBe(s.rawDescription);
        expect(Number(level.get(key)?.text), label).toBe(s.raw.level);
        expect(Number(max.get(key)?.text), label).toBe(s.raw.max);
        const t = type.get(key) ? (SUPPLY_TYPES[Number(type.get(key)!.text)] ?? 'unlisted') : null;
        expect(s.type, label).toBe(t);
        const pct = rulePercent(s.raw.level, s.raw.max);
        if (pct === null) expect(s.remainingPercent, label).toBeNull();
        else expect(s.remainingPercent, label).toBeCloseTo(pct, 3);
        expect(s.state, label).toBe(ruleState(s.raw.level, s.raw.max));
        if (t === null || t === 'other' || t === 'unknown') expect(s.class, label).toBeUndefined();
        else expect(s.class, label).toBe(WASTE_TYPES.has(t) ? 'receptacle' : 'consumed');
        const word = COLOR_WORDS.find((w) => s.forms[0]!.description.toLowerCase().includes(w)) ?? null;
        expect(s.color, label).toBe(word);
      }
    });

    it('input trays: every row with its name, level and max as recorded', () => {
      const max = column(rec, '1.3.6.1.2.1.43.8.2.1.9');
      const level = column(rec, '1.3.6.1.2.1.43.8.2.1.10');
      const name = column(rec, '1.3.6.1.2.1.43.8.2.1.13');
      expect(exp.trays.map((t) => t.index)).toEqual([...max.keys()].map((k) => Number(k.split('.')[1])));
      for (const t of exp.trays) {
        const key = `1.${t.index}`;
        expect(name.get(key)?.text ?? null).toBe(t.name);
        expect(Number(level.get(key)?.text)).toBe(t.raw.level);
        expect(Number(max.get(key)?.text)).toBe(t.raw.max);
      }
    });
  });
});

describe('compareDocument (the checker itself)', () => {
  const exp = EXPECTATIONS.find((e) => e.file === 'konica_c250i.snmprec')!;
  const good = {
    ok: true,
    identity: {
      vendor: 'Konica Minolta',
      enterprise: 18334,
      model: 'bizhub C250i',
      serialNumber: 'AA2M021115700',
      sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4',
      sysDescr: 'KONICA MINOLTA bizhub C250i',
      firmware: '1.102',
    },
    status: { device: 'warning', printer: null, errors: ['serviceRequested'], rawErrorState: '0100' },
    counters: {
      total: 33810,
      black: 26548,
      color: 7255,
      print: 29587,
      copy: 4216,
      scan: 5653,
      fax: null,
      markers: [{ index: 1, lifeCount: 33810, unit: null }],
    },
    supplies: exp.supplies.map((s) => ({
      index: s.index,
      description: s.forms[0]!.description,
      partNumber: null,
      serialNumber: null,
      type: s.type,
      class: s.class,
      color: s.color,
      remainingPercent: s.remainingPercent === null ? null : Math.round(s.remainingPercent),
      state: s.state,
      raw: s.raw,
    })),
    trays: exp.trays.map((t) => ({
      index: t.index,
      name: t.name,
      level: t.level,
      max: t.max,
      levelPercent: t.levelPercent,
      raw: { ...t.raw, unit: null },
    })),
    sources: {
      'identity.serialNumber': { oid: '1.3.6.1.2.1.43.5.1.1.17.1', raw: 'AA2M021115700' },
      'counters.total': { oid: '1.3.6.1.2.1.43.10.2.1.4.1.1', raw: 33810 },
    },
  };

  it('accepts a document that matches', () => {
    expect(compareDocument(exp, good)).toEqual({ failures: [], notes: [] });
  });

  it('names the field, the expected and the received value of each mismatch', () => {
    const bad = structuredClone(good);
    bad.identity.serialNumber = 'AA2M021115701';
    bad.supplies[4]!.remainingPercent = 0;
    bad.status.errors = [];
    const { failures } = compareDocument(exp, bad);
    expect(failures).toEqual([
      'identity.serialNumber: expected "AA2M021115700", got "AA2M021115701"',
      'status.errors: expected ["serviceRequested"], got []',
      'supplies[index=13].remainingPercent: expected null, got 0',
    ]);
  });

  it('rejects a made-up number where the device gives none', () => {
    const bad = structuredClone(good);
    (bad.counters as Record<string, unknown>)['total'] = 0;
    expect(compareDocument(exp, bad).failures).toContain('counters.total: expected 33810, got 0');
    const sharp = EXPECTATIONS.find((e) => e.file === 'sharp.snmprec')!;
    const doubled = { ...good, counters: { ...good.counters, black: 91212 } };
    expect(compareDocument(sharp, doubled).failures).toContain('counters.black: expected 91164, got 91212');
  });

  it('reports an advisory difference as a note, not a failure', () => {
    const bad = structuredClone(good);
    bad.identity.firmware = '9.99';
    expect(compareDocument(exp, bad)).toEqual({
      failures: [],
      notes: ['identity.firmware: the recording has "1.102", got "9.99" (advisory)'],
    });
  });
});
