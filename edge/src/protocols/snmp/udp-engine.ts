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
  PduTag,
  type RequestPdu,
} from './ber';
import { netSnmpSessionFactory } from './snmp-client';
import type { RawSnmpSession, SnmpSessionFactory, SnmpSessionParams, SnmpVarbind } from './snmp.types';

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
  /** Session factory for what the engine does not carry (SET, SNMPv3, host names); default net-snmp. */
  fallbackFactory?: SnmpSessionFactory;
}

/** net-snmp ResponseInvalidCode values used here (all map to malformedResponse in mapNetSnmpError). */
const INVALID = {
  EUnknownPduType: 3,
  EReqResOidNoMatch: 6,
  EVersionNoMatch: 9,
  ECommunityNoMatch: 10,
  EUnexpectedReport: 11,
  EBadVarbindList: 15,
} as const;

type Callback = (error: Error | null, varbinds?: unknown[]) => void;
type Kind = 'get' | 'getNext' | 'getBulk';

interface Pending {
  id: number;
  session: EngineSession;
  /** Released when the request ends: a finished request may wait in its timeout bucket until the slot passes. */
  buf: Buffer | null;
  kind: Kind;
  count: number;
  nonRepeaters: number;
  triesLeft: number;
  deadline: number;
  cb: Callback | null;
  /** Bucket generation: a pending re-armed after a retry is skipped in its old bucket. */
  armedAt: number;
}

/**
 * One request engine for SNMP v1/v2c on one UDP socket: every device session of the poller sends through it.
 * Requests are matched to answers by request id (random, 31 bits) and the answer's source address and port; one
 * interval timer drives every timeout (a wheel of buckets, not a timer per request); at most `maxInFlight` PDUs are
 * on the wire, the rest wait in order. Encoding and decoding use the small BER codec in `ber.ts`. Sessions it
 * returns implement `RawSnmpSession` with net-snmp's result shapes and error classes, so `createSnmpClient` (walks,
 * v1 noSuchName handling, error mapping) works on top unchanged. SET and SNMPv3 go to `fallbackFactory` (net-snmp).
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

  /** Pass as `sessionFactory` to createSnmpClient. */
  readonly sessionFactory: SnmpSessionFactory = (p) => this.session(p);

  constructor(private readonly options: SnmpUdpEngineOptions = {}) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1000);
    this.tickMs = Math.max(1, options.tickMs ?? 10);
    this.stallMs = options.stallMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.fallback = options.fallbackFactory ?? netSnmpSessionFactory;
    this.lastTick = this.slot(this.now());
  }

  /** True when the engine can carry this target (v1/v2c to an IPv4 literal). */
  static canCarry(host: string, version: string): boolean {
    return version !== '3' && net.isIPv4(host);
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
    if (!SnmpUdpEngine.canCarry(p.host, p.credentials.version)) return this.fallback(p);
    const community = p.credentials.version === '3' ? '' : p.credentials.community;
    return new EngineSession(this, p, Buffer.from(community, 'utf8'), () => this.fallback(p));
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
    const id = this.newId();
    const pdu: RequestPdu = {
      version: s.version,
      community: s.community,
      tag: kind === 'get' ? PduTag.GetRequest : kind === 'getNext' ? PduTag.GetNextRequest : PduTag.GetBulkRequest,
      requestId: id,
      a,
      b,
      oids,
    };
    let buf: Buffer;
    try {
      buf = encodeRequest(pdu);
    } catch (error) {
      cb(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const q: Pending = {
      id,
      session: s,
      buf,
      kind,
      count: oids.length,
      nonRepeaters: kind === 'getBulk' ? Math.max(0, Math.min(a, oids.length)) : 0,
      triesLeft: s.retries + 1,
      deadline: 0,
      cb,
      armedAt: 0,
    };
    this.pending.set(id, q); // reserves the id while queued
    this.queue.push(q);
    this.pump();
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
        if (this.pending.get(q.id) !== q || q.armedAt !== q.deadline) continue;
        if (q.triesLeft > 0) this.transmit(q);
        else this.finish(q, new snmp.RequestTimedOutError('Request timed out'));
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

  private parseError(address: string, port: number, error: unknown): void {
    const set = this.peers.get(`${address}:${port}`);
    if (!set) return;
    const err = error instanceof BerDecodeError ? error : new Error(String(error));
    for (const s of set) s.emit('error', err);
  }
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
  readonly version: CommunityVersion;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly peerKey: string;
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
    this.version = p.credentials.version === '1' ? 0 : 1;
    this.timeoutMs = p.timeoutMs;
    this.retries = p.retries;
    this.peerKey = `${p.host}:${p.port}`;
    engine.register(this);
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

/** What net-snmp reports for requests of a closed session (mapped to "session to … was closed"). */
function closedError(): Error {
  return new Error('Socket forcibly closed');
}
