import type {
  CounterReadingResponse,
  CreateDeviceRequest,
  DeviceDetailResponse,
  DeviceInventoryQuery,
  DeviceListItemResponse,
  DeviceSnmpSettings,
  DeviceState,
  DeviceTarget,
  FleetReportGroup,
  FleetReportResponse,
  HistoryResponse,
  MeterReadResponse,
  MeterReadsQuery,
  MeterReadsResponse,
  MeterValues,
  Page,
  PrinterErrorName,
  SnapshotCounters,
  SnmpCredentials,
  StatusChangeResponse,
  SupplyReadingResponse,
  TimeRangeQuery,
  UpdateDeviceRequest,
} from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { messageOf } from '../../common/errors/message-of';
import { SecretBox } from '../../infra/crypto/secret-box';
import { groupIdsInScope } from '../device-groups/device-group-scope';
import { DeviceGroupsService } from '../device-groups/device-groups.service';
import type { EdgeScope } from '../edges/edge-scope';
import { EdgesService } from '../edges/edges.service';
import { type CounterRow, HistoryRepository } from '../history/history.repository';
import { parseSnmpInput, snmpSettingsOf } from './device-credentials';
import { type IngestPlan, planIngest, type PreviousDeviceState } from './device-ingest';
import { type DeviceConfigUpdate, DeviceInventoryRepository, type InventoryRow } from './device-inventory.repository';
import type { DeviceEntity } from './device.entity';
import {
  DeviceCredentialsMissingError,
  DeviceCredentialsUnreadableError,
  DeviceEdgeNotReachedError,
  DeviceNotFoundError,
  InvalidTimeRangeError,
} from './device.errors';
import type { DeviceInsertConfig } from './device.repository';
import { DEFAULT_PAGE_SIZE, DevicesService } from './devices.service';
import { meterReadsCsv, pagesBetween, sumPages } from './meter-reads';
import { type IngestedPoll, PollIngestHooks } from './poll-ingest-hooks';

const DAY_MS = 86_400_000;
/** Default period of history queries and reports. */
export const DEFAULT_RANGE_DAYS = 30;
/** Longest period one query may ask for (a bit more than the longest default retention). */
export const MAX_RANGE_DAYS = 800;
/**
 * Devices per transaction of `ingestPolls`. The commit (one WAL flush on PostgreSQL) is paid once per chunk instead
 * of once per device; a larger chunk saves little more and holds the chunk's row and alert locks longer, and a failed
 * chunk is recorded again one result at a time (decision record 0025).
 */
export const INGEST_CHUNK = 100;

/** What `ingestPolls` did with one poll result. */
export interface IngestOutcome {
  deviceId: string;
  ok: boolean;
  /** Why it was not recorded (what `ingestPoll` threw for it). */
  error?: unknown;
}

const STATES: readonly DeviceState[] = ['ok', 'warning', 'error', 'unknown', 'unreachable'];

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function asState(value: string): DeviceState {
  return (STATES as readonly string[]).includes(value) ? (value as DeviceState) : 'unknown';
}

function edgeReached(scope: EdgeScope, edgeId: string | null | undefined): boolean {
  return edgeId === null || edgeId === undefined || scope.allEdges || scope.edgeIds.has(edgeId);
}

function meterValuesOf(row: CounterRow): MeterValues {
  return {
    total: row.total,
    black: row.black,
    color: row.color,
    print: row.print,
    copy: row.copy,
    scan: row.scan,
    fax: row.fax,
  };
}

/**
 * The device inventory: devices with their credentials (encrypted, never returned) and what polls found,
 * history queries, meter reads and fleet reports. Every read takes the caller's scope; `ingestPolls`, `ingestPoll`
 * and `pollTarget` are for the scheduler (system calls, no caller).
 */
@Injectable()
export class DeviceInventoryService {
  private readonly logger = new Logger(DeviceInventoryService.name);

  constructor(
    private readonly inventory: DeviceInventoryRepository,
    private readonly devices: DevicesService,
    private readonly history: HistoryRepository,
    private readonly groups: DeviceGroupsService,
    private readonly edges: EdgesService,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
    private readonly hooks: PollIngestHooks,
  ) {}

  async list(access: AccessScope, query: DeviceInventoryQuery): Promise<Page<DeviceListItemResponse>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    if (query.groupId !== undefined) await this.groups.assertInScope(access, query.groupId);
    if (query.edgeId !== undefined) await this.edges.assertInScope(access, query.edgeId);
    const result = await this.inventory.pageInScope(access, {
      page,
      pageSize,
      search: query.search,
      groupId: query.groupId,
      edgeId: query.edgeId,
      status: query.status,
      vendor: query.vendor,
      sort: query.sort ?? 'name',
      order: query.order ?? 'asc',
    });
    return { items: result.items.map((r) => toListItem(r, access)), total: result.total, page, pageSize };
  }

  async get(id: string, access: AccessScope): Promise<DeviceDetailResponse> {
    return toDetail(await this.load(access, id), access);
  }

  async create(request: CreateDeviceRequest, access: AccessScope): Promise<DeviceDetailResponse> {
    const config: DeviceInsertConfig = this.configColumns(request);
    const created = await this.devices.create(request, access, config);
    return this.get(created.id, access);
  }

  async update(id: string, request: UpdateDeviceRequest, access: AccessScope): Promise<DeviceDetailResponse> {
    const row = await this.load(access, id);
    if (!edgeReached(access, row.device.edgeId)) throw new DeviceEdgeNotReachedError(id);
    if (request.edgeId !== undefined && request.edgeId !== null) await this.edges.assertInScope(access, request.edgeId);
    const update: DeviceConfigUpdate = { ...this.configColumns(request), updatedAt: this.clock.now() };
    if (request.name !== undefined) update.name = request.name.trim();
    if (request.address !== undefined) update.address = request.address.trim();
    if (request.edgeId !== undefined) update.edgeId = request.edgeId;
    await this.inventory.updateConfig(id, update);
    return this.get(id, access);
  }

  /**
   * Records one poll result of a device (the scheduler's call with what the edge answered): updates the
   * device's identity, status, supplies, trays, counters and poll outcome, and appends history where
   * something changed. A failed or malformed result marks the device unreachable and keeps what was read before.
   */
  async ingestPoll(deviceId: string, result: unknown): Promise<void> {
    const device = await this.inventory.findById(deviceId);
    if (!device) throw new DeviceNotFoundError([deviceId]);
    const plan = planIngest(result, previousState(device), this.clock.now());
    await this.inventory.applyIngest(deviceId, plan);
    // Alert evaluation and notification (monitoring module); never throws.
    await this.hooks.afterIngest(deviceId, result);
  }

  /**
   * Records a batch of poll results (what an edge answered for a poll batch) as `ingestPoll` records each, with the
   * same rows, history, alerts and notifications, in one transaction per chunk of `INGEST_CHUNK` devices instead of
   * one per result (decision record 0025). When a chunk's transaction fails, that chunk is recorded again one result
   * at a time through `ingestPoll`, so one bad result does not lose the others. Returns one outcome per poll, in
   * order: `ok`, or the error `ingestPoll` threw for it (e.g. DeviceNotFoundError).
   */
  async ingestPolls(polls: readonly IngestedPoll[]): Promise<IngestOutcome[]> {
    const outcomes: IngestOutcome[] = polls.map((p) => ({ deviceId: p.deviceId, ok: true }));
    for (const chunk of ingestChunks(polls, INGEST_CHUNK)) await this.ingestChunk(chunk, outcomes);
    return outcomes;
  }

  private async ingestChunk(chunk: readonly { index: number; poll: IngestedPoll }[], outcomes: IngestOutcome[]) {
    const devices = new Map(
      (await this.inventory.findByIds(chunk.map((c) => c.poll.deviceId))).map((d) => [d.id, d] as const),
    );
    const planned: { index: number; poll: IngestedPoll; plan: IngestPlan }[] = [];
    for (const { index, poll } of chunk) {
      const device = devices.get(poll.deviceId);
      if (!device)
        outcomes[index] = { deviceId: poll.deviceId, ok: false, error: new DeviceNotFoundError([poll.deviceId]) };
      else planned.push({ index, poll, plan: planIngest(poll.result, previousState(device), this.clock.now()) });
    }
    if (planned.length === 0) return;
    try {
      await this.hooks.inBatch(
        planned.map((p) => p.poll),
        (writeListeners) =>
          this.inventory.applyIngests(
            planned.map((p) => ({ id: p.poll.deviceId, plan: p.plan })),
            writeListeners,
          ),
      );
    } catch (error) {
      this.logger.warn(
        `A batch of ${planned.length} poll results failed (${messageOf(error)}); recording them one at a time`,
      );
      for (const { index, poll } of planned) {
        try {
          await this.ingestPoll(poll.deviceId, poll.result);
        } catch (single) {
          outcomes[index] = { deviceId: poll.deviceId, ok: false, error: single };
        }
      }
    }
  }

  /** The edge request target of a device, with its decrypted SNMP credentials (for the scheduler only). */
  async pollTarget(deviceId: string): Promise<DeviceTarget> {
    const device = await this.inventory.findById(deviceId);
    if (!device) throw new DeviceNotFoundError([deviceId]);
    if (!device.snmpSecretEncrypted) throw new DeviceCredentialsMissingError(deviceId);
    let snmp: SnmpCredentials;
    try {
      snmp = JSON.parse(this.secretBox.decrypt(device.snmpSecretEncrypted)) as SnmpCredentials;
    } catch (cause) {
      throw new DeviceCredentialsUnreadableError(deviceId, cause);
    }
    return { host: device.address, port: device.port, snmp };
  }

  /**
   * What the settings transports need of a device (deliveries, capture, drift; system calls): its edge, name, SNMP
   * target and decrypted administrator password (null when none is stored).
   */
  async settingsTarget(
    deviceId: string,
  ): Promise<{ edgeId: string | null; name: string; target: DeviceTarget; adminPassword: string | null }> {
    const target = await this.pollTarget(deviceId);
    const device = (await this.inventory.findById(deviceId))!;
    let adminPassword: string | null = null;
    if (device.adminPasswordEncrypted) {
      try {
        adminPassword = this.secretBox.decrypt(device.adminPasswordEncrypted);
      } catch (cause) {
        throw new DeviceCredentialsUnreadableError(deviceId, cause);
      }
    }
    return { edgeId: device.edgeId ?? null, name: device.name, target, adminPassword };
  }

  /**
   * Stores the credentials a delivery changed on the device (its SNMP polling credentials, its administrator
   * password), encrypted, inside the caller's transaction: the delivery records its outcome in the same one.
   * System call (the runner checked the creator's scope).
   */
  async storeFollowedCredentials(
    em: EntityManager,
    deviceId: string,
    followed: { snmp?: SnmpCredentials; adminPassword?: string },
  ): Promise<void> {
    const update: DeviceConfigUpdate = { updatedAt: this.clock.now() };
    if (followed.snmp) {
      const snmp = parseSnmpInput(followed.snmp);
      update.snmpSettings = JSON.stringify(snmpSettingsOf(snmp));
      update.snmpSecretEncrypted = this.secretBox.encrypt(JSON.stringify(snmp));
    }
    if (followed.adminPassword !== undefined) {
      update.adminPasswordEncrypted = this.secretBox.encrypt(followed.adminPassword);
    }
    await this.inventory.updateConfig(deviceId, update, em);
  }

  async counterHistory(
    id: string,
    access: AccessScope,
    range: TimeRangeQuery,
  ): Promise<HistoryResponse<CounterReadingResponse>> {
    await this.load(access, id);
    const { from, to } = this.range(range);
    const rows = await this.history.counterSeries(id, from, to);
    return {
      deviceId: id,
      from: from.toISOString(),
      to: to.toISOString(),
      items: rows.map((r) => ({ at: r.at.toISOString(), ...meterValuesOf(r) })),
    };
  }

  async supplyHistory(
    id: string,
    access: AccessScope,
    range: TimeRangeQuery,
  ): Promise<HistoryResponse<SupplyReadingResponse>> {
    await this.load(access, id);
    const { from, to } = this.range(range);
    const rows = await this.history.supplySeries(id, from, to);
    return {
      deviceId: id,
      from: from.toISOString(),
      to: to.toISOString(),
      items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    };
  }

  async statusHistory(
    id: string,
    access: AccessScope,
    range: TimeRangeQuery,
  ): Promise<HistoryResponse<StatusChangeResponse>> {
    await this.load(access, id);
    const { from, to } = this.range(range);
    const rows = await this.history.statusSeries(id, from, to);
    return {
      deviceId: id,
      from: from.toISOString(),
      to: to.toISOString(),
      items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    };
  }

  async meterReads(access: AccessScope, query: MeterReadsQuery): Promise<MeterReadsResponse> {
    const { from, to } = this.range(query);
    if (query.groupId !== undefined) await this.groups.assertInScope(access, query.groupId);
    const rows = await this.inventory.allInScope(access, query.groupId);
    const names = new Map((await this.groups.list(access)).map((g) => [g.id, g.name]));
    const bounds = await this.history.meterBounds(
      rows.map((r) => r.device.id),
      from,
      to,
    );
    const items: MeterReadResponse[] = rows.map(({ device, groupIds }) => {
      const b = bounds.get(device.id);
      const first = b?.first ? { at: b.first.at.toISOString(), values: meterValuesOf(b.first) } : null;
      const last = b?.last ? { at: b.last.at.toISOString(), values: meterValuesOf(b.last) } : null;
      return {
        deviceId: device.id,
        name: device.name,
        address: device.address,
        serialNumber: device.serialNumber ?? null,
        model: device.model ?? null,
        groups: groupIdsInScope(access, groupIds)
          .map((g) => names.get(g))
          .filter((n): n is string => n !== undefined)
          .sort((a, b) => a.localeCompare(b)),
        first,
        last,
        pages: pagesBetween(first?.values ?? null, last?.values ?? null),
      };
    });
    return { from: from.toISOString(), to: to.toISOString(), items };
  }

  /** With a byte order mark, so that spreadsheet programs read non-ASCII names (e.g. Japanese) as UTF-8. */
  async meterReadsCsv(access: AccessScope, query: MeterReadsQuery): Promise<string> {
    return meterReadsCsv((await this.meterReads(access, query)).items, { byteOrderMark: true });
  }

  /** Totals per group the caller reaches (a device in several groups counts in each) and for the whole scope. */
  async fleetReport(access: AccessScope, range: TimeRangeQuery): Promise<FleetReportResponse> {
    const { from, to } = this.range(range);
    const rows = await this.inventory.allInScope(access);
    const groups = await this.groups.list(access);
    const bounds = await this.history.meterBounds(
      rows.map((r) => r.device.id),
      from,
      to,
    );
    const pagesOf = new Map(
      rows.map((r) => {
        const b = bounds.get(r.device.id);
        return [
          r.device.id,
          pagesBetween(b?.first ? meterValuesOf(b.first) : null, b?.last ? meterValuesOf(b.last) : null),
        ];
      }),
    );
    const totals = (members: InventoryRow[]): Omit<FleetReportGroup, 'groupId' | 'name'> => {
      const byStatus = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<DeviceState, number>;
      for (const m of members) byStatus[asState(m.device.status)] += 1;
      return {
        deviceCount: members.length,
        byStatus,
        pages: sumPages(members.map((m) => pagesOf.get(m.device.id)!)),
      };
    };
    const report: FleetReportGroup[] = groups.map((g) => ({
      groupId: g.id,
      name: g.name,
      ...totals(rows.filter((r) => r.groupIds.includes(g.id))),
    }));
    const loose = rows.filter((r) => r.groupIds.length === 0);
    if (access.allDeviceGroups && loose.length > 0)
      report.push({ groupId: null, name: '(no group)', ...totals(loose) });
    return { from: from.toISOString(), to: to.toISOString(), groups: report, total: totals(rows) };
  }

  private range(query: TimeRangeQuery): { from: Date; to: Date } {
    const to = query.to !== undefined ? new Date(query.to) : this.clock.now();
    const from = query.from !== undefined ? new Date(query.from) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      throw new InvalidTimeRangeError('from and to must be ISO 8601 date-times.');
    }
    if (from > to) throw new InvalidTimeRangeError('from must not be after to.');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      throw new InvalidTimeRangeError(`The period may span at most ${MAX_RANGE_DAYS} days.`);
    }
    return { from, to };
  }

  private configColumns(request: UpdateDeviceRequest): DeviceInsertConfig {
    const config: DeviceInsertConfig = {};
    if (request.port !== undefined) config.port = request.port;
    if (request.location !== undefined) config.location = request.location?.trim() || null;
    if (request.snmp !== undefined) {
      if (request.snmp === null) {
        config.snmpSettings = null;
        config.snmpSecretEncrypted = null;
      } else {
        const snmp = parseSnmpInput(request.snmp);
        config.snmpSettings = JSON.stringify(snmpSettingsOf(snmp));
        config.snmpSecretEncrypted = this.secretBox.encrypt(JSON.stringify(snmp));
      }
    }
    if (request.adminPassword !== undefined) {
      config.adminPasswordEncrypted =
        request.adminPassword === null ? null : this.secretBox.encrypt(request.adminPassword);
    }
    return config;
  }

  private async load(access: AccessScope, id: string): Promise<InventoryRow> {
    const row = await this.inventory.findInScope(access, id);
    if (!row) throw new DeviceNotFoundError([id]);
    return row;
  }
}

/** Chunks of at most `size` polls, each device at most once per chunk (a repeat goes to a later chunk, in order). */
function ingestChunks(polls: readonly IngestedPoll[], size: number): { index: number; poll: IngestedPoll }[][] {
  const out: { index: number; poll: IngestedPoll }[][] = [];
  let current: { index: number; poll: IngestedPoll }[] = [];
  let ids = new Set<string>();
  polls.forEach((poll, index) => {
    if (current.length === size || ids.has(poll.deviceId)) {
      out.push(current);
      current = [];
      ids = new Set();
    }
    current.push({ index, poll });
    ids.add(poll.deviceId);
  });
  if (current.length > 0) out.push(current);
  return out;
}

function previousState(device: DeviceEntity): PreviousDeviceState {
  return {
    status: asState(device.status),
    errors: parseJson<PrinterErrorName[]>(device.statusErrors, []),
    vendor: device.vendor ?? null,
    model: device.model ?? null,
    serialNumber: device.serialNumber ?? null,
    firmware: device.firmware ?? null,
    sysName: device.sysName ?? null,
    sysLocation: device.sysLocation ?? null,
    counters: parseJson<SnapshotCounters | null>(device.counters, null),
    supplies: parseJson(device.supplies, []),
    lastPollAt: device.lastPollAt ?? null,
  };
}

function toListItem({ device, groupIds }: InventoryRow, access: AccessScope): DeviceListItemResponse {
  return {
    id: device.id,
    name: device.name,
    address: device.address,
    edgeId: device.edgeId ?? null,
    groupIds: groupIdsInScope(access, groupIds),
    port: device.port,
    location: device.location ?? null,
    vendor: device.vendor ?? null,
    model: device.model ?? null,
    serialNumber: device.serialNumber ?? null,
    status: asState(device.status),
    errors: parseJson<PrinterErrorName[]>(device.statusErrors, []),
    lastSeen: device.lastSeenAt ? device.lastSeenAt.toISOString() : null,
    lastPoll: device.lastPollAt
      ? {
          at: device.lastPollAt.toISOString(),
          outcome: device.lastPollOutcome === 'ok' ? 'ok' : 'failed',
          errorCode: device.lastPollErrorCode ?? null,
          errorMessage: device.lastPollErrorMessage ?? null,
        }
      : null,
  };
}

function toDetail(row: InventoryRow, access: AccessScope): DeviceDetailResponse {
  const d = row.device;
  return {
    ...toListItem(row, access),
    identity: {
      vendor: d.vendor ?? null,
      model: d.model ?? null,
      serialNumber: d.serialNumber ?? null,
      firmware: d.firmware ?? null,
      sysName: d.sysName ?? null,
      sysLocation: d.sysLocation ?? null,
    },
    snmp: parseJson<DeviceSnmpSettings | null>(d.snmpSettings, null),
    hasAdminPassword: Boolean(d.adminPasswordEncrypted),
    driverId: d.driverId ?? null,
    supplies: parseJson(d.supplies, []),
    trays: parseJson(d.trays, []),
    counters: parseJson<SnapshotCounters | null>(d.counters, null),
    alerts: parseJson(d.printerAlerts, []),
    unreadable: parseJson(d.unreadable, []),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
