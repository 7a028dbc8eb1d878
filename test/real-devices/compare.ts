/**
 * Compares one `poll` document (parsed JSON, shape unknown until checked) with a recording's expectation.
 * Returns `failures` (the product is wrong, or the document breaks the contract) and `notes` (advisory
 * differences: models from sysDescr, serials from vendor MIBs the contract does not require, vendor
 * counters left null). Every message names the field, what was expected and what came back.
 */
import {
  type OneOf,
  PRT_LIFE_COUNT_1,
  type RecordingExpectation,
  type SupplyExpectation,
  type TrayExpectation,
} from './expectations';

export interface Comparison {
  failures: string[];
  notes: string[];
}

/** Tolerance for percentages: the exact value, one decimal or the rounded integer all pass. */
export const PERCENT_TOLERANCE = 0.5 + 1e-9;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

function accepts<T>(expected: OneOf<T>, got: unknown): boolean {
  const options = isObject(expected) && 'oneOf' in expected ? expected.oneOf : [expected];
  return options.some((o) => o === got);
}

function describeExpected<T>(expected: OneOf<T>): string {
  return isObject(expected) && 'oneOf' in expected ? `one of ${show(expected.oneOf)}` : show(expected);
}

const lower = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);
const normOid = (v: unknown): unknown => (typeof v === 'string' ? v.replace(/^\./, '') : v);

function percentMatches(expected: number | null, got: unknown): boolean {
  if (expected === null) return got === null;
  return typeof got === 'number' && Math.abs(got - expected) <= PERCENT_TOLERANCE;
}

/** Undefined (field missing from the document) counts as null for optional contract fields. */
const orNull = (v: unknown): unknown => (v === undefined ? null : v);

export function compareDocument(exp: RecordingExpectation, doc: unknown): Comparison {
  const failures: string[] = [];
  const notes: string[] = [];
  const fail = (field: string, expected: string, got: unknown): void => {
    failures.push(`${field}: expected ${expected}, got ${show(got)}`);
  };

  if (!isObject(doc)) {
    fail('document', 'a JSON object', doc);
    return { failures, notes };
  }
  if (doc['ok'] !== true) fail('ok', 'true', doc['ok']);

  // identity
  const identity = isObject(doc['identity']) ? doc['identity'] : {};
  if (!isObject(doc['identity'])) fail('identity', 'an object', doc['identity']);
  const ie = exp.identity;
  if (!accepts(ie.vendor, identity['vendor'])) fail('identity.vendor', describeExpected(ie.vendor), identity['vendor']);
  if ('enterprise' in identity && identity['enterprise'] !== ie.enterprise) {
    fail('identity.enterprise', show(ie.enterprise), identity['enterprise']);
  }
  if (normOid(identity['sysObjectId']) !== ie.sysObjectId) {
    fail('identity.sysObjectId', show(ie.sysObjectId), identity['sysObjectId']);
  }
  // Trailing blanks may be trimmed for display (samsungprinter_m4080fx ends in "S/N "); nothing else may change.
  const sysDescr = identity['sysDescr'];
  if (sysDescr !== ie.sysDescr && !(ie.sysDescr !== null && sysDescr === ie.sysDescr.trimEnd())) {
    fail('identity.sysDescr', show(ie.sysDescr), sysDescr);
  }

  const model = identity['model'];
  if (!ie.model.accept.some((m) => m === model)) {
    const msg = `identity.model: expected one of ${show(ie.model.accept)}, got ${show(model)}`;
    if (ie.model.strict) failures.push(msg);
    else notes.push(`${msg} (advisory: the contract names no source for this model)`);
  }

  if (ie.firmware !== undefined && identity['firmware'] !== ie.firmware) {
    notes.push(
      `identity.firmware: the recording has ${show(ie.firmware)}, got ${show(identity['firmware'])} (advisory)`,
    );
  }

  const serial = identity['serialNumber'];
  if (serial !== ie.serialNumber) {
    if (serial === null && ie.serialNullAllowed) {
      notes.push(
        `identity.serialNumber: null; the recording has ${show(ie.serialNumber)} at ${ie.serialOid} (a vendor MIB the contract does not require)`,
      );
    } else {
      fail('identity.serialNumber', show(ie.serialNumber), serial);
    }
  } else if (serial !== null && ie.serialOid) {
    const sources = isObject(doc['sources']) ? doc['sources'] : null;
    const src = sources ? sources['identity.serialNumber'] : undefined;
    if (isObject(src)) {
      if (normOid(src['oid']) !== ie.serialOid)
        fail("sources['identity.serialNumber'].oid", show(ie.serialOid), src['oid']);
    } else {
      notes.push(`sources['identity.serialNumber'] missing (expected oid ${ie.serialOid})`);
    }
  }

  // status
  const status = isObject(doc['status']) ? doc['status'] : {};
  if (!isObject(doc['status'])) fail('status', 'an object', doc['status']);
  const se = exp.status;
  if (!accepts(se.device, status['device'])) fail('status.device', describeExpected(se.device), status['device']);
  if (status['printer'] !== se.printer) fail('status.printer', show(se.printer), status['printer']);
  const errors = status['errors'];
  if (!Array.isArray(errors)) {
    fail('status.errors', show(se.errors), errors);
  } else {
    const got = [...(errors as unknown[])].map(String).sort();
    const want = [...se.errors].sort();
    if (show(got) !== show(want)) fail('status.errors', show(se.errors), errors);
  }
  if ('rawErrorState' in status && lower(status['rawErrorState']) !== lower(se.rawErrorState)) {
    fail('status.rawErrorState', show(se.rawErrorState), status['rawErrorState']);
  }

  // counters
  const counters = isObject(doc['counters']) ? doc['counters'] : {};
  if (!isObject(doc['counters'])) fail('counters', 'an object', doc['counters']);
  const ce = exp.counters;
  if (counters['total'] !== ce.total) fail('counters.total', show(ce.total), counters['total']);
  if (ce.total !== null) {
    const sources = isObject(doc['sources']) ? doc['sources'] : null;
    const src = sources ? sources['counters.total'] : undefined;
    if (isObject(src)) {
      if (normOid(src['oid']) !== PRT_LIFE_COUNT_1) fail("sources['counters.total'].oid", PRT_LIFE_COUNT_1, src['oid']);
    } else {
      notes.push(`sources['counters.total'] missing (expected oid ${PRT_LIFE_COUNT_1})`);
    }
  }
  if ('markers' in counters) {
    const markers = counters['markers'];
    const got = Array.isArray(markers)
      ? (markers as unknown[]).map((m) =>
          isObject(m) ? { index: m['index'], lifeCount: m['lifeCount'], unit: orNull(m['unit']) } : m,
        )
      : markers;
    if (show(got) !== show(ce.markers)) fail('counters.markers', show(ce.markers), got);
  }
  const vendorKeys = ['black', 'color', 'print', 'copy', 'scan', 'fax'] as const;
  for (const key of vendorKeys) {
    const got = orNull(counters[key]);
    const want = ce.vendor?.[key];
    if (want !== undefined) {
      if (got === null) notes.push(`counters.${key}: null; the recording has ${want}`);
      else if (got !== want) fail(`counters.${key}`, show(want), got);
    } else if (ce.vendorCountersAbsent && got !== null) {
      fail(`counters.${key}`, 'null (the recording has no vendor counter for it)', got);
    }
  }

  // supplies
  const supplies = doc['supplies'];
  if (!Array.isArray(supplies)) {
    fail('supplies', `an array of ${exp.supplies.length}`, supplies);
  } else {
    compareList('supplies', exp.supplies, supplies as unknown[], compareSupply, failures);
  }

  // input trays
  const trays = doc['trays'];
  if (!Array.isArray(trays)) {
    fail('trays', `an array of ${exp.trays.length}`, trays);
  } else {
    compareList('trays', exp.trays, trays as unknown[], compareTray, failures);
  }

  return { failures, notes };
}

function compareList<E extends { index: number }>(
  name: string,
  expected: E[],
  got: unknown[],
  compareOne: (prefix: string, e: E, g: Json, failures: string[]) => void,
  failures: string[],
): void {
  const gotIndexes = got.map((g) => (isObject(g) ? g['index'] : undefined));
  const wantIndexes = expected.map((e) => e.index);
  if (show(gotIndexes) !== show(wantIndexes)) {
    failures.push(`${name}[*].index: expected ${show(wantIndexes)}, got ${show(gotIndexes)}`);
  }
  for (const e of expected) {
    const g = got.find((x) => isObject(x) && x['index'] === e.index);
    if (!isObject(g)) continue;
    compareOne(`${name}[index=${e.index}]`, e, g, failures);
  }
}

function compareSupply(prefix: string, e: SupplyExpectation, g: Json, failures: string[]): void {
  const fail = (field: string, expected: string, got: unknown): void => {
    failures.push(`${prefix}.${field}: expected ${expected}, got ${show(got)}`);
  };
  const got = {
    description: g['description'],
    partNumber: orNull(g['partNumber']),
    serialNumber: orNull(g['serialNumber']),
  };
  if (
    !e.forms.some(
      (f) =>
        f.description === got.description && f.partNumber === got.partNumber && f.serialNumber === got.serialNumber,
    )
  ) {
    fail(
      '{description,partNumber,serialNumber}',
      e.forms.length > 1 ? `one of ${show(e.forms)}` : show(e.forms[0]),
      got,
    );
  }
  if (orNull(g['type']) !== e.type) fail('type', show(e.type), g['type']);
  if (e.class !== undefined && g['class'] !== e.class) fail('class', show(e.class), g['class']);
  if (!['consumed', 'receptacle', 'other'].includes(String(g['class']))) {
    fail('class', '"consumed" | "receptacle" | "other"', g['class']);
  }
  if (lower(orNull(g['color'])) !== e.color) fail('color', show(e.color), g['color']);
  const raw = isObject(g['raw']) ? g['raw'] : {};
  if (raw['level'] !== e.raw.level) fail('raw.level', show(e.raw.level), raw['level']);
  if (raw['max'] !== e.raw.max) fail('raw.max', show(e.raw.max), raw['max']);
  if (orNull(raw['unit']) !== e.raw.unit) fail('raw.unit', show(e.raw.unit), raw['unit']);
  if (!percentMatches(e.remainingPercent, g['remainingPercent'])) {
    fail(
      'remainingPercent',
      e.remainingPercent === null ? 'null' : `${e.remainingPercent} ± 0.5`,
      g['remainingPercent'],
    );
  }
  if (g['state'] !== e.state) fail('state', show(e.state), g['state']);
}

function compareTray(prefix: string, e: TrayExpectation, g: Json, failures: string[]): void {
  const fail = (field: string, expected: string, got: unknown): void => {
    failures.push(`${prefix}.${field}: expected ${expected}, got ${show(got)}`);
  };
  if (orNull(g['name']) !== e.name) fail('name', show(e.name), g['name']);
  const raw = isObject(g['raw']) ? g['raw'] : {};
  if (raw['level'] !== e.raw.level) fail('raw.level', show(e.raw.level), raw['level']);
  if (raw['max'] !== e.raw.max) fail('raw.max', show(e.raw.max), raw['max']);
  if (g['level'] !== e.level) fail('level', show(e.level), g['level']);
  if (g['max'] !== e.max) fail('max', show(e.max), g['max']);
  if (!percentMatches(e.levelPercent, g['levelPercent'])) {
    fail('levelPercent', e.levelPercent === null ? 'null' : `${e.levelPercent} ± 0.5`, g['levelPercent']);
  }
}
