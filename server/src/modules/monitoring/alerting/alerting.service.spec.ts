import { Test } from '@nestjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../../test/support/fake-clock';
import { Clock } from '../../../common/clock/clock';
import { ALERT_ID_FACTORY, AlertLifecycleService } from './alert-lifecycle.service';
import { AlertingService } from './alerting.service';
import { INITIAL_WATCH_STATE, type AlertRecord, type DeviceWatchState } from './alerting.types';
import { failedPollFactory, printerAlertFactory, snapshotFactory, supplyFactory } from './testing/poll.factory';

/** A device's life through polls, the way the poller will drive the service: store watch + records, count mails. */
describe('AlertingService (wired by Nest DI)', () => {
  let clock: FakeClock;
  let sut: AlertingService;
  let watch: DeviceWatchState;
  let records: Map<string, AlertRecord>;
  let mails: string[];

  beforeEach(async () => {
    clock = new FakeClock('2026-01-15T09:00:00.000Z');
    let n = 0;
    const moduleRef = await Test.createTestingModule({
      providers: [
        AlertingService,
        AlertLifecycleService,
        { provide: Clock, useValue: clock },
        { provide: ALERT_ID_FACTORY, useValue: () => `alert-${++n}` },
      ],
    }).compile();
    sut = moduleRef.get(AlertingService);
    watch = INITIAL_WATCH_STATE;
    records = new Map();
    mails = [];
  });

  function poll(result: Parameters<AlertingService['onDevicePoll']>[0]['poll'], groupOverrides = [{}]): string[] {
    const out = sut.onDevicePoll({
      deviceId: 'd1',
      groupOverrides,
      poll: { ...result, polledAt: clock.now().toISOString() },
      watch,
      alerts: [...records.values()],
      notificationTimes: mails,
    });
    watch = out.watch;
    for (const r of out.changed) records.set(r.id, r);
    for (const t of out.transitions) if (t.notify) mails.push(clock.now().toISOString());
    return out.transitions.map((t) => `${t.kind} ${t.alert.subject}`);
  }

  it('opens on a jam, stays quiet while it lasts, resolves when cleared', () => {
    const jammed = snapshotFactory({
      status: { device: 'down', printer: 'other', errors: ['jammed'], rawErrorState: '04', overall: 'error' },
      alerts: [printerAlertFactory()],
    });
    expect(poll(jammed)).toEqual(['opened jammed']);
    clock.advanceMinutes(5);
    expect(poll(jammed)).toEqual([]);
    clock.advanceMinutes(5);
    expect(poll(snapshotFactory())).toEqual(['resolved jammed']);
    expect(mails).toHaveLength(1);
    expect([...records.values()][0]).toMatchObject({ detail: 'Paper jam in tray 1', resolution: 'auto' });
  });

  it('lets a sleeping printer miss polls without an alert, and keeps the jam open while the device is away', () => {
    const jammed = snapshotFactory({
      status: { device: 'down', printer: 'other', errors: ['jammed'], rawErrorState: '04', overall: 'error' },
    });
    expect(poll(jammed)).toEqual(['opened jammed']);
    for (let i = 0; i < 2; i += 1) {
      clock.advanceMinutes(5);
      expect(poll(failedPollFactory())).toEqual([]);
    }
    clock.advanceMinutes(5);
    expect(poll(failedPollFactory())).toEqual([]); // 3 failures but only 10 minutes since the first
    clock.advanceMinutes(5);
    expect(poll(failedPollFactory())).toEqual(['opened unreachable']);
    clock.advanceMinutes(5);
    expect(poll(snapshotFactory())).toEqual(['resolved jammed', 'resolved unreachable']);
  });

  it('applies group overrides: the most sensitive threshold of the device groups', () => {
    const toner25 = snapshotFactory({ supplies: [supplyFactory({ remainingPercent: 25, state: 'ok' })] });
    expect(poll(toner25, [{}])).toEqual([]);
    expect(poll(toner25, [{ supplyThresholds: { toner: 5 } }, { supplyThresholds: { toner: 30 } }])).toEqual([
      'opened supply:1',
    ]);
  });

  it('raises edge offline and resolves it when the edge is seen again', () => {
    const edge = (lastSeenAt: string) =>
      sut.onEdgeCheck({
        edgeId: 'e1',
        lastSeenAt,
        activatedAt: '2026-01-01T00:00:00.000Z',
        overrides: [],
        alerts: [...records.values()],
        notificationTimes: [],
      });
    clock.advanceMinutes(11);
    const down = edge('2026-01-15T09:00:00.000Z');
    expect(down.transitions).toMatchObject([
      { kind: 'opened', notify: true, alert: { key: 'edge:e1/edgeOffline/offline' } },
    ]);
    for (const r of down.changed) records.set(r.id, r);
    const up = edge(clock.now().toISOString());
    expect(up.transitions).toMatchObject([{ kind: 'resolved', by: null }]);
  });
});
