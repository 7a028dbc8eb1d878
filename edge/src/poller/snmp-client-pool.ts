import type { DeviceTarget, SnmpCredentials } from '@fleetward/contracts';
import { createHash } from 'node:crypto';
import {
  createSnmpClient,
  SharedUdpTransport,
  type SnmpClient,
  type SnmpSessionFactory,
  SnmpUdpEngine,
} from '../protocols/snmp';

export interface SnmpClientPoolOptions {
  /** Default per-request timeout (ms) when a target gives none; default 2000. */
  timeoutMs?: number;
  /** Default retries when a target gives none; default 1. */
  retries?: number;
  /** Share one UDP socket between all sessions to IP-literal targets; default true. */
  shareSocket?: boolean;
  /**
   * Carry sessions to IPv4 literals on Fleetward's own request engine (one socket, own BER codec and USM, one timer;
   * see docs/decisions/0010 and 0016) instead of a net-snmp session each; default true. Host names and SET stay on
   * net-snmp.
   */
  engine?: boolean;
  /** Carry SNMPv3 on the engine too (default true); false leaves SNMPv3 on net-snmp sessions as before 0016. */
  engineV3?: boolean;
  /** PDUs on the wire at once on the engine (default 1000). */
  maxInFlight?: number;
  maxRepetitions?: number;
  sessionFactory?: SnmpSessionFactory;
  /** Sessions unused for this long are closed (default 30 minutes), so devices that left do not pile up. */
  idleMs?: number;
  /** Injectable monotonic clock in ms (tests). */
  now?: () => number;
}

/**
 * Keeps one SNMP client (session) per device and credential set between polls, so SNMPv3 engine
 * discovery happens once and a long-running edge does not open a socket per poll.
 */
export class SnmpClientPool {
  private readonly clients = new Map<string, { client: SnmpClient; lastUsed: number }>();
  private transport: SharedUdpTransport | null = null;
  private engine: SnmpUdpEngine | null = null;
  private lastSweep: number;
  private readonly now: () => number;

  constructor(private readonly options: SnmpClientPoolOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.lastSweep = this.now();
  }

  get size(): number {
    return this.clients.size;
  }

  client(target: DeviceTarget, credentials: SnmpCredentials = target.snmp): SnmpClient {
    const port = target.port ?? 161;
    const timeoutMs = target.timeoutMs ?? this.options.timeoutMs ?? 2000;
    const retries = target.retries ?? this.options.retries ?? 1;
    const key = `${target.host}|${port}|${timeoutMs}|${retries}|${credentialKey(credentials)}`;
    const now = this.now();
    this.closeIdle(now);
    const entry = this.clients.get(key);
    if (entry) {
      entry.lastUsed = now;
      return entry.client;
    }
    const onEngine =
      !this.options.sessionFactory &&
      (this.options.engine ?? true) &&
      SnmpUdpEngine.canCarry(target.host, credentials.version, this.options.engineV3 ?? true);
    if (onEngine)
      this.engine ??= new SnmpUdpEngine({
        v3: this.options.engineV3 ?? true,
        ...(this.options.maxInFlight === undefined ? {} : { maxInFlight: this.options.maxInFlight }),
      });
    const shared = !onEngine && (this.options.shareSocket ?? true) && SharedUdpTransport.canCarry(target.host);
    if (shared) this.transport ??= new SharedUdpTransport();
    const client = createSnmpClient({
      host: target.host,
      port,
      credentials,
      timeoutMs,
      retries,
      ...(this.options.maxRepetitions ? { maxRepetitions: this.options.maxRepetitions } : {}),
      ...(this.options.sessionFactory ? { sessionFactory: this.options.sessionFactory } : {}),
      ...(onEngine && this.engine ? { sessionFactory: this.engine.sessionFactory } : {}),
      ...(shared && this.transport ? { dgramModule: this.transport.dgramModule } : {}),
    });
    this.clients.set(key, { client, lastUsed: now });
    return client;
  }

  /** Closes sessions idle for longer than `idleMs` (checked at most once a minute). */
  private closeIdle(now: number): void {
    const idleMs = this.options.idleMs ?? 30 * 60_000;
    if (now - this.lastSweep < Math.min(60_000, idleMs)) return;
    this.lastSweep = now;
    for (const [key, entry] of this.clients) {
      if (now - entry.lastUsed > idleMs) {
        entry.client.close();
        this.clients.delete(key);
      }
    }
  }

  /** Drops a client (e.g. after an authentication failure, so the next poll starts a fresh engine discovery). */
  evict(target: DeviceTarget, credentials: SnmpCredentials = target.snmp): void {
    const port = target.port ?? 161;
    const timeoutMs = target.timeoutMs ?? this.options.timeoutMs ?? 2000;
    const retries = target.retries ?? this.options.retries ?? 1;
    const key = `${target.host}|${port}|${timeoutMs}|${retries}|${credentialKey(credentials)}`;
    this.clients.get(key)?.client.close();
    this.clients.delete(key);
  }

  close(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
    this.transport?.close();
    this.transport = null;
    this.engine?.close();
    this.engine = null;
  }
}

/** A key for credentials that does not keep the secrets in clear in memory maps. */
function credentialKey(c: SnmpCredentials): string {
  // Targets of one batch share one credentials object: hash it once, not once per poll.
  let key = credentialKeys.get(c);
  if (key === undefined) {
    key = createHash('sha256').update(JSON.stringify(c)).digest('base64url').slice(0, 22);
    credentialKeys.set(c, key);
  }
  return key;
}

const credentialKeys = new WeakMap<SnmpCredentials, string>();
