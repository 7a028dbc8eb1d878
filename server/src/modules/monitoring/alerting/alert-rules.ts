import type { PollResult, PrinterAlert, PrinterErrorName, Supply } from '@fleetward/contracts';
import type { AlertPolicy, ErrorCondition, SupplyCategory, SupplyThreshold } from './alert-policy';
import {
  conditionKey,
  type AlertCondition,
  type AlertRuleId,
  type AlertSeverity,
  type AlertTarget,
  type DeviceWatchState,
} from './alerting.types';

/** What one poll says about a device: the conditions that hold and the rules this poll could judge. */
export interface DeviceEvaluation {
  /** Watch state to keep for the next poll. */
  watch: DeviceWatchState;
  conditions: AlertCondition[];
  /**
   * Rules whose answer is complete for this poll: an open alert of such a rule whose condition is absent has
   * cleared. A failed poll covers only deviceUnreachable (we cannot know whether a jam was cleared); a snapshot
   * whose supplies could not be read does not cover supplyLow. Disabled rules are covered (their alerts resolve).
   */
  coverage: AlertRuleId[];
  /**
   * Condition keys this poll could not judge although their rule is covered (e.g. one supply whose level was
   * unreadable): their open alerts stay as they are.
   */
  unjudged: string[];
}

export interface EvaluateDevicePollOptions {
  deviceId: string;
  poll: PollResult;
  previous: DeviceWatchState;
  policy: AlertPolicy;
  /** Time of evaluation (from the injected clock). */
  now: Date;
}

/** hrPrinterDetectedErrorState bits → our conditions. Low toner is the supply rule's business, not an error. */
const ERROR_BITS: Record<PrinterErrorName, ErrorCondition | null> = {
  lowPaper: 'lowPaper',
  noPaper: 'noPaper',
  lowToner: null,
  noToner: 'noToner',
  doorOpen: 'doorOpen',
  jammed: 'jammed',
  offline: 'offline',
  serviceRequested: 'serviceRequested',
  inputTrayMissing: 'inputTrayMissing',
  outputTrayMissing: 'outputTrayMissing',
  markerSupplyMissing: 'markerSupplyMissing',
  outputNearFull: 'outputNearFull',
  outputFull: 'outputFull',
  inputTrayEmpty: 'inputTrayEmpty',
  overduePreventMaint: 'overduePreventMaint',
};

/** PrtAlertCodeTC names → our conditions (codes not listed here are status information, not errors). */
const ALERT_CODES: Readonly<Record<string, ErrorCondition>> = {
  jam: 'jammed',
  coverOpen: 'doorOpen',
  doorOpen: 'doorOpen',
  interlockOpen: 'doorOpen',
  inputMediaTrayMissing: 'inputTrayMissing',
  inputMediaSupplyLow: 'lowPaper',
  outputMediaTrayMissing: 'outputTrayMissing',
  outputMediaTrayAlmostFull: 'outputNearFull',
  outputMediaTrayFull: 'outputFull',
  markerTonerEmpty: 'noToner',
  markerInkEmpty: 'noToner',
  markerPrintRibbonEmpty: 'noToner',
  markerTonerCartridgeMissing: 'markerSupplyMissing',
  subunitOffline: 'offline',
  subunitUnrecoverableFailure: 'hardwareFailure',
  subunitUnrecoverableStorageError: 'hardwareFailure',
  subunitMotorFailure: 'hardwareFailure',
  subunitTimingFailure: 'hardwareFailure',
  subunitThermistorFailure: 'hardwareFailure',
  subunitOverTemperature: 'hardwareFailure',
  markerFuserUnderTemperature: 'hardwareFailure',
  markerFuserOverTemperature: 'hardwareFailure',
  markerFuserTimingFailure: 'hardwareFailure',
  markerFuserThermistorFailure: 'hardwareFailure',
};

const ERROR_WORDS: Record<ErrorCondition, { summary: string; severity: AlertSeverity }> = {
  jammed: { summary: 'Paper jam', severity: 'critical' },
  doorOpen: { summary: 'A door or cover is open', severity: 'critical' },
  noPaper: { summary: 'Out of paper', severity: 'critical' },
  noToner: { summary: 'Out of toner', severity: 'critical' },
  serviceRequested: { summary: 'Service requested: call the service technician', severity: 'warning' },
  offline: { summary: 'Printer is offline', severity: 'critical' },
  outputFull: { summary: 'Output tray is full', severity: 'critical' },
  inputTrayMissing: { summary: 'A paper tray is missing', severity: 'critical' },
  outputTrayMissing: { summary: 'An output tray is missing', severity: 'warning' },
  markerSupplyMissing: { summary: 'A toner cartridge or other supply is missing', severity: 'critical' },
  hardwareFailure: { summary: 'Hardware failure reported by the device', severity: 'critical' },
  overduePreventMaint: { summary: 'Preventive maintenance is overdue', severity: 'warning' },
  lowPaper: { summary: 'Paper is low', severity: 'warning' },
  inputTrayEmpty: { summary: 'A paper tray is empty', severity: 'warning' },
  outputNearFull: { summary: 'Output tray is nearly full', severity: 'warning' },
};

const TONER_TYPES = new Set(['toner', 'tonerCartridge', 'ink', 'inkCartridge', 'inkRibbon', 'solidWax', 'ribbonWax']);
const DRUM_TYPES = new Set(['opc', 'developer']);
const STAPLE_TYPES = new Set(['staples', 'stitchingWire']);

/** The threshold category of a supply, from its PrtMarkerSuppliesTypeTC name, class and (as a last resort) name. */
export function supplyCategory(supply: Pick<Supply, 'type' | 'class' | 'description'>): SupplyCategory {
  const type = supply.type ?? '';
  if (supply.class === 'receptacle' || type.startsWith('waste')) return 'wasteReceptacle';
  if (TONER_TYPES.has(type)) return 'toner';
  if (DRUM_TYPES.has(type)) return 'drum';
  if (STAPLE_TYPES.has(type)) return 'staples';
  if (type === '' || type === 'other' || type === 'unknown') {
    const name = (supply.description ?? '').toLowerCase();
    if (/\b(drum|imaging unit|photoconductor|opc)\b/.test(name)) return 'drum';
    if (/\bwaste\b/.test(name)) return 'wasteReceptacle';
    if (/\b(toner|ink)\b/.test(name)) return 'toner';
    if (/\bstaple/.test(name)) return 'staples';
  }
  return 'other';
}

function supplyName(supply: Supply): string {
  if (supply.description) return supply.description;
  const parts = [supply.color, supply.type].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' ') : `Supply ${supply.index}`;
}

/**
 * Whether a supply is below its threshold, and how badly. A known percentage decides (at or below the threshold
 * alerts); a `null` percentage with state low/empty counts as the device says; state `unknown` never alerts.
 * For receptacles the percentage is the free space left and "empty" means full.
 */
export function judgeSupply(
  supply: Supply,
  threshold: SupplyThreshold,
): { severity: AlertSeverity; level: 'empty' | 'low' } | null {
  if (threshold === 'off' || supply.state === 'unknown') return null;
  const empty = supply.state === 'empty' || supply.remainingPercent === 0;
  if (empty) return { severity: 'critical', level: 'empty' };
  if (threshold === 'empty') return null;
  const low = supply.remainingPercent === null ? supply.state === 'low' : supply.remainingPercent <= threshold;
  return low ? { severity: 'warning', level: 'low' } : null;
}

function supplySummary(supply: Supply, level: 'empty' | 'low', category: SupplyCategory): string {
  const name = supplyName(supply);
  const receptacle = category === 'wasteReceptacle';
  if (level === 'empty') return receptacle ? `${name} is full` : `${name} is empty`;
  if (supply.remainingPercent === null) return receptacle ? `${name} is nearly full` : `${name} is low`;
  return receptacle
    ? `${name} is nearly full (${supply.remainingPercent} % free)`
    : `${name} is low (${supply.remainingPercent} % left)`;
}

function errorConditions(
  target: AlertTarget,
  errors: readonly PrinterErrorName[],
  alerts: readonly PrinterAlert[],
  enabled: ReadonlySet<ErrorCondition>,
): AlertCondition[] {
  const found = new Map<ErrorCondition, { critical: boolean; details: string[] }>();
  const note = (condition: ErrorCondition, critical: boolean, detail: string | null): void => {
    const entry = found.get(condition) ?? { critical: false, details: [] };
    entry.critical ||= critical;
    if (detail && !entry.details.includes(detail)) entry.details.push(detail);
    found.set(condition, entry);
  };
  for (const bit of errors) {
    const condition = ERROR_BITS[bit];
    if (condition) note(condition, false, null);
  }
  for (const row of alerts) {
    if (!row.code) continue;
    let condition = ALERT_CODES[row.code];
    // An empty tray is "no paper" when the device calls it critical (no tray left), else one empty tray.
    if (row.code === 'inputMediaSupplyEmpty') condition = row.severity === 'critical' ? 'noPaper' : 'inputTrayEmpty';
    if (row.code === 'subunitMissing' && row.group === 'markerSupplies') condition = 'markerSupplyMissing';
    if (condition) note(condition, row.severity === 'critical', row.description);
  }
  const conditions: AlertCondition[] = [];
  for (const [condition, { critical, details }] of found) {
    if (!enabled.has(condition)) continue;
    const words = ERROR_WORDS[condition];
    conditions.push({
      key: conditionKey(target, 'deviceError', condition),
      target,
      rule: 'deviceError',
      subject: condition,
      severity: critical ? 'critical' : words.severity,
      summary: words.summary,
      detail: details.length > 0 ? details.join('; ') : null,
    });
  }
  return conditions.sort((a, b) => a.key.localeCompare(b.key));
}

function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `${Math.floor(minutes / 60)} hours`;
}

/**
 * Evaluates one poll of one device against its effective policy. Pure: the same inputs give the same output.
 */
export function evaluateDevicePoll(options: EvaluateDevicePollOptions): DeviceEvaluation {
  const { deviceId, poll, previous, policy, now } = options;
  const target: AlertTarget = { kind: 'device', id: deviceId };
  const coverage: AlertRuleId[] = ['deviceUnreachable'];

  if (!poll.ok) {
    const watch: DeviceWatchState = {
      consecutiveFailures: previous.consecutiveFailures + 1,
      firstFailureAt: previous.firstFailureAt ?? poll.polledAt,
      lastSuccessAt: previous.lastSuccessAt,
    };
    const conditions: AlertCondition[] = [];
    const downForMs = now.getTime() - Date.parse(watch.firstFailureAt ?? poll.polledAt);
    if (
      policy.rules.deviceUnreachable &&
      watch.consecutiveFailures >= policy.unreachable.failedPolls &&
      downForMs >= policy.unreachable.minDurationMs
    ) {
      conditions.push({
        key: conditionKey(target, 'deviceUnreachable', 'unreachable'),
        target,
        rule: 'deviceUnreachable',
        subject: 'unreachable',
        severity: 'critical',
        summary: `Device not reachable for ${formatDuration(downForMs)} (${watch.consecutiveFailures} polls failed in a row)`,
        detail: `${poll.error.code}: ${poll.error.message}`,
      });
    }
    return { watch, conditions, coverage, unjudged: [] };
  }

  const watch: DeviceWatchState = { consecutiveFailures: 0, firstFailureAt: null, lastSuccessAt: poll.polledAt };
  const conditions: AlertCondition[] = [];
  const unreadable = (item: string): boolean => poll.unreadable.some((u) => u.item === item);

  // Errors come from two sources; the rule can judge when at least one of them was read.
  const errorsRead = poll.status.rawErrorState !== null || !unreadable('alerts');
  if (errorsRead || !policy.rules.deviceError) coverage.push('deviceError');
  if (policy.rules.deviceError) {
    conditions.push(...errorConditions(target, poll.status.errors, poll.alerts, new Set(policy.errorConditions)));
  }

  if (!unreadable('supplies') || !policy.rules.supplyLow) coverage.push('supplyLow');
  const unjudged: string[] = [];
  if (policy.rules.supplyLow) {
    // A supply with an unreadable field (e.g. "supplies.3.level") cannot be judged: keep its alert as it is.
    const partly = new Set(
      poll.unreadable.map((u) => /^supplies\.(\d+)\./.exec(u.item)?.[1]).filter((i): i is string => i !== undefined),
    );
    for (const index of [...partly].sort()) unjudged.push(conditionKey(target, 'supplyLow', `supply:${index}`));
    for (const supply of [...poll.supplies].sort((a, b) => a.index - b.index)) {
      if (partly.has(String(supply.index))) continue;
      const category = supplyCategory(supply);
      const verdict = judgeSupply(supply, policy.supplyThresholds[category]);
      if (!verdict) continue;
      const subject = `supply:${supply.index}`;
      conditions.push({
        key: conditionKey(target, 'supplyLow', subject),
        target,
        rule: 'supplyLow',
        subject,
        severity: verdict.severity,
        summary: supplySummary(supply, verdict.level, category),
        detail: supply.partNumber ? `Part number ${supply.partNumber}` : null,
      });
    }
  }
  return { watch, conditions, coverage, unjudged };
}

export interface EvaluateEdgeOptions {
  edgeId: string;
  /** Last heartbeat or answered call (ISO); null if the edge never checked in since it was activated. */
  lastSeenAt: string | null;
  /** When the edge was activated (ISO): the clock for an edge never seen. */
  activatedAt: string;
  policy: Pick<AlertPolicy, 'rules' | 'edgeOffline'>;
  now: Date;
}

/** The edge-offline rule: an edge not seen for `edgeOffline.afterMs`. Always covers edgeOffline. */
export function evaluateEdge(options: EvaluateEdgeOptions): { conditions: AlertCondition[]; coverage: AlertRuleId[] } {
  const { edgeId, lastSeenAt, activatedAt, policy, now } = options;
  const target: AlertTarget = { kind: 'edge', id: edgeId };
  const since = lastSeenAt ?? activatedAt;
  const silentMs = now.getTime() - Date.parse(since);
  if (!policy.rules.edgeOffline || silentMs < policy.edgeOffline.afterMs)
    return { conditions: [], coverage: ['edgeOffline'] };
  return {
    conditions: [
      {
        key: conditionKey(target, 'edgeOffline', 'offline'),
        target,
        rule: 'edgeOffline',
        subject: 'offline',
        severity: 'critical',
        summary: `Edge has not answered for ${formatDuration(silentMs)}`,
        detail: lastSeenAt ? `Last seen ${lastSeenAt}` : 'Never seen since activation',
      },
    ],
    coverage: ['edgeOffline'],
  };
}
