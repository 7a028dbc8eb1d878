import { compareOids } from '../protocols/snmp/oid';
import {
  type RawSnmpSession,
  type SnmpSessionFactory,
  type SnmpSessionParams,
  SnmpType,
  type SnmpVarbind,
} from '../protocols/snmp/snmp.types';

/**
 * An in-memory SNMP agent behind the RawSnmpSession interface, fed with snmprec-style lines
 * (`OID|TYPE|VALUE`, TYPE 2 Integer, 4 OCTET STRING, 4x hex OCTET STRING, 6 OID, 64 IpAddress,
 * 65 Counter32, 66 Gauge32, 67 TimeTicks, 70 Counter64). Used by unit tests with the real SnmpClient.
 */
export interface FakeAgentOptions {
  version?: '1' | '2c' | '3';
  /** OID prefixes whose requests time out. */
  timeoutPrefixes?: string[];
  /** Fail every request with this error (e.g. a usmStats report error). */
  failWith?: () => Error;
}

export function parseSnmprec(text: string): SnmpVarbind[] {
  const out: SnmpVarbind[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const [oid, type, ...rest] = t.split('|');
    const raw = rest.join('|');
    if (!oid || !type) throw new Error(`bad snmprec line: ${t}`);
    out.push({ oid, ...decode(type, raw) });
  }
  return out.sort((a, b) => compareOids(a.oid, b.oid));
}

function decode(type: string, raw: string): { type: number; value: unknown } {
  switch (type) {
    case '2':
      return { type: SnmpType.Integer, value: Number(raw) };
    case '4':
      return { type: SnmpType.OctetString, value: Buffer.from(raw, 'utf8') };
    case '4x':
      return { type: SnmpType.OctetString, value: Buffer.from(raw, 'hex') };
    case '6':
      return { type: SnmpType.OID, value: raw };
    case '64':
      return { type: SnmpType.IpAddress, value: raw };
    case '65':
      return { type: SnmpType.Counter, value: Number(raw) };
    case '66':
      return { type: SnmpType.Gauge, value: Number(raw) };
    case '67':
      return { type: SnmpType.TimeTicks, value: Number(raw) };
    case '70': {
      const buf = Buffer.alloc(8);
      buf.writeBigUInt64BE(BigInt(raw));
      return { type: SnmpType.Counter64, value: buf };
    }
    default:
      throw new Error(`unsupported snmprec type ${type}`);
  }
}

function namedError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  const e = new Error(message);
  e.name = name;
  Object.assign(e, extra);
  return e;
}

export class FakeSnmpSession implements RawSnmpSession {
  readonly requests: { op: string; oids: string[] }[] = [];
  closed = false;

  constructor(
    private readonly data: SnmpVarbind[],
    private readonly options: FakeAgentOptions = {},
  ) {}

  private check(oids: string[], cb: (e: Error) => void): boolean {
    if (this.options.failWith) {
      cb(this.options.failWith());
      return false;
    }
    if (oids.some((o) => this.options.timeoutPrefixes?.some((p) => o.startsWith(p)))) {
      cb(namedError('RequestTimedOutError', 'Request timed out'));
      return false;
    }
    return true;
  }

  private next(oid: string): SnmpVarbind | null {
    for (const vb of this.data) if (compareOids(vb.oid, oid) > 0) return vb;
    return null;
  }

  get(oids: string[], cb: (error: Error | null, varbinds?: SnmpVarbind[]) => void): void {
    this.requests.push({ op: 'get', oids });
    if (!this.check(oids, cb)) return;
    const out: SnmpVarbind[] = [];
    for (const oid of oids) {
      const vb = this.data.find((d) => d.oid === oid);
      if (vb) out.push(vb);
      else if (this.options.version === '1')
        return cb(namedError('RequestFailedError', `NoSuchName: ${oid}`, { status: 2 }));
      else out.push({ oid, type: SnmpType.NoSuchObject, value: null });
    }
    cb(null, out);
  }

  getNext(oids: string[], cb: (error: Error | null, varbinds?: SnmpVarbind[]) => void): void {
    this.requests.push({ op: 'getNext', oids });
    if (!this.check(oids, cb)) return;
    const out: SnmpVarbind[] = [];
    for (const oid of oids) {
      const vb = this.next(oid);
      if (vb) out.push(vb);
      else if (this.options.version === '1')
        return cb(namedError('RequestFailedError', `NoSuchName: ${oid}`, { status: 2 }));
      else out.push({ oid, type: SnmpType.EndOfMibView, value: null });
    }
    cb(null, out);
  }

  getBulk(
    oids: string[],
    nonRepeaters: number,
    maxRepetitions: number,
    cb: (error: Error | null, varbinds?: (SnmpVarbind | SnmpVarbind[])[]) => void,
  ): void {
    this.requests.push({ op: 'getBulk', oids });
    if (!this.check(oids, cb)) return;
    const out: (SnmpVarbind | SnmpVarbind[])[] = [];
    oids.forEach((oid, i) => {
      if (i < nonRepeaters) {
        out.push(this.next(oid) ?? { oid, type: SnmpType.EndOfMibView, value: null });
        return;
      }
      const list: SnmpVarbind[] = [];
      let cursor = oid;
      for (let r = 0; r < maxRepetitions; r++) {
        const vb = this.next(cursor);
        if (!vb) {
          list.push({ oid: cursor, type: SnmpType.EndOfMibView, value: null });
          break;
        }
        list.push(vb);
        cursor = vb.oid;
      }
      out.push(list);
    });
    cb(null, out);
  }

  set(varbinds: SnmpVarbind[], cb: (error: Error | null, varbinds?: SnmpVarbind[]) => void): void {
    this.requests.push({ op: 'set', oids: varbinds.map((v) => v.oid) });
    cb(null, varbinds);
  }

  close(): void {
    this.closed = true;
  }

  on(_event: 'error', _listener: (error: Error) => void): this {
    return this;
  }
}

/** A session factory serving the given snmprec text. */
export function fakeSessionFactory(
  snmprec: string,
  options: FakeAgentOptions = {},
): SnmpSessionFactory & { sessions: FakeSnmpSession[] } {
  const data = parseSnmprec(snmprec);
  const sessions: FakeSnmpSession[] = [];
  const factory = ((p: SnmpSessionParams) => {
    const s = new FakeSnmpSession(data, { version: p.credentials.version, ...options });
    sessions.push(s);
    return s;
  }) as unknown as SnmpSessionFactory & { sessions: FakeSnmpSession[] };
  factory.sessions = sessions;
  return factory;
}
