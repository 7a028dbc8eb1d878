import type { SnmpCredentials } from '@fleetward/contracts';
import * as snmp from 'net-snmp';
import { compareOids, isInSubtree, normalizeOid } from './oid';
import {
  mapNetSnmpError,
  SnmpDecryptionError,
  type SnmpError,
  SnmpMalformedResponseError,
  SnmpNoSuchNameError,
  SnmpRequestFailedError,
  SnmpTimeoutError,
} from './snmp.errors';
import {
  type GetResult,
  type RawSnmpSession,
  type ReadAllResult,
  type SnmpClient,
  type SnmpSessionFactory,
  type SnmpSessionParams,
  SnmpType,
  type SnmpVarbind,
  type VarbindErrorName,
  type WalkOptions,
  type WalkRequest,
} from './snmp.types';

export interface SnmpClientOptions {
  host: string;
  /** Default 161. */
  port?: number;
  credentials: SnmpCredentials;
  /** Per-request timeout in ms; default 2000. */
  timeoutMs?: number;
  /** Retries per request; default 1. */
  retries?: number;
  /** GETBULK max-repetitions for walks; default 10. */
  maxRepetitions?: number;
  /** Max OIDs in one GET; default 30 (larger lists are split). */
  maxOidsPerGet?: number;
  /** Send walks started in the same tick as one GETBULK (default true). */
  coalesceWalks?: boolean;
  /** Injectable session factory (tests, or a multiplexed transport); default net-snmp. */
  sessionFactory?: SnmpSessionFactory;
  /** net-snmp dgram module, e.g. SharedUdpTransport.dgramModule to share one socket. */
  dgramModule?: { createSocket(type: string): unknown };
}

const AUTH: Record<string, number> = {
  md5: snmp.AuthProtocols.md5,
  sha: snmp.AuthProtocols.sha,
  sha224: snmp.AuthProtocols.sha224,
  sha256: snmp.AuthProtocols.sha256,
  sha384: snmp.AuthProtocols.sha384,
  sha512: snmp.AuthProtocols.sha512,
};
const PRIV: Record<string, number> = {
  des: snmp.PrivProtocols.des,
  aes: snmp.PrivProtocols.aes,
  aes256b: snmp.PrivProtocols.aes256b,
  aes256r: snmp.PrivProtocols.aes256r,
};

/** Default session factory: a real net-snmp session. */
export const netSnmpSessionFactory: SnmpSessionFactory = (p: SnmpSessionParams): RawSnmpSession => {
  const common = {
    port: p.port,
    timeout: p.timeoutMs,
    retries: p.retries,
    backoff: 1,
    idBitsSize: 32,
    ...(p.dgramModule ? { dgramModule: p.dgramModule } : {}),
  };
  const c = p.credentials;
  if (c.version === '3') {
    const level = snmp.SecurityLevel[c.level];
    const user: snmp.NetSnmpUser = { name: c.user, level };
    if (c.level !== 'noAuthNoPriv') {
      user.authProtocol = AUTH[c.authProtocol ?? 'sha'];
      user.authKey = c.authKey ?? '';
    }
    if (c.level === 'authPriv') {
      user.privProtocol = PRIV[c.privProtocol ?? 'aes'];
      user.privKey = c.privKey ?? '';
    }
    return snmp.createV3Session(p.host, user, {
      ...common,
      version: snmp.Version3,
      ...(c.context ? { context: c.context } : {}),
    }) as unknown as RawSnmpSession;
  }
  return snmp.createSession(p.host, c.community, {
    ...common,
    version: c.version === '1' ? snmp.Version1 : snmp.Version2c,
  }) as unknown as RawSnmpSession;
};

export function isVarbindException(vb: SnmpVarbind): boolean {
  return vb.type === SnmpType.NoSuchObject || vb.type === SnmpType.NoSuchInstance || vb.type === SnmpType.EndOfMibView;
}

function exceptionName(vb: SnmpVarbind): 'noSuchObject' | 'noSuchInstance' | 'endOfMibView' {
  if (vb.type === SnmpType.NoSuchObject) return 'noSuchObject';
  if (vb.type === SnmpType.NoSuchInstance) return 'noSuchInstance';
  return 'endOfMibView';
}

/** Row OID lists shared by every client whose table has the same rows (a fleet of one model: one copy). */
const rowOidLists = new Map<string, readonly string[]>();

function internRowOids(base: string, rows: readonly SnmpVarbind[]): readonly string[] {
  const key = `${base}|${rows.length}|${rows.at(-1)?.oid ?? ''}`;
  const known = rowOidLists.get(key);
  if (sameRows(known, rows)) return known;
  const list = rows.map((r) => r.oid);
  if (rowOidLists.size >= 10_000) rowOidLists.clear();
  rowOidLists.set(key, list);
  return list;
}

const orNull = (): null => null;

/** Whether `rows` are exactly the known row OIDs (interned strings: pointer comparisons when they are). */
function sameRows(known: readonly string[] | undefined, rows: readonly SnmpVarbind[]): known is readonly string[] {
  if (known === undefined || known.length !== rows.length) return false;
  for (let i = 0; i < rows.length; i++) if (known[i] !== rows[i]!.oid) return false;
  return true;
}

const NO_ROWS: ReadonlyMap<string, readonly string[]> = new Map();
/** Row maps (column → row OIDs) shared by every client whose tables have the same rows (one model: one copy). */
const rowMaps = new Map<string, ReadonlyMap<string, readonly string[]>>();

/** `known` with each column's rows replaced by those just walked; unchanged maps are returned as they are. */
function rowsAfter(
  known: ReadonlyMap<string, readonly string[]>,
  walked: readonly { base: string; rows: readonly SnmpVarbind[] }[],
): ReadonlyMap<string, readonly string[]> {
  let next: Map<string, readonly string[]> | null = null;
  for (const { base, rows } of walked) {
    if (sameRows(known.get(base), rows)) continue; // the usual warm walk: the rows it predicted
    const list = internRowOids(base, rows);
    if (known.get(base) === list) continue;
    next ??= new Map(known);
    next.set(base, list);
  }
  if (next === null) return known;
  // Row lists are interned: two maps with the same columns, lengths and last rows hold the same lists, checked.
  const key = [...next].map(([base, list]) => `${base}|${list.length}|${list.at(-1) ?? ''}`).join(' ');
  const shared = rowMaps.get(key);
  if (shared && shared.size === next.size && [...next].every(([base, list]) => shared.get(base) === list))
    return shared;
  if (rowMaps.size >= 1_000) rowMaps.clear();
  rowMaps.set(key, next);
  return next;
}

const NO_LABELS: ReadonlyMap<string, VarbindErrorName> = new Map();
/** Label sets shared by every client whose agent gave the same ones (a fleet of one model: one copy). */
const labelSets = new Map<string, ReadonlyMap<string, VarbindErrorName>>();

/** The labels after a GET: its missing OIDs with their exception, its present ones dropped. */
function labelsAfter(
  labels: ReadonlyMap<string, VarbindErrorName>,
  results: readonly GetResult[],
): ReadonlyMap<string, VarbindErrorName> {
  let changed = false;
  for (const r of results) {
    if (r.ok ? labels.has(r.oid) : labels.get(r.oid) !== r.error) {
      changed = true;
      break;
    }
  }
  if (!changed) return labels;
  const next = new Map(labels);
  for (const r of results) {
    if (r.ok) next.delete(r.oid);
    else next.set(r.oid, r.error);
  }
  if (next.size === 0) return NO_LABELS;
  const key = [...next].map(([oid, label]) => `${oid}=${label}`).join(' ');
  const known = labelSets.get(key);
  if (known) return known;
  if (labelSets.size >= 1_000) labelSets.clear();
  labelSets.set(key, next);
  return next;
}

/*
 * Walk helpers that need no client state live here, not in createSnmpClient: a closure made per client is
 * ~60 bytes of heap per device kept for as long as the session.
 */

interface ColumnWalk {
  base: string;
  maxRows: number;
  cursor: string;
  rows: SnmpVarbind[];
  done: boolean;
}

function accept(col: ColumnWalk, vb: SnmpVarbind | undefined): boolean {
  if (!vb || isVarbindException(vb) || !isInSubtree(col.base, vb.oid) || compareOids(vb.oid, col.cursor) <= 0) {
    col.done = true;
    return false;
  }
  col.rows.push(vb);
  col.cursor = vb.oid;
  if (col.rows.length >= col.maxRows) col.done = true;
  return !col.done;
}

/** Appends the predicted chain of every column to `request` ([base, row1, …, rowN] → [row1, …, rowN, next]). */
function appendChains(
  knownOids: ReadonlyMap<string, readonly string[]>,
  state: readonly ColumnWalk[],
  request: string[],
): void {
  for (const col of state) {
    const rows = knownOids.get(col.base)!;
    const n = Math.min(rows.length, col.maxRows);
    request.push(col.base);
    for (let i = 0; i < n; i++) request.push(rows[i]!);
  }
}

/** Takes the answers to the chains appended at `at` while each chain holds. */
function acceptChains(
  knownOids: ReadonlyMap<string, readonly string[]>,
  state: readonly ColumnWalk[],
  request: readonly string[],
  vbs: SnmpVarbind[],
  at: number,
): void {
  for (const col of state) {
    const span = Math.min(knownOids.get(col.base)!.length, col.maxRows) + 1;
    for (let k = 0; k < span; k++) {
      // Answer k is the successor of request[at + k], which is the column's cursor only while the chain holds.
      if (request[at + k] !== col.cursor) break;
      const vb = vbs[at + k];
      // The predicted next row (decoded OIDs are interned, so this is usually one pointer comparison): it lies in
      // the column and past the cursor, because the known rows are those of an earlier walk, in order.
      if (k + 1 < span && vb !== undefined && vb.oid === request[at + k + 1] && !isVarbindException(vb)) {
        col.rows.push(vb);
        col.cursor = vb.oid;
        if (col.rows.length < col.maxRows) continue;
        col.done = true;
        break;
      }
      if (!accept(col, vb)) break;
    }
    at += span;
  }
}

const newWalkState = (specs: readonly { base: string; maxRows: number }[]): ColumnWalk[] =>
  specs.map(({ base, maxRows }) => ({ base, maxRows, cursor: base, rows: [], done: false }));

const specsOf = (columns: readonly string[], opts: WalkOptions) =>
  columns.map((c) => ({ base: normalizeOid(c), maxRows: opts.maxRows ?? 10_000 }));

/**
 * Creates a promise-based SNMP client. One session per client: keep the client between polls so the
 * SNMPv3 engine discovery (engine id, boots, time) is done once.
 */
export function createSnmpClient(options: SnmpClientOptions): SnmpClient {
  const host = options.host;
  const port = options.port ?? 161;
  const maxRepetitions = options.maxRepetitions ?? 10;
  const maxOidsPerGet = options.maxOidsPerGet ?? 30;
  const coalesceWalks = options.coalesceWalks ?? true;
  const factory = options.sessionFactory ?? netSnmpSessionFactory;
  const session = factory({
    host,
    port,
    credentials: options.credentials,
    timeoutMs: options.timeoutMs ?? 2000,
    retries: options.retries ?? 1,
    ...(options.dgramModule ? { dgramModule: options.dgramModule } : {}),
  });
  const version = options.credentials.version;
  const ctx = { host, port };
  // A datagram net-snmp cannot parse is emitted as 'error' and the request then times out;
  // remember it so that timeout is reported as a malformed answer.
  let lastParseErrorAt = -1;
  let lastParseError: Error | null = null;
  session.on('error', (error: Error) => {
    lastParseErrorAt = performance.now();
    lastParseError = error;
  });
  let closed = false;

  let everAnswered = false;
  const authPriv = options.credentials.version === '3' && options.credentials.level === 'authPriv';

  const fail = (error: unknown, startedAt: number): SnmpError => {
    const mapped = mapNetSnmpError(error, ctx);
    if (mapped instanceof SnmpTimeoutError && lastParseErrorAt >= startedAt) {
      return new SnmpMalformedResponseError(
        `${host}:${port} sent an answer that cannot be decoded: ${lastParseError?.message ?? 'parse error'}`,
        { cause: lastParseError },
      );
    }
    if (mapped instanceof SnmpTimeoutError && authPriv && !everAnswered && session.msgSecurityParameters) {
      // The agent answered engine discovery but never an encrypted request: agents (Net-SNMP among them)
      // silently drop what they cannot decrypt, so a wrong privacy key or protocol looks like this.
      return new SnmpDecryptionError(
        `${host}:${port} answered SNMPv3 engine discovery but never the encrypted request: wrong privacy key or protocol (agents drop what they cannot decrypt), or a user the agent ignores without a report`,
        { cause: error },
      );
    }
    return mapped;
  };

  const call = <T>(run: (cb: (error: Error | null, result?: T) => void) => void): Promise<T> => {
    if (closed) return Promise.reject(new SnmpRequestFailedError(`session to ${host}:${port} is closed`, null));
    const startedAt = performance.now();
    return new Promise<T>((resolve, reject) => {
      try {
        run((error, result) => {
          if (error) reject(fail(error, startedAt));
          else {
            everAnswered = true;
            resolve(result as T);
          }
        });
      } catch (error) {
        reject(fail(error, startedAt));
      }
    });
  };

  const rawGet = (oids: string[]) => call<SnmpVarbind[]>((cb) => session.get(oids, cb));
  const rawGetNext = (oids: string[]) => call<SnmpVarbind[]>((cb) => session.getNext(oids, cb));
  const rawGetBulk = (oids: string[], nonRepeaters: number, maxRep: number) =>
    call<(SnmpVarbind | SnmpVarbind[])[]>((cb) => session.getBulk(oids, nonRepeaters, maxRep, cb));

  /** GET; on v1 a noSuchName for one OID is retried without it so the other OIDs still come back. */
  async function getChunk(oids: string[]): Promise<GetResult[]> {
    const results = new Map<string, GetResult>();
    let pending = [...oids];
    while (pending.length > 0) {
      try {
        const vbs = await rawGet(pending);
        pending.forEach((oid, i) => {
          const vb = vbs[i];
          if (!vb) results.set(oid, { oid, ok: false, error: 'noSuchObject' });
          else if (isVarbindException(vb)) results.set(oid, { oid, ok: false, error: exceptionName(vb) });
          else results.set(oid, { oid, ok: true, varbind: vb });
        });
        pending = [];
      } catch (error) {
        if (!(error instanceof SnmpNoSuchNameError)) throw error;
        const bad = error.oid && pending.includes(error.oid) ? error.oid : null;
        if (bad) {
          results.set(bad, { oid: bad, ok: false, error: 'noSuchName' });
          pending = pending.filter((o) => o !== bad);
        } else if (pending.length === 1) {
          const only = pending[0]!;
          results.set(only, { oid: only, ok: false, error: 'noSuchName' });
          pending = [];
        } else {
          // Cannot tell which OID failed: ask one by one.
          for (const oid of pending) results.set(oid, (await getChunk([oid]))[0]!);
          pending = [];
        }
      }
    }
    return oids.map((oid) => results.get(oid)!);
  }

  async function get(oids: string[]): Promise<GetResult[]> {
    const norm = oids.map(normalizeOid);
    const out: GetResult[] = [];
    for (let i = 0; i < norm.length; i += maxOidsPerGet)
      out.push(...(await getChunk(norm.slice(i, i + maxOidsPerGet))));
    absentLabels = labelsAfter(absentLabels, out);
    return out;
  }

  async function getBulk(oids: string[], nonRepeaters: number, maxRep: number): Promise<SnmpVarbind[][]> {
    const res = await rawGetBulk(oids.map(normalizeOid), nonRepeaters, maxRep);
    return res.map((r) => (Array.isArray(r) ? r : [r]));
  }

  /** Rows each column had at its last complete walk (v1 only, made on first use): sizes the next walk's request. */
  let knownRows: Map<string, number> | null = null;
  /**
   * The OIDs of each column's rows at its last complete walk (v2c/v3): the next walk asks for the whole chain in
   * one GETNEXT (column, row 1, …, row n, each answered by its successor) and accepts an answer only while the
   * chain holds, so it returns exactly what a walk returns. Only the OIDs are kept, never the values. The map is
   * never changed in place: a walk that finds other rows replaces it (see rowsAfter), so clients of one model share it.
   */
  let knownOids: ReadonlyMap<string, readonly string[]> = NO_ROWS;
  /** Set when an agent rejects the chained GETNEXT (e.g. tooBig): walks go back to GETBULK. */
  let chainRejected = false;
  const MAX_CHAIN = 120;
  /** Set when an agent rejects readAll's one request: its GET and walks go out apart. */
  let mergedRejected = false;
  const MAX_MERGED = 160;
  /** The exception the agent gave each OID its last GET found missing (shared between clients, see labelsOf). */
  let absentLabels: ReadonlyMap<string, VarbindErrorName> = NO_LABELS;

  const rowsKnown = (base: string): number | undefined => knownOids.get(base)?.length ?? knownRows?.get(base);

  /** Whether these columns can be asked for as one chained GETNEXT (their rows are known from the last walk). */
  const chainable = (specs: readonly { base: string }[], explicitMaxRep: number | undefined): boolean =>
    version !== '1' && explicitMaxRep === undefined && !chainRejected && specs.every((s) => knownOids.has(s.base));

  /**
   * Walks columns with GETBULK (GETNEXT on v1); `maxRows` per column. Without an explicit max-repetitions, a
   * walk of columns whose rows are known from the previous walk asks for them as one chained GETNEXT (see
   * knownOids), else for exactly that many rows plus one (to see the end), so a warm poll of a table takes one
   * request and no wasted varbinds.
   */
  async function walkNow(
    specs: { base: string; maxRows: number }[],
    explicitMaxRep: number | undefined,
  ): Promise<Map<string, SnmpVarbind[]>> {
    const state = newWalkState(specs);
    // The row map the chain is built from; another walk may replace knownOids while this one waits for its answer.
    const known = knownOids;
    if (chainable(specs, explicitMaxRep)) {
      const request: string[] = [];
      appendChains(known, state, request);
      if (request.length <= MAX_CHAIN) {
        let vbs: SnmpVarbind[] | null = null;
        try {
          vbs = await rawGetNext(request);
        } catch (error) {
          if (!(error instanceof SnmpRequestFailedError && error.status !== null)) throw error;
          chainRejected = true; // the agent refuses a request this big: plain walks from now on
        }
        if (vbs) acceptChains(known, state, request, vbs, 0);
      }
    }
    return finishWalk(state, explicitMaxRep);
  }

  /** Walks every column not yet done to its end, then remembers each column's rows for the next walk. */
  async function finishWalk(
    state: ColumnWalk[],
    explicitMaxRep: number | undefined,
  ): Promise<Map<string, SnmpVarbind[]>> {
    let maxRep = explicitMaxRep ?? maxRepetitions;
    if (explicitMaxRep === undefined && state.every((s) => rowsKnown(s.base) !== undefined)) {
      const most = Math.max(0, ...state.map((s) => Math.min(rowsKnown(s.base)!, s.maxRows)));
      // Never more than a cold walk asks for: one long table must not make every short column overrun.
      maxRep = Math.max(1, Math.min(most + 1, maxRepetitions));
    }
    for (;;) {
      const active = state.filter((s) => !s.done);
      if (active.length === 0) break;
      if (version === '1') {
        try {
          const vbs = await rawGetNext(active.map((s) => s.cursor));
          active.forEach((col, i) => accept(col, vbs[i]));
        } catch (error) {
          if (!(error instanceof SnmpNoSuchNameError)) throw error;
          // v1 end of MIB (or a broken column): find which column by its cursor, or walk them one by one.
          const hit = active.find((s) => s.cursor === error.oid);
          if (hit) hit.done = true;
          else if (active.length === 1) active[0]!.done = true;
          else {
            for (const col of active) {
              try {
                const [vb] = await rawGetNext([col.cursor]);
                accept(col, vb);
              } catch (inner) {
                if (inner instanceof SnmpNoSuchNameError) col.done = true;
                else throw inner;
              }
            }
          }
        }
        continue;
      }
      let res: (SnmpVarbind | SnmpVarbind[])[];
      try {
        res = await rawGetBulk(
          active.map((s) => s.cursor),
          0,
          maxRep,
        );
      } catch (error) {
        if (error instanceof SnmpRequestFailedError && error.status === 'TooBig' && maxRep > 1) {
          maxRep = Math.max(1, Math.floor(maxRep / 2));
          continue;
        }
        throw error;
      }
      // An agent may cut a big answer short (fewer varbinds than columns): a column left without any is not at
      // its end and is asked again; only an answer with no varbinds at all ends every column.
      const empty = res.length === 0;
      active.forEach((col, i) => {
        const r = res[i];
        const list = r === undefined ? [] : Array.isArray(r) ? r : [r];
        if (list.length === 0) {
          if (empty) col.done = true;
          return;
        }
        for (const vb of list) if (!accept(col, vb)) break;
      });
    }
    if (version === '1') {
      knownRows ??= new Map();
      for (const s of state) knownRows.set(s.base, s.rows.length);
    } else knownOids = rowsAfter(knownOids, state);
    return new Map(state.map((s) => [s.base, s.rows]));
  }

  interface PendingWalk {
    columns: string[];
    opts: WalkOptions;
    resolve: (cols: Map<string, SnmpVarbind[]>) => void;
    reject: (error: unknown) => void;
  }
  let pendingWalks: PendingWalk[] | null = null;

  const walkOne = (w: PendingWalk): void => {
    walkNow(specsOf(w.columns, w.opts), w.opts.maxRepetitions).then(w.resolve, w.reject);
  };

  /**
   * Walks requested in the same tick (the driver reads counters, supplies, trays and alerts together) go out
   * as ONE GETBULK with every column as a repeater; each caller gets exactly its own columns back. If the merged
   * request fails (an agent that rejects a big request, or one subtree that never answers), each walk is retried
   * on its own, so one odd column cannot cost the others.
   */
  function flushWalks(): void {
    const batch = pendingWalks ?? [];
    pendingWalks = null;
    if (batch.length === 1) {
      walkOne(batch[0]!);
      return;
    }
    const merged = new Map<string, number>();
    let explicit: number | undefined;
    for (const w of batch) {
      if (w.opts.maxRepetitions !== undefined) explicit = Math.max(explicit ?? 0, w.opts.maxRepetitions);
      for (const s of specsOf(w.columns, w.opts)) merged.set(s.base, Math.max(merged.get(s.base) ?? 0, s.maxRows));
    }
    walkNow(
      [...merged].map(([base, maxRows]) => ({ base, maxRows })),
      explicit,
    ).then(
      (all) => {
        for (const w of batch) {
          const own = new Map<string, SnmpVarbind[]>();
          for (const s of specsOf(w.columns, w.opts)) {
            const rows = all.get(s.base) ?? [];
            own.set(s.base, rows.length > s.maxRows ? rows.slice(0, s.maxRows) : rows);
          }
          w.resolve(own);
        }
      },
      (error: unknown) => {
        if (closed) for (const w of batch) w.reject(error);
        else for (const w of batch) walkOne(w);
      },
    );
  }

  /**
   * Reads a known poll in one request where the agent allows it: every GET OID as a GETNEXT of its parent (the
   * answer is the OID itself when it exists) and every walk's columns as the chained GETNEXT of walkNow, all in one
   * GETNEXT. An OID whose answer is another one is read again with a real GET, unless the answer lies past it (or
   * the MIB ended), which proves it is missing now: it then gets the exception the agent gave it at its last GET.
   * Walks whose chain broke go on as walks. An agent that refuses the request (tooBig…) gets the GET and the walks
   * as separate requests from then on. A walk that fails is left out (null) and a GET OID whose GET failed is left
   * out of `gets`, so the caller can ask again; only a failure of the one request (timeout…) rejects.
   */
  async function readAll(getOids: readonly string[], walks: readonly WalkRequest[]): Promise<ReadAllResult> {
    const oids = getOids.map(normalizeOid);
    const merged = new Map<string, number>();
    let explicit: number | undefined;
    for (const w of walks) {
      if (w.opts.maxRepetitions !== undefined) explicit = Math.max(explicit ?? 0, w.opts.maxRepetitions);
      for (const s of specsOf(w.columns, w.opts)) merged.set(s.base, Math.max(merged.get(s.base) ?? 0, s.maxRows));
    }
    const specs = [...merged].map(([base, maxRows]) => ({ base, maxRows }));
    const gets = new Map<string, GetResult>();
    const split = (all: Map<string, SnmpVarbind[]> | null): (Map<string, SnmpVarbind[]> | null)[] =>
      walks.map((w) => {
        if (all === null) return null;
        const own = new Map<string, SnmpVarbind[]>();
        for (const s of specsOf(w.columns, w.opts)) {
          const rows = all.get(s.base) ?? [];
          own.set(s.base, rows.length > s.maxRows ? rows.slice(0, s.maxRows) : rows);
        }
        return own;
      });
    const readGets = async (list: string[]): Promise<void> => {
      if (list.length === 0) return;
      try {
        for (const r of await get(list)) gets.set(r.oid, r);
      } catch (error) {
        if (error instanceof SnmpTimeoutError || closed) throw error;
      }
    };
    const state = newWalkState(specs);
    const known = knownOids; // as in walkNow: the map the chains are built from and read against
    let request: string[] | null = null;
    if (!mergedRejected && oids.length <= maxOidsPerGet && chainable(specs, explicit)) {
      request = [];
      for (const oid of oids) {
        const dot = oid.lastIndexOf('.');
        if (dot <= 0) {
          request = null;
          break;
        }
        request.push(oid.slice(0, dot));
      }
      if (request) appendChains(known, state, request);
      if (request && request.length > MAX_MERGED) request = null;
    }
    if (request === null) {
      const [, all] = await Promise.all([
        readGets(oids),
        specs.length === 0 ? new Map<string, SnmpVarbind[]>() : walkNow(specs, explicit).catch(orNull),
      ]);
      return { gets, walks: split(all) };
    }
    let vbs: SnmpVarbind[];
    try {
      vbs = await rawGetNext(request);
    } catch (error) {
      if (!(error instanceof SnmpRequestFailedError && error.status !== null)) throw error;
      mergedRejected = true; // the agent refuses a request this big: the GET and the walks apart from now on
      return readAll(getOids, walks);
    }
    const unsure: string[] = [];
    for (let i = 0; i < oids.length; i++) {
      const oid = oids[i]!;
      const vb = vbs[i];
      if (vb !== undefined && vb.oid === oid && !isVarbindException(vb)) {
        gets.set(oid, { oid, ok: true, varbind: vb });
        continue;
      }
      const label = absentLabels.get(oid);
      const past =
        vb !== undefined &&
        (vb.type === SnmpType.EndOfMibView || (!isVarbindException(vb) && compareOids(vb.oid, oid) > 0));
      if (label !== undefined && past) gets.set(oid, { oid, ok: false, error: label });
      else unsure.push(oid);
    }
    acceptChains(known, state, request, vbs, oids.length);
    const [, all] = await Promise.all([readGets(unsure), finishWalk(state, explicit).catch(orNull)]);
    return { gets, walks: split(all) };
  }

  function walkColumns(columns: string[], opts: WalkOptions = {}): Promise<Map<string, SnmpVarbind[]>> {
    if (!coalesceWalks) return walkNow(specsOf(columns, opts), opts.maxRepetitions);
    return new Promise((resolve, reject) => {
      if (pendingWalks === null) {
        pendingWalks = [];
        queueMicrotask(flushWalks);
      }
      pendingWalks.push({ columns, opts, resolve, reject });
    });
  }

  return {
    host,
    port,
    version,
    get,
    getNext: (oids) => rawGetNext(oids.map(normalizeOid)),
    getBulk,
    walk: async (oid, opts) => (await walkColumns([oid], opts)).get(normalizeOid(oid)) ?? [],
    walkColumns,
    readAll,
    set: (varbinds) => call<SnmpVarbind[]>((cb) => session.set(varbinds, cb)),
    close: () => {
      if (closed) return;
      closed = true;
      try {
        session.close();
      } catch {
        // already closed
      }
    },
  };
}
