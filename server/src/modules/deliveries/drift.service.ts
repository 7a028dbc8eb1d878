import {
  DRIFT_STATUSES,
  type CreateTemplateAssignmentRequest,
  type DriftDifference,
  type DriftResultResponse,
  type DriftStatus,
  type SettingKey,
  type TemplateAssignmentResponse,
} from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { FleetwardError } from '../../common/errors';
import { AppConfig } from '../../infra/config/app-config';
import { newId } from '../../infra/database/column-types';
import { SerialRunner, TickLoop } from '../../infra/scheduler/tick-loop';
import { DeviceGroupNotFoundError } from '../device-groups/device-group.errors';
import { DeviceGroupsService } from '../device-groups/device-groups.service';
import { DeviceNotFoundError } from '../devices/device.errors';
import { DevicesService } from '../devices/devices.service';
import { withoutSecrets } from '../templates/template-rules';
import { TemplatesService } from '../templates/templates.service';
import { DeliveriesService } from './deliveries.service';
import { MIN_EVERY_SECONDS } from './delivery-rules';
import { AssignmentNotFoundError, DeliveryNoTargetsError, DeliveryScheduleInvalidError } from './delivery.errors';
import { DeviceSettingsService } from './device-settings.service';
import { compareSettings, type DriftComparison, type KeyReason } from './drift';
import type { DriftResultEntity, TemplateAssignmentEntity } from './drift.entity';
import { DriftRepository } from './drift.repository';

/** What one `runDue` did. */
export interface DriftRunSummary {
  checked: number;
  byStatus: Record<DriftStatus, number>;
  /** Settings found not to apply to the device they were checked on (never drift), summed over the devices. */
  notApplicableKeys: number;
  deliveriesCreated: number;
}

function emptySummary(): DriftRunSummary {
  return {
    checked: 0,
    byStatus: { inSync: 0, drifted: 0, unreadable: 0, notApplicable: 0 },
    notApplicableKeys: 0,
    deliveriesCreated: 0,
  };
}

function statusOf(value: string): DriftStatus {
  return (DRIFT_STATUSES as readonly string[]).includes(value) ? (value as DriftStatus) : 'unreadable';
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * Drift check: on each assignment's period, reads the current values of its devices (expanded in the creator's
 * scope) through their edges and compares them with the template's readable values; auto-enforce delivers the
 * template to the drifted devices as a normal delivery. Same tick setting as the delivery runner.
 */
@Injectable()
export class DriftService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DriftCheck');
  private readonly runs = new SerialRunner();
  private readonly loop: TickLoop;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly repository: DriftRepository,
    private readonly deliveries: DeliveriesService,
    private readonly templates: TemplatesService,
    private readonly deviceSettings: DeviceSettingsService,
    private readonly devices: DevicesService,
    private readonly groups: DeviceGroupsService,
  ) {
    this.loop = new TickLoop({
      everyMs: config.deliveries.tickSeconds * 1000,
      name: 'Drift check',
      logger: this.logger,
      tick: async () => void (await this.runDue(this.clock.now())),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): void {
    this.loop.stop();
  }

  async create(request: CreateTemplateAssignmentRequest, access: AccessScope): Promise<TemplateAssignmentResponse> {
    if (!Number.isInteger(request.everySeconds) || request.everySeconds < MIN_EVERY_SECONDS) {
      throw new DeliveryScheduleInvalidError(`everySeconds must be a whole number of at least ${MIN_EVERY_SECONDS}`);
    }
    const start = request.start !== undefined ? new Date(request.start) : this.clock.now();
    if (Number.isNaN(start.getTime())) throw new DeliveryScheduleInvalidError('start must be an ISO 8601 date-time');
    const deviceIds = [...new Set(request.deviceIds ?? [])];
    const groupIds = [...new Set(request.groupIds ?? [])];
    if (deviceIds.length === 0 && groupIds.length === 0) throw new DeliveryNoTargetsError();
    await this.templates.assertExists(request.templateId);
    const reachable = await this.groups.existingIdsInScope(access, groupIds);
    const unknownGroups = groupIds.filter((id) => !reachable.has(id));
    if (unknownGroups.length > 0) throw new DeviceGroupNotFoundError(unknownGroups.join(', '));
    const unknown: string[] = [];
    for (const id of deviceIds) if (!(await this.deliveries.visible(access, id))) unknown.push(id);
    if (unknown.length > 0) throw new DeviceNotFoundError(unknown);
    const row: TemplateAssignmentEntity = {
      id: newId(),
      templateId: request.templateId,
      deviceIds: JSON.stringify(deviceIds),
      groupIds: JSON.stringify(groupIds),
      everySeconds: request.everySeconds,
      autoEnforce: request.autoEnforce ?? false,
      nextCheckAt: start,
      lastCheckedAt: null,
      lastDeliveryId: null,
      createdBy: access.userId,
      createdAt: this.clock.now(),
    };
    await this.repository.insert(row);
    return this.toResponse(row);
  }

  async list(access: AccessScope): Promise<TemplateAssignmentResponse[]> {
    const rows = await this.repository.list({ createdBy: access.allDeviceGroups ? null : access.userId });
    return Promise.all(rows.map((r) => this.toResponse(r)));
  }

  async results(id: string, access: AccessScope): Promise<DriftResultResponse[]> {
    await this.load(id, access);
    const out: DriftResultResponse[] = [];
    for (const r of await this.repository.results(id)) {
      let deviceName: string | null = null;
      try {
        deviceName = (await this.devices.get(r.deviceId, access)).name;
      } catch {
        continue; // not in the caller's groups: not shown
      }
      out.push({
        deviceId: r.deviceId,
        deviceName,
        status: statusOf(r.status),
        differences: parseJson<DriftDifference[]>(r.differences, []),
        unreadable: parseJson<KeyReason[]>(r.unreadable, []),
        notApplicable: parseJson<KeyReason[]>(r.notApplicable ?? '[]', []),
        templateVersion: r.templateVersion,
        checkedAt: r.checkedAt.toISOString(),
      });
    }
    return out;
  }

  /** Checks now (the regular period continues from now). */
  async checkNow(id: string, access: AccessScope): Promise<TemplateAssignmentResponse> {
    const row = await this.load(id, access);
    await this.serialized(() => this.check(row, this.clock.now()));
    return this.toResponse((await this.repository.find(id))!);
  }

  async delete(id: string, access: AccessScope): Promise<void> {
    await this.load(id, access);
    await this.repository.delete(id);
  }

  runDue(now: Date): Promise<DriftRunSummary> {
    return this.serialized(async () => {
      const summary = emptySummary();
      for (const row of await this.repository.due(now)) {
        const one = await this.check(row, now);
        summary.checked += one.checked;
        for (const s of DRIFT_STATUSES) summary.byStatus[s] += one.byStatus[s];
        summary.notApplicableKeys += one.notApplicableKeys;
        summary.deliveriesCreated += one.deliveriesCreated;
      }
      return summary;
    });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    return this.runs.run(work);
  }

  private async check(row: TemplateAssignmentEntity, now: Date): Promise<DriftRunSummary> {
    const summary = emptySummary();
    const access = await this.deliveries.creatorAccess(row.createdBy);
    const version = await this.templates.versionValues(row.templateId);
    const expected = withoutSecrets(version.values);
    const keys = Object.keys(expected) as SettingKey[];
    const results: DriftResultEntity[] = [];
    for (const deviceId of await this.deliveries.expandTargets(row, access)) {
      let comparison: DriftComparison;
      if (keys.length === 0) {
        comparison = { status: 'unreadable', differences: [], unreadable: [], notApplicable: [] };
      } else {
        try {
          const answer = await this.deviceSettings.read(deviceId, keys);
          comparison = answer.ok
            ? compareSettings(expected, answer.settings)
            : {
                status: 'unreadable',
                differences: [],
                unreadable: keys.map((key) => ({ key, reason: answer.error.message })),
                notApplicable: [],
              };
        } catch (error) {
          const reason = error instanceof FleetwardError || error instanceof Error ? error.message : String(error);
          comparison = {
            status: 'unreadable',
            differences: [],
            unreadable: keys.map((key) => ({ key, reason })),
            notApplicable: [],
          };
        }
      }
      results.push({
        assignmentId: row.id,
        deviceId,
        status: comparison.status,
        differences: JSON.stringify(comparison.differences),
        unreadable: JSON.stringify(comparison.unreadable),
        notApplicable: JSON.stringify(comparison.notApplicable),
        templateVersion: version.version,
        checkedAt: now,
      });
      summary.checked++;
      summary.byStatus[comparison.status]++;
      summary.notApplicableKeys += comparison.notApplicable.length;
    }
    await this.repository.replaceResults(row.id, results);
    let lastDeliveryId = row.lastDeliveryId ?? null;
    const drifted = results.filter((r) => r.status === 'drifted').map((r) => r.deviceId);
    if (row.autoEnforce && drifted.length > 0) {
      try {
        const delivery = await this.deliveries.create(
          { templateId: row.templateId, version: version.version, deviceIds: drifted },
          access,
        );
        lastDeliveryId = delivery.id;
        summary.deliveriesCreated++;
      } catch (error) {
        // Refused (e.g. the template would cut Fleetward off: DELIVERY_CUTS_OFF_ACCESS, or the creator lost the
        // devices): the results stand, the next check comes at its time; a person must deliver by hand.
        if (!(error instanceof FleetwardError)) throw error;
        this.logger.warn(`Drift check ${row.id}: auto-enforce not delivered: ${error.code}: ${error.message}`);
      }
    }
    await this.repository.update(row.id, {
      lastCheckedAt: now,
      lastDeliveryId,
      nextCheckAt: new Date(now.getTime() + row.everySeconds * 1000),
    });
    return summary;
  }

  private async load(id: string, access: AccessScope): Promise<TemplateAssignmentEntity> {
    const row = await this.repository.find(id);
    if (!row || (!access.allDeviceGroups && row.createdBy !== access.userId)) throw new AssignmentNotFoundError(id);
    return row;
  }

  private async toResponse(row: TemplateAssignmentEntity): Promise<TemplateAssignmentResponse> {
    const counts: Record<DriftStatus, number> = { inSync: 0, drifted: 0, unreadable: 0, notApplicable: 0 };
    let notApplicableKeys = 0;
    for (const r of await this.repository.results(row.id)) {
      counts[statusOf(r.status)]++;
      notApplicableKeys += parseJson<KeyReason[]>(r.notApplicable ?? '[]', []).length;
    }
    let templateName = '(deleted)';
    try {
      templateName = (await this.templates.versionValues(row.templateId)).templateName;
    } catch {
      // deleted meanwhile
    }
    return {
      id: row.id,
      templateId: row.templateId,
      templateName,
      deviceIds: parseJson<string[]>(row.deviceIds, []),
      groupIds: parseJson<string[]>(row.groupIds, []),
      everySeconds: row.everySeconds,
      autoEnforce: row.autoEnforce,
      nextCheckAt: row.nextCheckAt.toISOString(),
      lastCheckedAt: row.lastCheckedAt ? row.lastCheckedAt.toISOString() : null,
      lastDeliveryId: row.lastDeliveryId ?? null,
      counts,
      notApplicableKeys,
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy,
    };
  }
}
