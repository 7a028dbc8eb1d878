import type { DeliverySchedule, SettingValues } from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { FleetwardError } from '../../common/errors';
import { messageOf } from '../../common/errors/message-of';
import { AppConfig } from '../../infra/config/app-config';
import { newId } from '../../infra/database/column-types';
import { SerialRunner, TickLoop } from '../../infra/scheduler/tick-loop';
import { TemplatesService, type TemplateVersionValues } from '../templates/templates.service';
import { accessLossOf, followAppliedSettings, type FollowedCredentials } from './credential-follow';
import { DeliveriesService } from './deliveries.service';
import { classifyApply, nextAttemptAt, nextRunAfter, operationIdOf, type ClassifiedOutcome } from './delivery-rules';
import type { DeliveryDeviceEntity, DeliveryEntity } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';
import { DeviceSettingsService } from './device-settings.service';

/** What one `runDue` did. */
export interface DeliveryRunSummary {
  /** Runs started (scheduled deliveries whose time came). */
  runsStarted: number;
  /** Device sends, by resulting status. */
  sent: Record<string, number>;
  /** Sends that were the edge's remembered answer to an operation id already sent (after a restart). */
  replayed: number;
}

/** A device the template would take Fleetward's own SNMP access away from (docs/decisions/0021). */
export const ACCESS_LOSS_CODE = 'DELIVERY_CUTS_OFF_ACCESS';
/** The edge could not be reached or its answer was lost: the device may or may not have been sent the settings. */
const OUTCOME_UNKNOWN_CODE = 'EDGE_UNREACHABLE';

/**
 * Sends due deliveries through the devices' edges. Every tick (or `runDue(now)` from tests): start the runs whose
 * time came (targets expanded in the creator's scope), then send every due device record. A record is marked
 * `sending` with its operation id BEFORE the edge is called, so after a crash between send and record the next
 * run asks the edge again with the same operation id and gets the remembered outcome: never applied twice.
 * Runs are serialized in this process.
 */
@Injectable()
export class DeliveryRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeliveryRunner');
  private readonly runs = new SerialRunner();
  private readonly loop: TickLoop;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly repository: DeliveryRepository,
    private readonly deliveries: DeliveriesService,
    private readonly templates: TemplatesService,
    private readonly deviceSettings: DeviceSettingsService,
  ) {
    this.loop = new TickLoop({
      everyMs: config.deliveries.tickSeconds * 1000,
      name: 'Delivery',
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

  runDue(now: Date): Promise<DeliveryRunSummary> {
    return this.runs.run(() => this.process(now));
  }

  private async process(now: Date): Promise<DeliveryRunSummary> {
    const summary: DeliveryRunSummary = { runsStarted: 0, sent: {}, replayed: 0 };
    for (const delivery of await this.repository.dueRuns(now)) {
      await this.startRun(delivery, now);
      summary.runsStarted++;
    }
    const rows = await this.repository.dueRows(now);
    const context = new Map<
      string,
      { delivery: DeliveryEntity; access: AccessScope; version: TemplateVersionValues }
    >();
    const touched = new Set<string>();
    for (const row of rows) {
      let ctx = context.get(row.deliveryId);
      if (!ctx) {
        const delivery = await this.repository.find(row.deliveryId);
        if (!delivery) continue;
        ctx = {
          delivery,
          access: await this.deliveries.creatorAccess(delivery.createdBy),
          version: await this.templates.versionValues(delivery.templateId, delivery.templateVersion),
        };
        context.set(row.deliveryId, ctx);
      }
      touched.add(row.deliveryId);
      const result = await this.send(row, ctx.delivery, ctx.access, ctx.version.values, now);
      summary.sent[result.status] = (summary.sent[result.status] ?? 0) + 1;
      if (result.replayed) summary.replayed++;
    }
    for (const id of touched) await this.finishIfDone(id, now);
    return summary;
  }

  private async startRun(delivery: DeliveryEntity, now: Date): Promise<void> {
    const access = await this.deliveries.creatorAccess(delivery.createdBy);
    const deviceIds = await this.deliveries.expandTargets(delivery, access);
    const version = await this.templates.versionValues(delivery.templateId, delivery.templateVersion);
    const schedule = delivery.schedule ? (JSON.parse(delivery.schedule) as DeliverySchedule) : null;
    const next = nextRunAfter(schedule, now);
    const run = delivery.runs + 1;
    await this.repository.startRun(
      delivery.id,
      {
        runs: run,
        nextRunAt: next,
        status: deviceIds.length > 0 || next !== null ? 'running' : 'completed',
        updatedAt: now,
      },
      deviceIds.map((deviceId) => ({
        id: newId(),
        run,
        deviceId,
        status: 'pending',
        attempts: 0,
        operationId: null,
        sentKeys: JSON.stringify(version.keys),
        outcomes: null,
        errorCode: null,
        errorMessage: null,
        nextAttemptAt: now,
        startedAt: null,
        finishedAt: null,
        updatedAt: now,
      })),
    );
    if (deviceIds.length === 0 && next !== null) await this.repository.update(delivery.id, { status: 'scheduled' });
  }

  private async send(
    row: DeliveryDeviceEntity,
    delivery: DeliveryEntity,
    access: AccessScope,
    values: SettingValues,
    now: Date,
  ): Promise<{ status: string; replayed: boolean }> {
    let operationId = row.operationId ?? null;
    let attempts = row.attempts;
    if (row.status !== 'sending' || operationId === null) {
      attempts += 1;
      // The edge connection was lost during the last attempt: whether the edge applied it is unknown, so the
      // same operation id is asked again (the edge replays it if it did). Otherwise a new attempt, a new id.
      if (operationId === null || row.errorCode !== OUTCOME_UNKNOWN_CODE) {
        operationId = operationIdOf(delivery.id, row.run, row.deviceId, attempts);
      }
      // Recorded before the edge is called: a crash from here on is recovered with the same operation id.
      await this.repository.updateRow(row.id, {
        status: 'sending',
        attempts,
        operationId,
        nextAttemptAt: null,
        startedAt: row.startedAt ?? now,
        updatedAt: now,
      });
    }
    let outcome: ClassifiedOutcome;
    let replayed = false;
    let followed: FollowedCredentials | null = null;
    if (!(await this.deliveries.visible(access, row.deviceId))) {
      outcome = {
        status: 'failed',
        outcomes: [],
        errorCode: 'DEVICE_OUT_OF_SCOPE',
        errorMessage: "The device is no longer in the delivery creator's device groups (or was deleted).",
      };
    } else {
      try {
        const device = await this.deviceSettings.resolve(row.deviceId);
        const credentials = { poll: device.target.snmp, write: device.target.access.snmpWrite ?? null };
        const loss = delivery.acceptAccessLoss ? [] : accessLossOf(credentials, values);
        if (loss.length > 0) {
          // Refused at creation for the devices targeted then; a device that joined a group later is not sent.
          const why = `Not sent: the template ${loss.join('; ')} (deliver with acceptAccessLoss to do it anyway).`;
          outcome = { status: 'failed', outcomes: [], errorCode: ACCESS_LOSS_CODE, errorMessage: why.slice(0, 500) };
        } else {
          const answer = await this.deviceSettings.apply(device, operationId, values);
          replayed = answer.replayed;
          outcome = classifyApply(answer);
          // The credentials the server uses on this device follow what the device applied (stored below, with
          // the outcome, in one transaction).
          followed = followAppliedSettings(credentials, values, outcome.outcomes);
        }
      } catch (error) {
        const code = error instanceof FleetwardError ? error.code : 'DELIVERY_SEND_FAILED';
        const unreachable = ['EDGE_UNREACHABLE', 'EDGE_REJECTED', 'DEVICE_NO_EDGE', 'EDGE_NOT_CONFIGURED'].includes(
          code,
        );
        if (!(error instanceof FleetwardError)) this.logger.warn(`Delivery send failed: ${messageOf(error)}`);
        outcome = {
          status: unreachable ? 'unreachable' : 'failed',
          outcomes: [],
          errorCode: code.slice(0, 64),
          errorMessage: messageOf(error).slice(0, 500),
        };
      }
    }
    const retryAt = nextAttemptAt(
      outcome.status,
      attempts,
      { maxAttempts: delivery.retryMaxAttempts, backoffSeconds: delivery.retryBackoffSeconds },
      now,
    );
    const follow = followed;
    await this.repository.finishRow(
      row.id,
      {
        status: outcome.status,
        outcomes: JSON.stringify(outcome.outcomes),
        errorCode: outcome.errorCode,
        errorMessage: outcome.errorMessage,
        nextAttemptAt: retryAt,
        finishedAt: now,
        updatedAt: now,
      },
      follow && follow.changes.length > 0
        ? (em) =>
            this.deviceSettings.storeFollowed(em, row.deviceId, follow, {
              deliveryId: delivery.id,
              operationId,
              actorId: delivery.createdBy,
              at: now,
            })
        : null,
    );
    return { status: outcome.status, replayed };
  }

  private async finishIfDone(deliveryId: string, now: Date): Promise<void> {
    const delivery = await this.repository.find(deliveryId);
    if (!delivery || delivery.status !== 'running') return;
    if (await this.repository.hasOpenRows(deliveryId)) return;
    await this.repository.update(deliveryId, {
      status: delivery.nextRunAt ? 'scheduled' : 'completed',
      updatedAt: now,
    });
  }
}
