import { SnmpType, type SnmpVarbind } from '../../protocols/snmp';
import { decodeOctetString } from './octet-string';

/** Conversion of varbind values; a value of the wrong type is "malformed" (never coerced into a number). */
export type Decoded<T> = { ok: true; value: T; raw: string | number | null } | { ok: false; message: string };

const NUMERIC = new Set<number>([SnmpType.Integer, SnmpType.Counter, SnmpType.Gauge, SnmpType.TimeTicks]);

export function asInteger(vb: SnmpVarbind): Decoded<number> {
  if (NUMERIC.has(vb.type) && typeof vb.value === 'number' && Number.isFinite(vb.value)) {
    return { ok: true, value: vb.value, raw: vb.value };
  }
  if (vb.type === SnmpType.Counter64 && Buffer.isBuffer(vb.value)) {
    let n = 0n;
    for (const b of vb.value) n = (n << 8n) | BigInt(b);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: `Counter64 ${n} exceeds 2^53` };
    return { ok: true, value: Number(n), raw: Number(n) };
  }
  return { ok: false, message: `expected a number, got type ${vb.type} (${describe(vb.value)})` };
}

export function asText(vb: SnmpVarbind): Decoded<string | null> {
  if (vb.type === SnmpType.OctetString) {
    const text = decodeOctetString(vb.value);
    return { ok: true, value: text, raw: text };
  }
  return { ok: false, message: `expected an OCTET STRING, got type ${vb.type} (${describe(vb.value)})` };
}

export function asBytes(vb: SnmpVarbind): Decoded<Buffer> {
  if (vb.type === SnmpType.OctetString && Buffer.isBuffer(vb.value)) {
    return { ok: true, value: vb.value, raw: vb.value.toString('hex') };
  }
  return { ok: false, message: `expected an OCTET STRING, got type ${vb.type} (${describe(vb.value)})` };
}

export function asOid(vb: SnmpVarbind): Decoded<string> {
  if (vb.type === SnmpType.OID && typeof vb.value === 'string') return { ok: true, value: vb.value, raw: vb.value };
  return { ok: false, message: `expected an OBJECT IDENTIFIER, got type ${vb.type} (${describe(vb.value)})` };
}

function describe(value: unknown): string {
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex').slice(0, 32)}`;
  return String(value).slice(0, 40);
}
