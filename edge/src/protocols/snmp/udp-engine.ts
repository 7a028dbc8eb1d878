import * as snmp from 'net-snmp';
import { randomFillSync } from 'node:crypto';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import {
  BerDecodeError,
  type CommunityVersion,
  decodeHeader,
  decodeVarbinds,
  encodeRequest,
  type PduHeader,
  PduTag,
  type RequestPdu,
} from './ber';
import { netSnmpSessionFactory } from './snmp-client';
import { SnmpRequestFailedError } from './snmp.errors';
import type { RawSnmpSession, SnmpSessionFactory, SnmpSessionParams, SnmpVarbind } from './snmp.types';
import { decodeV3Message, INVALID, UsmSession, usmStatError, usmStatOf, type UsmVerdict } from './usm';

export interface SnmpUdpEngineOptions {
  /** Requests (PDUs) on the wire at once; later ones wait in a queue (default 1000). */
  maxInFlight?: number;
  /** Timer resolution in ms: timeouts fire on the first tick after they are due (default 10). */
  tickMs?: number;
  /** Receive buffer asked of the kernel (default 8 MB; the kernel may grant less, see receiveBufferSize). */
  receiveBufferSize?: number;
  /** Injectable monotonic clock in ms (tests). */
  now?: () => number;
  /**
   * A tick this much later than the previous one means the event loop was busy (CPU contention, a long GC): that
   * tick fires no timeout, so answers that arrived meanwhile are read first (default 100 ms; once in a row).
   */
  stallMs?: number;
  /** Carry SNMPv3 (USM) too (default true); false leaves it to `fallbackFactory` as before (comparisons). */
  v3?: boolean;
  /** Session factory for what the engine does not carry (SET, host names); default net-snmp. */
  fallbackFactory?: SnmpSessionFactory;
}

type Callback = (error: Error | null, varbinds?: unknown[]) => void;
type Kind = 'get' | 'getNext' | 'getBulk' | 'discovery';

/** Report-driven resends a v3 request may take, once each (RFC 3414 §4: engine ID change, time re-sync). */
const RESENT_ENGINE = 1;
const RESENT_TIME = 2;

/** What the engine counted (answers it did not trust, report-driven resends). */
export interface SnmpEngineStats {
  /** SNMPv3 answers dropped: wrong digest, outside the time window, below the request's security level, … */
  v3Dropped: number;
  /** SNMPv3 engine discoveries sent (one per session, again after a failed one). */
  v3Discoveries: number;
  /** SNMPv3 requests sent again after a Report: the agent's engine ID changed, or its time (reboot). */
  v3Resyncs: number;
}

interface Pending {
  id: number;
  session: EngineSession;
  /** Released when the request ends: a finished request may wait in its timeout bucket until the slot passes. */
  buf: Buffer | null;
  kind: Kind;
  /** The request's OIDs and non-repeaters / max-repetitions (kept to encode a v3 request again after a Report). */
  oids: readonly string[];
  a: number;
  b: number;
  count: number;
  nonRepeaters: number;
  triesLeft: number;
  deadline: number;
  cb: Callback | null;
  /** Bucket generation: a pending re-armed after a retry is skipped in its old bucket. */
  armedAt: number;
  /** RESENT_* bits: report-driven resends already taken. */
  resent: number;
  /** Why the last answer was dropped (v3): reported instead of a plain timeout if nothing better comes. */
  dropReason: Error | null;
}

/**
 * One request engine for SNMP v1/v2c/v3 on one UDP socket: every device session of the poller sends through it.
 * Requests are matched to answers by request id (v1/v2c) or msgID (v3) — random, 31 bits — and the answer's source
 * address and port; one interval timer drives every timeout (a wheel of buckets, not a timer per request); at most
 * `maxInFlight` PDUs are on the wire, the rest wait in order. Encoding and decoding use the small BER codec in
 * `ber.ts`, SNMPv3 security the USM in `usm.ts`: engine discovery once per session (requests wait for it), a Report
 * that says the agent's engine ID or time changed re-learns it and sends the request again (once), other usmStats
 * Reports end the request with their precise error, answers that fail authentication or the time window are
 * dropped and counted (a request that then times out says why). Sessions it returns implement `RawSnmpSession` with
 * net-snmp's result shapes and error classes, so `createSnmpClient` (walks, v1 noSuchName handling, error mapping)
 * works on top unchanged. SET and host names go to `fallbackFactory` (net-snmp).
 */
export class SnmpUdpEngine {
  private socket: dgram.Socket | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Pending[] = [];
  private queueHead = 0;
  private inFlight = 0;
  private readonly buckets = new Map<number, Pending[]>();
  private timer: NodeJS.Timeout | null = null;
  private lastTick: number;
  private lastTickAt: number | null = null;
  private skippedStall = false;
  private readonly stallMs: number;
  private readonly peers = new Map<string, Set<EngineSession>>();
  private readonly idBytes = Buffer.alloc(4096);
  private idPos = 4096;
  private closed = false;
  readonly maxInFlight: number;
  readonly tickMs: number;
  private readonly now: () => number;
  private readonly fallback: SnmpSessionFactory;
  private readonly carryV3: boolean;
  private readonly counters: SnmpEngineStats = { v3Dropped: 0, v3Discoveries: 0, v3Resyncs: 0 };

  /** Pass as `sessionFactory` to createSnmpClient. */
  readonly sessionFactory: SnmpSessionFactory = (p) => this.session(p);

  constructor(private readonly options: SnmpUdpEngineOptions = {}) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1000);
    this.tickMs = Math.max(1, options.tickMs ?? 10);
    this.stallMs = options.stallMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.fallback = options.fallbackFactory ?? netSnmpSessionFactory;
    this.carryV3 = options.v3 ?? true;
    this.lastTick = this.slot(this.now());
  }

  /** True when an engine can carry this target (an IPv4 literal; SNMPv3 unless the engine has `v3: false`). */
  static canCarry(host: string, version: string, v3 = true): boolean {
    return (v3 || version !== '3') && net.isIPv4(host);
  }

  /** What the engine counted so far. */
  get stats(): Readonly<SnmpEngineStats> {
    return { ...this.counters };
  }

  /** Requests waiting or on the wire. */
  get outstanding(): number {
    return this.pending.size + (this.queue.length - this.queueHead);
  }

  /** The kernel's receive buffer for the socket (bytes), once it exists. */
  get receiveBufferSize(): number | null {
    return this.socket?.getRecvBufferSize() ?? null;
  }

  session(p: SnmpSessionParams): RawSnmpSession {
    if (!SnmpUdpEngine.canCarry(p.host, p.credentials.version, this.carryV3)) return this.fallback(p);
    const community = p.credentials.version === '3' ? '' : p.credentials.community;
    return new EngineSession(this, p, communityBytes(community), () => this.fallback(p));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const all = [...this.pending.values(), ...this.queue.slice(this.queueHead)];
    this.pending.clear();
    this.queue.length = 0;
    this.queueHead = 0;
    this.buckets.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const q of all) q.cb?.(closedError());
    this.socket?.close();
    this.socket = null;
  }

  /** @internal */
  register(s: EngineSession): void {
    let set = this.peers.get(s.peerKey);
    if (!set) this.peers.set(s.peerKey, (set = new Set()));
    set.add(s);
  }

  /** @internal */
  unregister(s: EngineSession): void {
    const set = this.peers.get(s.peerKey);
    set?.delete(s);
    if (set?.size === 0) this.peers.delete(s.peerKey);
    for (const w of s.waiting.splice(0)) w.cb(closedError());
    // Its requests end as net-snmp's do when a session closes.
    for (const q of [...this.pending.values()]) {
      if (q.session === s && q.deadline !== 0) this.finish(q, closedError());
    }
    for (let i = this.queueHead; i < this.queue.length; i++) {
      const q = this.queue[i]!;
      if (q.session === s && q.cb) {
        const cb = q.cb;
        this.pending.delete(q.id);
        q.triesLeft = -1; // skipped when dequeued
        q.cb = null;
        q.buf = null;
        cb(closedError());
      }
    }
    this.pump();
  }

  /** @internal */
  request(s: EngineSession, kind: Kind, oids: readonly string[], a: number, b: number, cb: Callback): void {
    if (this.closed) {
      cb(closedError());
      return;
    }
    const usm = s.usm;
    if (usm !== null && usm.engineId === null) {
      // SNMPv3 before engine discovery: wait for it (one probe per session, however many requests).
      s.waiting.push({ kind, oids, a, b, cb });
      if (!s.discovering) this.discover(s);
      return;
    }
    const id = this.newId();
    let buf: Buffer;
    try {
      buf = this.encode(s, id, kind, oids, a, b);
    } catch (error) {
      cb(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (usm !== null && buf.length > usm.peerMaxSize) {
      // RFC 3412: msgMaxSize is the largest message the agent can take. Not sent; the status of an agent's tooBig,
      // so the walker falls back to smaller requests.
      cb(
        new SnmpRequestFailedError(
          `${s.host}:${s.port} takes SNMPv3 messages of at most ${usm.peerMaxSize} octets (its msgMaxSize); this request has ${buf.length}`,
          'TooBig',
        ),
      );
      return;
    }
    this.enqueue(this.pendingFor(id, s, buf, kind, oids, a, b, cb));
  }

  private pendingFor(
    id: number,
    s: EngineSession,
    buf: Buffer,
    kind: Kind,
    oids: readonly string[],
    a: number,
    b: number,
    cb: Callback,
  ): Pending {
    return {
      id,
      session: s,
      buf,
      kind,
      oids,
      a,
      b,
      count: oids.length,
      nonRepeaters: kind === 'getBulk' ? Math.max(0, Math.min(a, oids.length)) : 0,
      triesLeft: s.retries + 1,
      deadline: 0,
      cb,
      armedAt: 0,
      resent: 0,
      dropReason: null,
    };
  }

  private enqueue(q: Pending): void {
    this.pending.set(q.id, q); // reserves the id while queued
    this.queue.push(q);
    this.pump();
  }

  private encode(s: EngineSession, id: number, kind: Kind, oids: readonly string[], a: number, b: number): Buffer {
    const tag =
      kind === 'getBulk' ? PduTag.GetBulkRequest : kind === 'getNext' ? PduTag.GetNextRequest : PduTag.GetRequest;
    if (s.usm !== null) {
      if (kind === 'discovery') return s.usm.encodeDiscovery(id);
      // The PDU's request-id is the msgID: one number to match, both random.
      return s.usm.encodeRequest(id, { tag, requestId: id, a, b, oids }, this.now());
    }
    const pdu: RequestPdu = {
      version: s.version as CommunityVersion,
      community: s.community,
      tag,
      requestId: id,
      a,
      b,
      oids,
    };
    return encodeRequest(pdu);
  }

  /** SNMPv3 engine discovery (RFC 3414 §4) for a session; its waiting requests go out once it is known. */
  private discover(s: EngineSession): void {
    s.discovering = true;
    this.counters.v3Discoveries++;
    const id = this.newId();
    const done: Callback = (error) => {
      s.discovering = false;
      const waiting = s.waiting.splice(0);
      for (const w of waiting) {
        if (error) w.cb(error);
        else this.request(s, w.kind, w.oids, w.a, w.b, w.cb);
      }
    };
    this.enqueue(this.pendingFor(id, s, s.usm!.encodeDiscovery(id), 'discovery', [], 0, 0, done));
  }

  /** Sends a v3 request again under a new msgID after a Report made the session re-learn the engine or its time. */
  private resend(q: Pending): void {
    this.counters.v3Resyncs++;
    this.pending.delete(q.id);
    q.id = this.newId();
    this.pending.set(q.id, q);
    try {
      q.buf = this.encode(q.session, q.id, q.kind, q.oids, q.a, q.b);
    } catch (error) {
      this.finish(q, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    q.dropReason = null;
    q.triesLeft = Math.max(q.triesLeft, 1);
    this.transmit(q);
  }

  private newId(): number {
    for (;;) {
      if (this.idPos + 4 > this.idBytes.length) {
        randomFillSync(this.idBytes);
        this.idPos = 0;
      }
      const id = this.idBytes.readUInt32BE(this.idPos) >>> 1;
      this.idPos += 4;
      if (id !== 0 && !this.pending.has(id)) return id;
    }
  }

  private ensureSocket(): dgram.Socket {
    if (this.socket) return this.socket;
    const socket = dgram.createSocket({
      type: 'udp4',
      recvBufferSize: this.options.receiveBufferSize ?? 8 * 1024 * 1024,
      sendBufferSize: 4 * 1024 * 1024,
      // Targets are IP literals: no resolver round trip per datagram.
      lookup: (address, _family, callback) => {
        callback(null, address, 4);
      },
    });
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo.address, rinfo.port));
    socket.on('error', () => undefined); // per-send errors arrive through the send callback
    socket.unref();
    this.socket = socket;
    return socket;
  }

  /** Sends queued requests while fewer than maxInFlight are on the wire. */
  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queueHead < this.queue.length) {
      const q = this.queue[this.queueHead++]!;
      if (q.triesLeft < 0) continue;
      if (this.pending.get(q.id) !== q) continue;
      this.inFlight++;
      this.transmit(q);
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  private transmit(q: Pending): void {
    q.triesLeft--;
    q.deadline = this.now() + q.session.timeoutMs;
    q.armedAt = q.deadline;
    const slot = this.slot(q.deadline);
    let bucket = this.buckets.get(slot);
    if (!bucket) this.buckets.set(slot, (bucket = []));
    bucket.push(q);
    this.arm();
    const s = q.session;
    const buf = q.buf!;
    this.ensureSocket().send(buf, 0, buf.length, s.port, s.host, (error) => {
      if (error && this.pending.get(q.id) === q) this.finish(q, error);
    });
  }

  private slot(t: number): number {
    return Math.floor(t / this.tickMs);
  }

  private arm(): void {
    if (this.timer) return;
    this.lastTick = this.slot(this.now());
    this.lastTickAt = null;
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  /** Fires the timeouts that are due (called by the interval; public for tests with an injected clock). */
  tick(): void {
    const now = this.now();
    const stalled = this.lastTickAt !== null && now - this.lastTickAt > this.stallMs;
    this.lastTickAt = now;
    if (stalled && !this.skippedStall) {
      // Timers run before the event loop reads sockets: after a stall, let the waiting answers in first.
      this.skippedStall = true;
      return;
    }
    this.skippedStall = false;
    const nowSlot = this.slot(now);
    for (let s = this.lastTick; s <= nowSlot; s++) {
      const bucket = this.buckets.get(s);
      if (!bucket) continue;
      this.buckets.delete(s);
      for (const q of bucket) {
        // Skip what ended, and what was sent again since (it waits in a later bucket).
        if (this.pending.get(q.id) !== q || q.armedAt !== q.deadline || this.slot(q.deadline) !== s) continue;
        if (q.triesLeft > 0) this.transmit(q);
        else this.finish(q, q.dropReason ?? new snmp.RequestTimedOutError('Request timed out'));
      }
    }
    this.lastTick = nowSlot + 1;
    if (this.pending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.buckets.clear();
    }
  }

  private finish(q: Pending, error: Error | null, varbinds?: unknown[]): void {
    this.pending.delete(q.id);
    const cb = q.cb!;
    q.armedAt = -1;
    q.cb = null;
    q.buf = null;
    this.inFlight--;
    this.pump();
    cb(error, varbinds);
  }

  private onMessage(msg: Buffer, address: string, port: number): void {
    if (versionOf(msg) === 3) {
      this.onV3Message(msg, address, port);
      return;
    }
    let header;
    try {
      header = decodeHeader(msg);
    } catch (error) {
      this.parseError(address, port, error);
      return;
    }
    const q = this.pending.get(header.requestId);
    // An answer must come from the address and port the request went to.
    if (!q || q.armedAt < 0 || q.session.host !== address || q.session.port !== port) return;
    if (q.deadline === 0) return; // still queued: cannot be an answer to it
    const s = q.session;
    if (header.version !== s.version) {
      this.finish(
        q,
        new snmp.ResponseInvalidError(
          `Version in request '${s.version}' does not match version in response '${header.version}'`,
          INVALID.EVersionNoMatch,
        ),
      );
      return;
    }
    if (!msg.subarray(header.communityStart, header.communityEnd).equals(s.community)) {
      this.finish(
        q,
        new snmp.ResponseInvalidError(
          'Community in request does not match community in response',
          INVALID.ECommunityNoMatch,
        ),
      );
      return;
    }
    if (header.pduTag !== PduTag.Response) {
      this.finish(
        q,
        new snmp.ResponseInvalidError(
          header.pduTag === PduTag.Report
            ? 'Unexpected Report PDU'
            : `Unknown PDU type '${header.pduTag & 0x1f}' in response`,
          header.pduTag === PduTag.Report ? INVALID.EUnexpectedReport : INVALID.EUnknownPduType,
        ),
      );
      return;
    }
    this.deliver(q, msg, header);
  }

  /** A Response PDU whose message checks passed: its error status, or its varbinds shaped like net-snmp's. */
  private deliver(q: Pending, msg: Buffer, header: PduHeader): void {
    let vbs: SnmpVarbind[];
    try {
      vbs = decodeVarbinds(msg, header.varbindsStart, header.varbindsEnd);
    } catch (error) {
      this.finish(
        q,
        new snmp.ResponseInvalidError(error instanceof Error ? error.message : String(error), INVALID.EBadVarbindList),
      );
      return;
    }
    if (header.errorStatus > 0) {
      const name = String(snmp.ErrorStatus[header.errorStatus] ?? 'GeneralError');
      const code = Number(snmp.ErrorStatus[name] ?? 5);
      const i = header.errorIndex;
      const text = i > 0 && i <= vbs.length ? `${name}: ${vbs[i - 1]!.oid}` : name;
      this.finish(q, new snmp.RequestFailedError(text, code));
      return;
    }
    if (q.kind !== 'getBulk') {
      if (vbs.length !== q.count) {
        this.finish(
          q,
          new snmp.ResponseInvalidError('Requested OIDs do not match response OIDs', INVALID.EReqResOidNoMatch),
        );
        return;
      }
      this.finish(q, null, vbs);
      return;
    }
    this.finish(q, null, shapeBulk(vbs, q.count, q.nonRepeaters));
  }

  private onV3Message(msg: Buffer, address: string, port: number): void {
    let m;
    try {
      m = decodeV3Message(msg);
    } catch (error) {
      this.parseError(address, port, error);
      return;
    }
    const q = this.pending.get(m.msgId);
    if (!q || q.armedAt < 0 || q.session.host !== address || q.session.port !== port || q.deadline === 0) return;
    const usm = q.session.usm;
    if (usm === null) {
      this.finish(
        q,
        new snmp.ResponseInvalidError(
          `Version in request '${q.session.version}' does not match version in response '3'`,
          INVALID.EVersionNoMatch,
        ),
      );
      return;
    }
    const verdict = usm.accept(msg, m, this.now(), q.kind === 'discovery');
    switch (verdict.kind) {
      case 'drop':
        this.counters.v3Dropped++;
        q.dropReason = verdict.reason;
        return;
      case 'fail':
        this.finish(q, verdict.error);
        return;
      case 'report':
        this.onReport(q, usm, verdict);
        return;
      case 'response':
        if (q.kind === 'discovery') {
          this.finish(
            q,
            new snmp.ResponseInvalidError(
              'the agent answered the SNMPv3 engine discovery probe without a Report',
              INVALID.EUnexpectedReport,
            ),
          );
        } else if (verdict.pdu.requestId !== q.id) {
          this.counters.v3Dropped++;
          q.dropReason = new snmp.ResponseInvalidError(
            `request-id ${verdict.pdu.requestId} of an answer is not the request's`,
            INVALID.EBadVarbindList,
          );
        } else {
          this.deliver(q, verdict.buf, verdict.pdu);
        }
        return;
    }
  }

  private onReport(q: Pending, usm: UsmSession, r: Extract<UsmVerdict, { kind: 'report' }>): void {
    const now = this.now();
    if (q.kind === 'discovery') {
      if (r.engineId.length === 0) this.finish(q, usmStatError('4'));
      else {
        usm.learnEngine(r.engineId, r.boots, r.time, r.maxSize, now);
        this.finish(q, null, []);
      }
      return;
    }
    const stat = usmStatOf(r.oid);
    const otherEngine = r.engineId.length > 0 && usm.engineId?.equals(r.engineId) !== true;
    if (stat === '4' && otherEngine && (q.resent & RESENT_ENGINE) === 0) {
      // The agent's engine ID changed (reinstalled, reconfigured): learn the new one and send again.
      q.resent |= RESENT_ENGINE;
      usm.learnEngine(r.engineId, r.boots, r.time, r.maxSize, now);
      this.resend(q);
      return;
    }
    if (stat === '2' && (q.resent & RESENT_TIME) === 0 && r.engineId.length > 0) {
      // The agent rebooted (boots moved) or our notion of its time drifted: take its boots and time, send again.
      q.resent |= RESENT_TIME;
      if (otherEngine) usm.learnEngine(r.engineId, r.boots, r.time, r.maxSize, now);
      else usm.resyncTime(r.boots, r.time, now, r.authentic);
      this.resend(q);
      return;
    }
    this.finish(
      q,
      stat === null
        ? new snmp.ResponseInvalidError('Unexpected Report PDU', INVALID.EUnexpectedReport)
        : usmStatError(stat),
    );
  }

  private parseError(address: string, port: number, error: unknown): void {
    const set = this.peers.get(`${address}:${port}`);
    if (!set) return;
    const err = error instanceof BerDecodeError ? error : new Error(String(error));
    for (const s of set) s.emit('error', err);
  }
}

/** The version octet of a message (30 len 02 01 v), without decoding it; -1 when it does not start that way. */
function versionOf(msg: Buffer): number {
  const first = msg[1] ?? 0;
  const at = first < 0x80 ? 2 : 2 + (first & 0x7f);
  return msg[at] === 0x02 && msg[at + 1] === 0x01 ? (msg[at + 2] ?? -1) : -1;
}

/** net-snmp's GETBULK result: non-repeaters as varbinds, then one array per repeated column. */
function shapeBulk(vbs: SnmpVarbind[], count: number, nonRepeaters: number): (SnmpVarbind | SnmpVarbind[])[] {
  const out: (SnmpVarbind | SnmpVarbind[])[] = [];
  let i = 0;
  for (; i < count && i < vbs.length; i++) out.push(i < nonRepeaters ? vbs[i]! : [vbs[i]!]);
  const repeaters = count - nonRepeaters;
  if (repeaters <= 0) return out;
  for (; i < vbs.length; i++) (out[((i - nonRepeaters) % repeaters) + nonRepeaters] as SnmpVarbind[]).push(vbs[i]!);
  return out;
}

/** A device session on the engine (what createSnmpClient sees as its net-snmp session). */
class EngineSession extends EventEmitter implements RawSnmpSession {
  readonly host: string;
  readonly port: number;
  /** Message version: 0 = v1, 1 = v2c, 3 = v3. */
  readonly version: CommunityVersion | 3;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly peerKey: string;
  /** SNMPv3 security state (null for v1/v2c). */
  readonly usm: UsmSession | null;
  /** SNMPv3 requests waiting for engine discovery. */
  readonly waiting: { kind: Kind; oids: readonly string[]; a: number; b: number; cb: Callback }[] = [];
  discovering = false;
  private closed = false;
  private fallbackSession: RawSnmpSession | null = null;

  constructor(
    private readonly engine: SnmpUdpEngine,
    p: SnmpSessionParams,
    readonly community: Buffer,
    private readonly makeFallback: () => RawSnmpSession,
  ) {
    super();
    this.host = p.host;
    this.port = p.port;
    const c = p.credentials;
    this.version = c.version === '1' ? 0 : c.version === '2c' ? 1 : 3;
    this.usm = c.version === '3' ? new UsmSession(c) : null;
    this.timeoutMs = p.timeoutMs;
    this.retries = p.retries;
    this.peerKey = `${p.host}:${p.port}`;
    engine.register(this);
  }

  /** Set once SNMPv3 engine discovery got an answer (createSnmpClient reads it to explain a silent agent). */
  get msgSecurityParameters(): unknown {
    return this.usm?.engineId ? DISCOVERED : undefined;
  }

  get(oids: string[], cb: (error: Error | null, varbinds?: SnmpVarbind[]) => void): void {
    this.engine.request(this, 'get', oids, 0, 0, cb as Callback);
  }

  getNext(oids: string[], cb: (error: Error | null, varbinds?: SnmpVarbind[]) => void): void {
    this.engine.request(this, 'getNext', oids, 0, 0, cb as Callback);
  }

  getBulk(
    oids: string[],
    nonRepeaters: number,
    maxRepetitions: number,
    cb: (error: Error | null, varbinds?: (SnmpVarbind | SnmpVarbind[])[]) => void,
  ): void {
    if (this.version === 0) {
      cb(new snmp.RequestInvalidError('GetBulk not allowed in SNMP version 1'));
      return;
    }
    this.engine.request(this, 'getBulk', oids, nonRepeaters, maxRepetitions, cb as Callback);
  }

  /** SET is rare (settings drivers): it goes through a net-snmp session made on first use. */
  set(varbinds: SnmpVarbind[], cb: (error: Error | null, varbinds?: SnmpVarbind[]) => void): void {
    if (this.closed) {
      cb(closedError());
      return;
    }
    this.fallbackSession ??= this.makeFallback();
    this.fallbackSession.set(varbinds, cb);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.engine.unregister(this);
    this.fallbackSession?.close();
    this.fallbackSession = null;
  }
}

const DISCOVERED = Object.freeze({ discovered: true });

/**
 * One Buffer per community, shared by every session that uses it (sessions only read it). A small `Buffer.from` is
 * a slice of Node's 8 KiB allocation pool and keeps that whole pool alive: made one per session while polls allocate
 * in between, each session pinned its own pool (~1.7 KB of RSS per device at 2,000 devices).
 */
const communities = new Map<string, Buffer>();

function communityBytes(community: string): Buffer {
  let bytes = communities.get(community);
  if (bytes === undefined) {
    bytes = Buffer.from(community, 'utf8');
    if (communities.size >= 1_000) communities.clear();
    communities.set(community, bytes);
  }
  return bytes;
}

/** What net-snmp reports for requests of a closed session (mapped to "session to … was closed"). */
function closedError(): Error {
  return new Error('Socket forcibly closed');
}
