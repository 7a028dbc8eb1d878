import {
  SNAPSHOT_SCHEMA_VERSION,
  type DeviceSnapshot,
  type DeviceTarget,
  type DriverChoice,
  type FailedPoll,
  type PollErrorCode,
  type PollResult,
  type SnapshotIdentity,
  type SnapshotTarget,
  type TableSource,
  type UnreadableItem,
  type ValueSource,
} from '@fleetward/contracts';
import type { DriverRegistry } from '../drivers/driver-registry';
import type { Reading } from '../drivers/driver.interface';
import type { GenericDriverContext } from '../drivers/generic/generic.driver';
import { probeDevice } from '../drivers/generic/identify';
import { pollingDriverRegistry } from '../drivers/polling-registry';
import { SnmpError, type SnmpClient } from '../protocols/snmp';
import { mapWithAdaptiveConcurrency, mapWithConcurrency, type AdaptiveRunOptions } from './concurrency';
import { PollPlans } from './poll-plans';
import { SnmpClientPool } from './snmp-client-pool';

export interface DevicePollerOptions {
  pool?: SnmpClientPool;
  registry?: DriverRegistry;
  /** Injectable clock for polledAt. */
  now?: () => Date;
  /**
   * How pollMany/pollEach pace the devices in flight: by default an adaptive window (at most the given
   * concurrency, fewer while the event loop is saturated; see AdaptiveWindow); `false` keeps exactly the given
   * concurrency in flight.
   */
  window?: AdaptiveRunOptions | false;
}

export type IdentifyResult =
  | { ok: true; target: SnapshotTarget; identity: SnapshotIdentity; driver: DriverChoice }
  | { ok: false; target: SnapshotTarget; error: { code: PollErrorCode; message: string } };

/** The family drivers the settings endpoints choose, reading status and counters the generic way. */
export function defaultRegistry(): DriverRegistry {
  return pollingDriverRegistry();
}

/** Polls devices: one result per device, failures as data. */
export class DevicePoller {
  readonly pool: SnmpClientPool;
  private readonly registry: DriverRegistry;
  private readonly now: () => Date;
  private readonly plans = new PollPlans();
  private readonly window: AdaptiveRunOptions | false;

  constructor(options: DevicePollerOptions = {}) {
    this.pool = options.pool ?? new SnmpClientPool();
    this.registry = options.registry ?? defaultRegistry();
    this.now = options.now ?? (() => new Date());
    this.window = options.window ?? {};
  }

  /** Runs `fn` over `targets` with at most `concurrency` in flight, paced by the window (see the options). */
  private run<R>(
    targets: readonly DeviceTarget[],
    concurrency: number,
    fn: (t: DeviceTarget, i: number) => Promise<R>,
    window?: AdaptiveRunOptions,
  ): Promise<R[]> {
    if (this.window === false) return mapWithConcurrency(targets, concurrency, fn);
    return mapWithAdaptiveConcurrency(targets, concurrency, fn, { ...this.window, ...window });
  }

  async identify(target: DeviceTarget): Promise<IdentifyResult> {
    const snapshotTarget = toSnapshotTarget(target);
    try {
      const probe = await probeDevice(this.pool.client(target));
      const { choice } = this.registry.choose(probe.identity.value);
      return { ok: true, target: snapshotTarget, identity: probe.identity.value, driver: choice };
    } catch (error) {
      if (error instanceof SnmpError && error.isAuthFailure) this.pool.evict(target);
      return { ok: false, target: snapshotTarget, error: errorOf(error) };
    }
  }

  async poll(target: DeviceTarget): Promise<PollResult> {
    const startedAt = performance.now();
    const polledAt = this.now().toISOString();
    const snapshotTarget = toSnapshotTarget(target);
    const failed = (error: unknown): FailedPoll => ({
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      ok: false,
      target: snapshotTarget,
      polledAt,
      durationMs: Math.round(performance.now() - startedAt),
      error: errorOf(error),
    });
    let client;
    try {
      client = this.pool.client(target);
    } catch (error) {
      return failed(error);
    }
    const session = this.plans.begin(client);
    try {
      return await this.pollWith(session.client, target, snapshotTarget, polledAt, startedAt, failed);
    } finally {
      session.done();
    }
  }

  private async pollWith(
    client: SnmpClient,
    target: DeviceTarget,
    snapshotTarget: SnapshotTarget,
    polledAt: string,
    startedAt: number,
    failed: (error: unknown) => FailedPoll,
  ): Promise<PollResult> {
    let probe;
    try {
      probe = await probeDevice(client);
    } catch (error) {
      if (error instanceof SnmpError && error.isAuthFailure) this.pool.evict(target);
      return failed(error);
    }
    let created;
    try {
      const context: GenericDriverContext = {
        snmp: client,
        identity: probe.identity.value,
        hostResources: probe.hostResources,
      };
      created = this.registry.create(context);
    } catch (error) {
      return failed(error);
    }
    const { driver, choice } = created;
    const guard = async <T>(item: string, fallback: T, read: () => Promise<Reading<T>>): Promise<Reading<T>> => {
      try {
        return await read();
      } catch (error) {
        return {
          value: fallback,
          sources: {},
          unreadable: [{ item, reason: 'error', message: error instanceof Error ? error.message : String(error) }],
        };
      }
    };
    const [status, counters, supplies, trays, alerts] = await Promise.all([
      guard(
        'status',
        { device: null, printer: null, errors: [], rawErrorState: null, overall: 'unknown' as const },
        () => driver.readStatus(),
      ),
      guard(
        'counters',
        { total: null, black: null, color: null, print: null, copy: null, scan: null, fax: null, markers: [] },
        () => driver.readCounters(),
      ),
      guard('supplies', [], () => driver.readSupplies()),
      guard('trays', [], () => driver.readTrays()),
      guard('alerts', [], () => driver.readAlerts()),
    ]);
    const readings: Reading<unknown>[] = [probe.identity, status, counters, supplies, trays, alerts];
    const sources: Record<string, ValueSource> = {};
    const tableSources: Record<string, TableSource> = {};
    const unreadable: UnreadableItem[] = [];
    for (const r of readings) {
      Object.assign(sources, r.sources);
      if (r.tableSources) Object.assign(tableSources, r.tableSources);
      unreadable.push(...r.unreadable);
    }
    const snapshot: DeviceSnapshot = {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      ok: true,
      target: snapshotTarget,
      polledAt,
      durationMs: Math.round(performance.now() - startedAt),
      driver: choice,
      identity: probe.identity.value,
      status: status.value,
      counters: counters.value,
      supplies: supplies.value,
      trays: trays.value,
      alerts: alerts.value,
      sources,
      tableSources,
      unreadable,
    };
    return snapshot;
  }

  /** Polls many devices with at most `concurrency` in flight; one result per target, in order. */
  pollMany(targets: readonly DeviceTarget[], concurrency: number): Promise<PollResult[]> {
    return this.run(targets, concurrency, (t) => this.poll(t));
  }

  /**
   * Polls many devices with at most `concurrency` in flight and hands each result to `onResult` as soon as it
   * and every earlier target are done (input order), without keeping the results: memory follows concurrency,
   * not fleet size. With `ordered: false` each result is handed over as soon as it is done (no reorder buffer: a
   * slow device then holds back nothing).
   */
  async pollEach(
    targets: readonly DeviceTarget[],
    concurrency: number,
    onResult: (result: PollResult, index: number) => void,
    options: { ordered?: boolean; window?: AdaptiveRunOptions } = {},
  ): Promise<void> {
    if (options.ordered === false) {
      await this.run(
        targets,
        concurrency,
        async (t, i) => {
          onResult(await this.poll(t), i);
        },
        options.window,
      );
      return;
    }
    const waiting = new Map<number, PollResult>();
    let nextOut = 0;
    await this.run(
      targets,
      concurrency,
      async (t, i) => {
        waiting.set(i, await this.poll(t));
        for (let r = waiting.get(nextOut); r !== undefined; r = waiting.get(nextOut)) {
          waiting.delete(nextOut);
          onResult(r, nextOut++);
        }
      },
      options.window,
    );
  }

  close(): void {
    this.pool.close();
  }
}

export function toSnapshotTarget(target: DeviceTarget): SnapshotTarget {
  return {
    host: target.host,
    port: target.port ?? 161,
    snmpVersion: target.snmp.version,
    ...(target.snmp.version === '3' && target.snmp.context ? { context: target.snmp.context } : {}),
  };
}

export function errorOf(error: unknown): { code: PollErrorCode; message: string } {
  if (error instanceof SnmpError) return { code: error.code, message: error.message };
  return { code: 'error', message: error instanceof Error ? error.message : String(error) };
}
