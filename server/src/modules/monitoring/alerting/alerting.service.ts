import type { PollResult } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { AlertLifecycleService, type LifecycleResult } from './alert-lifecycle.service';
import { resolveAlertPolicy, type AlertPolicy, type AlertPolicyOverride } from './alert-policy';
import { evaluateDevicePoll, evaluateEdge } from './alert-rules';
import type { AlertRecord, DeviceWatchState } from './alerting.types';

export interface DevicePollInput {
  deviceId: string;
  /** Alert policy overrides of every group the device belongs to (any order; [] for none). */
  groupOverrides: readonly AlertPolicyOverride[];
  poll: PollResult;
  /** Stored watch state of the device (INITIAL_WATCH_STATE for a new one). */
  watch: DeviceWatchState;
  /** The device's open/acknowledged alerts and those resolved within the hold-down window. */
  alerts: readonly AlertRecord[];
  /** When notifications were sent for this device (the last hour is enough). */
  notificationTimes: readonly string[];
}

export interface EdgeCheckInput {
  edgeId: string;
  lastSeenAt: string | null;
  activatedAt: string;
  /** System-wide override for edges ([] for the defaults). */
  overrides: readonly AlertPolicyOverride[];
  alerts: readonly AlertRecord[];
  notificationTimes: readonly string[];
}

/**
 * One entry point for the poller and the edge monitor: effective policy → rule evaluation → lifecycle.
 * No I/O: the caller loads the inputs and saves `watch` and `changed`, then notifies `transitions` with `notify`.
 */
@Injectable()
export class AlertingService {
  constructor(
    private readonly lifecycle: AlertLifecycleService,
    private readonly clock: Clock,
  ) {}

  onDevicePoll(input: DevicePollInput): LifecycleResult & { watch: DeviceWatchState; policy: AlertPolicy } {
    const policy = resolveAlertPolicy(input.groupOverrides);
    const evaluation = evaluateDevicePoll({
      deviceId: input.deviceId,
      poll: input.poll,
      previous: input.watch,
      policy,
      now: this.clock.now(),
    });
    const result = this.lifecycle.apply({
      target: { kind: 'device', id: input.deviceId },
      conditions: evaluation.conditions,
      coverage: evaluation.coverage,
      unjudged: evaluation.unjudged,
      alerts: input.alerts,
      notificationTimes: input.notificationTimes,
      policy,
    });
    return { ...result, watch: evaluation.watch, policy };
  }

  onEdgeCheck(input: EdgeCheckInput): LifecycleResult {
    const policy = resolveAlertPolicy(input.overrides);
    const evaluation = evaluateEdge({
      edgeId: input.edgeId,
      lastSeenAt: input.lastSeenAt,
      activatedAt: input.activatedAt,
      policy,
      now: this.clock.now(),
    });
    return this.lifecycle.apply({
      target: { kind: 'edge', id: input.edgeId },
      conditions: evaluation.conditions,
      coverage: evaluation.coverage,
      alerts: input.alerts,
      notificationTimes: input.notificationTimes,
      policy,
    });
  }
}
