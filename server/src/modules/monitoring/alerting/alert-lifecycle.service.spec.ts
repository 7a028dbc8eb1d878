import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../../test/support/fake-clock';
import { AlertLifecycleService, type ApplyEvaluationInput } from './alert-lifecycle.service';
import { DEFAULT_ALERT_POLICY } from './alert-policy';
import { AlertAlreadyAcknowledgedError, AlertAlreadyResolvedError, AlertTargetMismatchError } from './alerting.errors';
import {
  conditionKey,
  type AlertCondition,
  type AlertRecord,
  type AlertRuleId,
  type AlertSeverity,
  type AlertTarget,
} from './alerting.types';

const device: AlertTarget = { kind: 'device', id: 'd1' };
const policy = { holdDownMs: 30 * 60_000, maxNotificationsPerHour: 3 };
const ALL_RULES: AlertRuleId[] = ['deviceUnreachable', 'deviceError', 'supplyLow'];

function condition(
  subject: string,
  severity: AlertSeverity = 'critical',
  rule: AlertRuleId = 'deviceError',
): AlertCondition {
  return {
    key: conditionKey(device, rule, subject),
    target: device,
    rule,
    subject,
    severity,
    summary: `${subject} happened`,
    detail: null,
  };
}

/** Plays the repository: keeps the records and the notification log between evaluations. */
class Harness {
  readonly records = new Map<string, AlertRecord>();
  readonly notifications: string[] = [];

  constructor(
    private readonly sut: AlertLifecycleService,
    private readonly clock: FakeClock,
  ) {}

  poll(conditions: AlertCondition[], coverage: AlertRuleId[] = ALL_RULES, extra: Partial<ApplyEvaluationInput> = {}) {
    const result = this.sut.apply({
      target: device,
      conditions,
      coverage,
      alerts: [...this.records.values()],
      notificationTimes: this.notifications,
      policy,
      ...extra,
    });
    for (const record of result.changed) this.records.set(record.id, record);
    for (const t of result.transitions) if (t.notify) this.notifications.push(this.clock.now().toISOString());
    return result.transitions.map(
      (t) => `${t.kind}:${t.alert.subject}:${t.notify ? 'mail' : (t.suppressedBy ?? 'quiet')}`,
    );
  }

  only(): AlertRecord {
    const all = [...this.records.values()];
    expect(all).toHaveLength(1);
    return all[0] as AlertRecord;
  }
}

describe('AlertLifecycleService', () => {
  let clock: FakeClock;
  let sut: AlertLifecycleService;
  let h: Harness;

  beforeEach(() => {
    clock = new FakeClock('2026-01-15T09:00:00.000Z');
    let n = 0;
    sut = new AlertLifecycleService(clock, () => `alert-${++n}`);
    h = new Harness(sut, clock);
  });

  it('opens an alert for a new condition, with a notification', () => {
    expect(h.poll([condition('jammed')])).toEqual(['opened:jammed:mail']);
    expect(h.only()).toEqual({
      id: 'alert-1',
      key: 'device:d1/deviceError/jammed',
      target: device,
      rule: 'deviceError',
      subject: 'jammed',
      severity: 'critical',
      summary: 'jammed happened',
      detail: null,
      state: 'open',
      openedAt: '2026-01-15T09:00:00.000Z',
      lastSeenAt: '2026-01-15T09:00:00.000Z',
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      reopenCount: 0,
      lastNotifiedAt: '2026-01-15T09:00:00.000Z',
    });
  });

  it('never opens a second alert for the same condition while one is open', () => {
    h.poll([condition('jammed')]);
    clock.advanceMinutes(5);
    expect(h.poll([condition('jammed'), condition('jammed')])).toEqual([]);
    expect(h.only()).toMatchObject({ id: 'alert-1', lastSeenAt: '2026-01-15T09:05:00.000Z', state: 'open' });
  });

  it('keeps separate alerts per subject (e.g. two supplies)', () => {
    expect(
      h.poll([condition('supply:2', 'warning', 'supplyLow'), condition('supply:1', 'warning', 'supplyLow')]),
    ).toEqual(['opened:supply:1:mail', 'opened:supply:2:mail']);
    expect(h.records.size).toBe(2);
  });

  it('resolves on its own when the condition clears, with when and no who', () => {
    h.poll([condition('jammed')]);
    clock.advanceMinutes(7);
    expect(h.poll([])).toEqual(['resolved:jammed:quiet']);
    expect(h.only()).toMatchObject({
      state: 'resolved',
      resolvedAt: '2026-01-15T09:07:00.000Z',
      resolvedBy: null,
      resolution: 'auto',
    });
  });

  it('does not resolve alerts of rules the poll could not judge (failed poll: the jam may still be there)', () => {
    h.poll([condition('jammed')]);
    clock.advanceMinutes(5);
    expect(h.poll([], ['deviceUnreachable'])).toEqual([]);
    expect(h.only().state).toBe('open');
  });

  it('does not resolve an alert whose condition this poll could not judge', () => {
    h.poll([condition('supply:3', 'warning', 'supplyLow'), condition('supply:4', 'warning', 'supplyLow')]);
    clock.advanceMinutes(5);
    expect(
      h.poll([], ALL_RULES, { unjudged: [condition('supply:3').key.replace('deviceError', 'supplyLow')] }),
    ).toEqual(['resolved:supply:4:quiet']);
    expect(h.records.get('alert-1')?.state).toBe('open');
  });

  it('re-opens the same alert without a mail when the condition returns within the hold-down window', () => {
    h.poll([condition('jammed')]);
    clock.advanceMinutes(2);
    h.poll([]);
    clock.advanceMinutes(29);
    expect(h.poll([condition('jammed')])).toEqual(['reopened:jammed:holdDown']);
    expect(h.only()).toMatchObject({
      id: 'alert-1',
      state: 'open',
      resolvedAt: null,
      resolution: null,
      reopenCount: 1,
      openedAt: '2026-01-15T09:00:00.000Z',
    });
    expect(h.notifications).toHaveLength(1);
  });

  it('opens a new alert (and mails) when the condition returns after the hold-down window', () => {
    h.poll([condition('jammed')]);
    clock.advanceMinutes(2);
    h.poll([]);
    clock.advanceMinutes(31);
    expect(h.poll([condition('jammed')])).toEqual(['opened:jammed:mail']);
    expect(h.records.size).toBe(2);
    expect(h.records.get('alert-1')?.state).toBe('resolved');
    expect(h.records.get('alert-2')?.state).toBe('open');
  });

  it('damps a flapping condition: one alert and one mail for many clear/return cycles', () => {
    const seen: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      seen.push(...h.poll([condition('doorOpen')]));
      clock.advanceMinutes(1);
      seen.push(...h.poll([]));
      clock.advanceMinutes(1);
    }
    expect(h.records.size).toBe(1);
    expect(h.only().reopenCount).toBe(9);
    expect(h.notifications).toHaveLength(1);
    expect(seen.filter((s) => s.startsWith('opened'))).toEqual(['opened:doorOpen:mail']);
    expect(seen.filter((s) => s.startsWith('reopened'))).toHaveLength(9);
  });

  it('sends at most maxNotificationsPerHour per device in a rolling hour', () => {
    expect(h.poll([condition('a'), condition('b'), condition('c'), condition('d')])).toEqual([
      'opened:a:mail',
      'opened:b:mail',
      'opened:c:mail',
      'opened:d:rateLimit',
    ]);
    expect(h.records.get('alert-4')?.lastNotifiedAt).toBeNull();
    clock.advanceMinutes(59);
    expect(h.poll([condition('a'), condition('b'), condition('c'), condition('d'), condition('e')])).toEqual([
      'opened:e:rateLimit',
    ]);
    clock.advanceMinutes(1); // the first three mails are now an hour old
    expect(
      h.poll([condition('a'), condition('b'), condition('c'), condition('d'), condition('e'), condition('f')]),
    ).toEqual(['opened:f:mail']);
  });

  it('only counts notification times inside the last hour (not future or older ones)', () => {
    const result = sut.apply({
      target: device,
      conditions: [condition('a')],
      coverage: ALL_RULES,
      alerts: [],
      notificationTimes: ['2026-01-15T07:00:00.000Z', '2026-01-15T07:59:59.000Z', '2026-01-15T10:00:00.000Z'],
      policy: { holdDownMs: 0, maxNotificationsPerHour: 1 },
    });
    expect(result.transitions[0]).toMatchObject({ kind: 'opened', notify: true });
  });

  it('escalates a warning that turns critical, mails again and takes back an acknowledgement', () => {
    h.poll([condition('supply:1', 'warning', 'supplyLow')]);
    const ack = sut.acknowledge(h.only(), 'user-7');
    h.records.set(ack.alert.id, ack.alert);
    clock.advanceMinutes(30);
    expect(h.poll([condition('supply:1', 'critical', 'supplyLow')])).toEqual(['escalated:supply:1:mail']);
    expect(h.only()).toMatchObject({
      severity: 'critical',
      state: 'open',
      acknowledgedBy: null,
      lastNotifiedAt: '2026-01-15T09:30:00.000Z',
    });
    // It never goes down while open, and does not escalate twice.
    clock.advanceMinutes(5);
    expect(h.poll([condition('supply:1', 'warning', 'supplyLow')])).toEqual([]);
    expect(h.only().severity).toBe('critical');
  });

  it('re-opens quietly but notifies the escalation when a condition comes back worse within the hold-down', () => {
    h.poll([condition('supply:1', 'warning', 'supplyLow')]);
    clock.advanceMinutes(5);
    h.poll([]);
    clock.advanceMinutes(5);
    expect(h.poll([condition('supply:1', 'critical', 'supplyLow')])).toEqual([
      'reopened:supply:1:holdDown',
      'escalated:supply:1:mail',
    ]);
    expect(h.only()).toMatchObject({
      severity: 'critical',
      state: 'open',
      reopenCount: 1,
      lastNotifiedAt: '2026-01-15T09:10:00.000Z',
    });
    expect(h.notifications).toHaveLength(2);
  });

  it('marks an escalation over the cap as rate-limited', () => {
    const tight = { holdDownMs: 0, maxNotificationsPerHour: 1 };
    h.poll([condition('supply:1', 'warning', 'supplyLow')], ALL_RULES, { policy: tight });
    clock.advanceMinutes(10);
    expect(h.poll([condition('supply:1', 'critical', 'supplyLow')], ALL_RULES, { policy: tight })).toEqual([
      'escalated:supply:1:rateLimit',
    ]);
  });

  it('refreshes the summary and detail of an open alert', () => {
    h.poll([{ ...condition('unreachable', 'critical', 'deviceUnreachable'), summary: 'down 15 minutes' }]);
    clock.advanceMinutes(5);
    h.poll([
      { ...condition('unreachable', 'critical', 'deviceUnreachable'), summary: 'down 20 minutes', detail: 'timeout' },
    ]);
    expect(h.only()).toMatchObject({ summary: 'down 20 minutes', detail: 'timeout' });
  });

  describe('acknowledge and resolve by hand', () => {
    it('records who acknowledged and when; an acknowledged alert still resolves on its own', () => {
      h.poll([condition('jammed')]);
      clock.advanceMinutes(3);
      const { alert, transition } = sut.acknowledge(h.only(), 'user-1');
      expect(alert).toMatchObject({
        state: 'acknowledged',
        acknowledgedBy: 'user-1',
        acknowledgedAt: '2026-01-15T09:03:00.000Z',
      });
      expect(transition).toMatchObject({ kind: 'acknowledged', by: 'user-1', notify: false });
      h.records.set(alert.id, alert);
      clock.advanceMinutes(1);
      expect(h.poll([condition('jammed')])).toEqual([]);
      expect(h.only().state).toBe('acknowledged');
      clock.advanceMinutes(1);
      expect(h.poll([])).toEqual(['resolved:jammed:quiet']);
      expect(h.only()).toMatchObject({ state: 'resolved', acknowledgedBy: 'user-1', resolution: 'auto' });
    });

    it('refuses to acknowledge twice or after resolution', () => {
      h.poll([condition('jammed')]);
      const acked = sut.acknowledge(h.only(), 'user-1').alert;
      expect(() => sut.acknowledge(acked, 'user-2')).toThrow(AlertAlreadyAcknowledgedError);
      const resolved = sut.resolve(acked, 'user-2').alert;
      expect(() => sut.acknowledge(resolved, 'user-3')).toThrow(AlertAlreadyResolvedError);
      expect(() => sut.resolve(resolved, 'user-3')).toThrow(AlertAlreadyResolvedError);
    });

    it('records who resolved it; if the condition persists, the next poll re-opens the same alert quietly', () => {
      h.poll([condition('jammed')]);
      clock.advanceMinutes(2);
      const { alert, transition } = sut.resolve(h.only(), 'user-9');
      expect(alert).toMatchObject({
        state: 'resolved',
        resolvedBy: 'user-9',
        resolution: 'manual',
        resolvedAt: '2026-01-15T09:02:00.000Z',
      });
      expect(transition).toMatchObject({ kind: 'resolved', by: 'user-9' });
      h.records.set(alert.id, alert);
      clock.advanceMinutes(5);
      expect(h.poll([condition('jammed')])).toEqual(['reopened:jammed:holdDown']);
      expect(h.only()).toMatchObject({ state: 'open', resolvedBy: null, reopenCount: 1 });
    });
  });

  it('uses the newest of several resolved alerts of the same key to re-open', () => {
    const base = (id: string, resolvedAt: string): AlertRecord => ({
      id,
      key: condition('jammed').key,
      target: device,
      rule: 'deviceError',
      subject: 'jammed',
      severity: 'critical',
      summary: 'x',
      detail: null,
      state: 'resolved',
      openedAt: '2026-01-15T08:00:00.000Z',
      lastSeenAt: resolvedAt,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt,
      resolvedBy: null,
      resolution: 'auto',
      reopenCount: 0,
      lastNotifiedAt: null,
    });
    const result = sut.apply({
      target: device,
      conditions: [condition('jammed')],
      coverage: ALL_RULES,
      alerts: [base('old', '2026-01-15T08:40:00.000Z'), base('new', '2026-01-15T08:50:00.000Z')],
      notificationTimes: [],
      policy: DEFAULT_ALERT_POLICY,
    });
    expect(result.transitions).toMatchObject([
      { kind: 'reopened', alert: { id: 'new' }, previousResolvedAt: '2026-01-15T08:50:00.000Z' },
    ]);
  });

  it('refuses conditions or alerts of another target', () => {
    const other = { ...condition('jammed'), target: { kind: 'device', id: 'd2' } as AlertTarget };
    expect(() =>
      sut.apply({
        target: device,
        conditions: [other],
        coverage: ALL_RULES,
        alerts: [],
        notificationTimes: [],
        policy,
      }),
    ).toThrow(AlertTargetMismatchError);
  });

  it('handles edge targets the same way', () => {
    const edge: AlertTarget = { kind: 'edge', id: 'e1' };
    const offline: AlertCondition = {
      ...condition('offline', 'critical', 'edgeOffline'),
      key: conditionKey(edge, 'edgeOffline', 'offline'),
      target: edge,
    };
    const opened = sut.apply({
      target: edge,
      conditions: [offline],
      coverage: ['edgeOffline'],
      alerts: [],
      notificationTimes: [],
      policy,
    });
    expect(opened.transitions).toMatchObject([
      { kind: 'opened', notify: true, alert: { key: 'edge:e1/edgeOffline/offline' } },
    ]);
    clock.advanceMinutes(1);
    const cleared = sut.apply({
      target: edge,
      conditions: [],
      coverage: ['edgeOffline'],
      alerts: opened.changed,
      notificationTimes: [],
      policy,
    });
    expect(cleared.transitions).toMatchObject([{ kind: 'resolved', by: null }]);
  });

  it('uses random UUIDs when no id factory is given', () => {
    const plain = new AlertLifecycleService(clock);
    const result = plain.apply({
      target: device,
      conditions: [condition('jammed')],
      coverage: ALL_RULES,
      alerts: [],
      notificationTimes: [],
      policy,
    });
    expect(result.changed[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
