import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_POLICY, resolveAlertPolicy, type AlertPolicy } from './alert-policy';
import { evaluateDevicePoll, evaluateEdge, judgeSupply, supplyCategory } from './alert-rules';
import { INITIAL_WATCH_STATE, type DeviceWatchState } from './alerting.types';
import { failedPollFactory, printerAlertFactory, snapshotFactory, supplyFactory } from './testing/poll.factory';

const T0 = '2026-01-15T09:00:00.000Z';
const at = (minutes: number): Date => new Date(Date.parse(T0) + minutes * 60_000);
const policy: AlertPolicy = resolveAlertPolicy([]);

function subjects(result: ReturnType<typeof evaluateDevicePoll>): string[] {
  return result.conditions.map((c) => `${c.rule}/${c.subject}`);
}

describe('evaluateDevicePoll — device unreachable with patience', () => {
  /** Polls every 5 minutes, all failing; returns the conditions after each. */
  function failEvery5Minutes(count: number, p: AlertPolicy = policy): string[][] {
    let watch: DeviceWatchState = INITIAL_WATCH_STATE;
    const seen: string[][] = [];
    for (let i = 0; i < count; i += 1) {
      const now = at(i * 5);
      const result = evaluateDevicePoll({
        deviceId: 'd1',
        poll: failedPollFactory({ polledAt: now.toISOString() }),
        previous: watch,
        policy: p,
        now,
      });
      watch = result.watch;
      expect(result.coverage).toEqual(['deviceUnreachable']);
      seen.push(subjects(result));
    }
    return seen;
  }

  it('waits for N failed polls AND the minimum time (defaults: 3 polls, 15 minutes)', () => {
    const seen = failEvery5Minutes(5);
    // t=0, 5, 10: three failures but only 10 minutes; t=15: both met.
    expect(seen).toEqual([[], [], [], ['deviceUnreachable/unreachable'], ['deviceUnreachable/unreachable']]);
  });

  it('needs the failed polls too, not only the time', () => {
    const p = resolveAlertPolicy([{ unreachable: { failedPolls: 3, minDurationMs: 0 } }]);
    let watch: DeviceWatchState = INITIAL_WATCH_STATE;
    const first = evaluateDevicePoll({
      deviceId: 'd1',
      poll: failedPollFactory({ polledAt: T0 }),
      previous: watch,
      policy: p,
      now: at(0),
    });
    watch = first.watch;
    const second = evaluateDevicePoll({
      deviceId: 'd1',
      poll: failedPollFactory(),
      previous: watch,
      policy: p,
      now: at(60),
    });
    expect(second.conditions).toEqual([]);
    const third = evaluateDevicePoll({
      deviceId: 'd1',
      poll: failedPollFactory(),
      previous: second.watch,
      policy: p,
      now: at(61),
    });
    expect(third.conditions).toHaveLength(1);
    expect(third.conditions[0]).toMatchObject({
      key: 'device:d1/deviceUnreachable/unreachable',
      severity: 'critical',
      summary: 'Device not reachable for 61 minutes (3 polls failed in a row)',
      detail: 'timeout: No answer within 3000 ms',
    });
  });

  it('forgets the failures after one good poll (a sleeping printer that wakes up never pages)', () => {
    let watch: DeviceWatchState = INITIAL_WATCH_STATE;
    for (const minute of [0, 5, 10]) {
      watch = evaluateDevicePoll({
        deviceId: 'd1',
        poll: failedPollFactory({ polledAt: at(minute).toISOString() }),
        previous: watch,
        policy,
        now: at(minute),
      }).watch;
    }
    expect(watch.consecutiveFailures).toBe(3);
    const good = evaluateDevicePoll({
      deviceId: 'd1',
      poll: snapshotFactory({ polledAt: at(15).toISOString() }),
      previous: watch,
      policy,
      now: at(15),
    });
    expect(good.watch).toEqual({ consecutiveFailures: 0, firstFailureAt: null, lastSuccessAt: at(15).toISOString() });
    expect(good.conditions).toEqual([]);
    expect(good.coverage).toEqual(['deviceUnreachable', 'deviceError', 'supplyLow']);
    const again = evaluateDevicePoll({
      deviceId: 'd1',
      poll: failedPollFactory({ polledAt: at(20).toISOString() }),
      previous: good.watch,
      policy,
      now: at(20),
    });
    expect(again.watch).toMatchObject({
      consecutiveFailures: 1,
      firstFailureAt: at(20).toISOString(),
      lastSuccessAt: at(15).toISOString(),
    });
  });

  it('raises nothing when the rule is off, but still counts', () => {
    const off = resolveAlertPolicy([
      { rules: { deviceUnreachable: false }, unreachable: { failedPolls: 1, minDurationMs: 0 } },
    ]);
    const result = evaluateDevicePoll({
      deviceId: 'd1',
      poll: failedPollFactory(),
      previous: INITIAL_WATCH_STATE,
      policy: off,
      now: at(0),
    });
    expect(result.conditions).toEqual([]);
    expect(result.watch.consecutiveFailures).toBe(1);
  });
});

describe('evaluateDevicePoll — error states', () => {
  const evaluate = (snapshot = snapshotFactory(), p: AlertPolicy = policy) =>
    evaluateDevicePoll({ deviceId: 'd1', poll: snapshot, previous: INITIAL_WATCH_STATE, policy: p, now: at(0) });

  it('reports nothing for a healthy device', () => {
    expect(evaluate().conditions).toEqual([]);
  });

  it.each([
    ['jammed', 'jammed', 'Paper jam', 'critical'],
    ['doorOpen', 'doorOpen', 'A door or cover is open', 'critical'],
    ['noPaper', 'noPaper', 'Out of paper', 'critical'],
    ['noToner', 'noToner', 'Out of toner', 'critical'],
    ['serviceRequested', 'serviceRequested', 'Service requested: call the service technician', 'warning'],
    ['offline', 'offline', 'Printer is offline', 'critical'],
    ['outputFull', 'outputFull', 'Output tray is full', 'critical'],
    ['inputTrayMissing', 'inputTrayMissing', 'A paper tray is missing', 'critical'],
    ['outputTrayMissing', 'outputTrayMissing', 'An output tray is missing', 'warning'],
    ['markerSupplyMissing', 'markerSupplyMissing', 'A toner cartridge or other supply is missing', 'critical'],
  ] as const)('error bit %s opens deviceError/%s', (bit, subject, summary, severity) => {
    const result = evaluate(
      snapshotFactory({
        status: { device: 'down', printer: 'other', errors: [bit], rawErrorState: '01', overall: 'error' },
      }),
    );
    expect(result.conditions).toEqual([
      {
        key: `device:d1/deviceError/${subject}`,
        target: { kind: 'device', id: 'd1' },
        rule: 'deviceError',
        subject,
        severity,
        summary,
        detail: null,
      },
    ]);
  });

  it('leaves low-level bits (low paper, low toner, near full, one empty tray, maintenance) silent by default', () => {
    const result = evaluate(
      snapshotFactory({
        status: {
          device: 'warning',
          printer: 'idle',
          errors: ['lowPaper', 'lowToner', 'outputNearFull', 'inputTrayEmpty', 'overduePreventMaint'],
          rawErrorState: 'c0',
          overall: 'warning',
        },
      }),
    );
    expect(result.conditions).toEqual([]);
    const eager = resolveAlertPolicy([{ errorConditions: ['lowPaper', 'overduePreventMaint'] }]);
    expect(
      subjects(
        evaluate(
          snapshotFactory({
            status: {
              device: 'warning',
              printer: 'idle',
              errors: ['lowPaper', 'lowToner', 'overduePreventMaint'],
              rawErrorState: 'c0',
              overall: 'warning',
            },
          }),
          eager,
        ),
      ),
    ).toEqual(['deviceError/lowPaper', 'deviceError/overduePreventMaint']);
  });

  it('reads prtAlertTable rows too, merging them with the bits and keeping their descriptions', () => {
    const result = evaluate(
      snapshotFactory({
        status: { device: 'down', printer: 'other', errors: ['jammed'], rawErrorState: '04', overall: 'error' },
        alerts: [
          printerAlertFactory({ index: 3, code: 'jam', description: 'Paper jam in tray 1' }),
          printerAlertFactory({ index: 4, code: 'coverOpen', group: 'cover', description: 'Front cover open' }),
          printerAlertFactory({ index: 5, code: 'subunitMotorFailure', description: 'Motor failure' }),
          printerAlertFactory({
            index: 6,
            code: 'markerTonerAlmostEmpty',
            severity: 'warning',
            description: 'Toner low',
          }),
          printerAlertFactory({ index: 7, code: 'code999', description: 'Vendor code' }),
          printerAlertFactory({ index: 8, code: null, description: null }),
        ],
      }),
    );
    expect(result.conditions.map((c) => [c.subject, c.severity, c.detail])).toEqual([
      ['doorOpen', 'critical', 'Front cover open'],
      ['hardwareFailure', 'critical', 'Motor failure'],
      ['jammed', 'critical', 'Paper jam in tray 1'],
    ]);
  });

  it('tells one empty tray (warning row) from no paper at all (critical row)', () => {
    const one = evaluate(
      snapshotFactory({
        alerts: [printerAlertFactory({ code: 'inputMediaSupplyEmpty', severity: 'warning', group: 'input' })],
      }),
    );
    expect(one.conditions).toEqual([]); // inputTrayEmpty is off by default
    const all = evaluate(
      snapshotFactory({
        alerts: [
          printerAlertFactory({
            code: 'inputMediaSupplyEmpty',
            severity: 'critical',
            group: 'input',
            description: 'Tray 1: add paper',
          }),
        ],
      }),
    );
    expect(all.conditions.map((c) => [c.subject, c.detail])).toEqual([['noPaper', 'Tray 1: add paper']]);
  });

  it('raises a warning-level condition to critical when the device says critical', () => {
    const result = evaluate(
      snapshotFactory({
        status: {
          device: 'warning',
          printer: 'idle',
          errors: ['serviceRequested'],
          rawErrorState: '00',
          overall: 'warning',
        },
        alerts: [
          printerAlertFactory({
            code: 'outputMediaTrayMissing',
            severity: 'critical',
            description: 'Output bin missing',
          }),
        ],
      }),
    );
    expect(result.conditions.map((c) => [c.subject, c.severity])).toEqual([
      ['outputTrayMissing', 'critical'],
      ['serviceRequested', 'warning'],
    ]);
  });

  it('treats a missing marker supply row of the markerSupplies group as markerSupplyMissing', () => {
    const result = evaluate(
      snapshotFactory({
        alerts: [
          printerAlertFactory({ code: 'subunitMissing', group: 'markerSupplies', description: 'Cyan toner missing' }),
        ],
      }),
    );
    expect(subjects(result)).toEqual(['deviceError/markerSupplyMissing']);
  });

  it('does not cover deviceError when neither the error bits nor the alert table could be read', () => {
    const unread = snapshotFactory({
      status: { device: null, printer: null, errors: [], rawErrorState: null, overall: 'unknown' },
      unreadable: [{ item: 'alerts', reason: 'timeout', message: 'timed out' }],
    });
    expect(evaluate(unread).coverage).toEqual(['deviceUnreachable', 'supplyLow']);
    const bitsOnly = snapshotFactory({ unreadable: [{ item: 'alerts', reason: 'noSuchObject', message: 'no table' }] });
    expect(evaluate(bitsOnly).coverage).toContain('deviceError');
  });

  it('covers a disabled rule (so its open alerts resolve) and raises nothing for it', () => {
    const off = resolveAlertPolicy([{ rules: { deviceError: false, supplyLow: false } }]);
    const result = evaluate(
      snapshotFactory({
        status: { device: 'down', printer: 'other', errors: ['jammed'], rawErrorState: '04', overall: 'error' },
        supplies: [supplyFactory({ remainingPercent: 0, state: 'empty' })],
        unreadable: [{ item: 'supplies', reason: 'timeout', message: 'x' }],
      }),
      off,
    );
    expect(result.conditions).toEqual([]);
    expect(result.coverage).toEqual(['deviceUnreachable', 'deviceError', 'supplyLow']);
  });
});

describe('evaluateDevicePoll — supplies', () => {
  const evaluate = (supplies = [supplyFactory()], p: AlertPolicy = policy, unreadable: string[] = []) =>
    evaluateDevicePoll({
      deviceId: 'd1',
      poll: snapshotFactory({
        supplies,
        unreadable: unreadable.map((item) => ({ item, reason: 'timeout', message: 'x' })),
      }),
      previous: INITIAL_WATCH_STATE,
      policy: p,
      now: at(0),
    });

  it('alerts toner at or below 10 % (warning) and empty (critical)', () => {
    const result = evaluate([
      supplyFactory({ index: 1, remainingPercent: 11, state: 'ok' }),
      supplyFactory({ index: 2, description: 'Cyan Toner', remainingPercent: 10, state: 'low', partNumber: 'TN-C1' }),
      supplyFactory({ index: 3, description: 'Magenta Toner', remainingPercent: 0, state: 'empty' }),
    ]);
    expect(result.conditions.map((c) => [c.key, c.severity, c.summary, c.detail])).toEqual([
      ['device:d1/supplyLow/supply:2', 'warning', 'Cyan Toner is low (10 % left)', 'Part number TN-C1'],
      ['device:d1/supplyLow/supply:3', 'critical', 'Magenta Toner is empty', null],
    ]);
  });

  it('counts a null percentage with state low or empty, never unknown', () => {
    const result = evaluate([
      supplyFactory({ index: 1, remainingPercent: null, state: 'low' }),
      supplyFactory({ index: 2, remainingPercent: null, state: 'empty' }),
      supplyFactory({ index: 3, remainingPercent: null, state: 'unknown' }),
      supplyFactory({ index: 4, remainingPercent: null, state: 'ok' }),
    ]);
    expect(result.conditions.map((c) => [c.subject, c.severity, c.summary])).toEqual([
      ['supply:1', 'warning', 'Black Toner is low'],
      ['supply:2', 'critical', 'Black Toner is empty'],
    ]);
  });

  it('uses the percentage over the state word when both are known', () => {
    // The device calls it low at 15 %, our threshold is 10 %: no alert; at 8 % it says ok: alert.
    const result = evaluate([
      supplyFactory({ index: 1, remainingPercent: 15, state: 'low' }),
      supplyFactory({ index: 2, remainingPercent: 8, state: 'ok' }),
    ]);
    expect(result.conditions.map((c) => c.subject)).toEqual(['supply:2']);
  });

  it('speaks of free space for waste receptacles and alerts staples only when empty', () => {
    const result = evaluate([
      supplyFactory({
        index: 5,
        description: 'Waste Toner Box',
        type: 'wasteToner',
        class: 'receptacle',
        remainingPercent: 7,
        state: 'low',
      }),
      supplyFactory({
        index: 6,
        description: 'Waste Toner Box 2',
        type: 'wasteToner',
        class: 'receptacle',
        remainingPercent: 0,
        state: 'empty',
      }),
      supplyFactory({ index: 7, description: 'Staples', type: 'staples', remainingPercent: null, state: 'low' }),
      supplyFactory({ index: 8, description: 'Staples 2', type: 'staples', remainingPercent: null, state: 'empty' }),
      supplyFactory({ index: 9, description: 'Drum Unit', type: 'opc', remainingPercent: 9, state: 'low' }),
      supplyFactory({ index: 10, description: 'Fuser', type: 'fuser', remainingPercent: 3, state: 'low' }),
    ]);
    expect(result.conditions.map((c) => [c.subject, c.summary])).toEqual([
      ['supply:5', 'Waste Toner Box is nearly full (7 % free)'],
      ['supply:6', 'Waste Toner Box 2 is full'],
      ['supply:8', 'Staples 2 is empty'],
      ['supply:9', 'Drum Unit is low (9 % left)'],
    ]);
  });

  it('follows per-category thresholds and "off"', () => {
    const p = resolveAlertPolicy([{ supplyThresholds: { toner: 30, drum: 'off' } }]);
    const result = evaluate(
      [
        supplyFactory({ index: 1, remainingPercent: 25, state: 'ok' }),
        supplyFactory({ index: 2, description: 'Drum', type: 'opc', remainingPercent: 0, state: 'empty' }),
      ],
      p,
    );
    expect(result.conditions.map((c) => c.subject)).toEqual(['supply:1']);
  });

  it('names a supply without a description by colour and type', () => {
    const result = evaluate([
      supplyFactory({ index: 4, description: null, color: 'yellow', remainingPercent: 2, state: 'low' }),
    ]);
    expect(result.conditions[0]?.summary).toBe('yellow toner is low (2 % left)');
  });

  it('does not cover supplyLow when the supply table could not be read', () => {
    expect(evaluate([], policy, ['supplies']).coverage).toEqual(['deviceUnreachable', 'deviceError']);
    expect(evaluate([], policy, ['identity.serialNumber']).coverage).toContain('supplyLow');
  });

  it('leaves only the supply with an unreadable field unjudged', () => {
    const result = evaluate(
      [
        supplyFactory({ index: 3, remainingPercent: null, state: 'unknown' }),
        supplyFactory({ index: 4, remainingPercent: 2, state: 'low' }),
        supplyFactory({ index: 12, remainingPercent: 1, state: 'low' }),
      ],
      policy,
      ['supplies.3.level', 'supplies.12.max', 'supplies.3.max'],
    );
    expect(result.coverage).toContain('supplyLow');
    expect(result.unjudged).toEqual(['device:d1/supplyLow/supply:12', 'device:d1/supplyLow/supply:3']);
    expect(result.conditions.map((c) => c.subject)).toEqual(['supply:4']);
  });
});

describe('supplyCategory / judgeSupply', () => {
  it.each([
    [{ type: 'toner', class: 'consumed', description: null }, 'toner'],
    [{ type: 'inkCartridge', class: 'consumed', description: null }, 'toner'],
    [{ type: 'opc', class: 'consumed', description: null }, 'drum'],
    [{ type: 'developer', class: 'consumed', description: null }, 'drum'],
    [{ type: 'wasteToner', class: 'receptacle', description: null }, 'wasteReceptacle'],
    [{ type: 'other', class: 'receptacle', description: null }, 'wasteReceptacle'],
    [{ type: 'staples', class: 'consumed', description: null }, 'staples'],
    [{ type: 'fuser', class: 'consumed', description: null }, 'other'],
    [{ type: 'other', class: 'consumed', description: 'Imaging Unit K' }, 'drum'],
    [{ type: null, class: 'other', description: 'Black Toner Cartridge' }, 'toner'],
    [{ type: 'unknown', class: 'other', description: 'Staple cartridge' }, 'staples'],
    [{ type: null, class: 'other', description: null }, 'other'],
  ] as const)('%o is %s', (supply, category) => {
    expect(supplyCategory(supply)).toBe(category);
  });

  it('never alerts an unknown state, even at 0 %', () => {
    expect(judgeSupply(supplyFactory({ remainingPercent: 0, state: 'unknown' }), 10)).toBeNull();
  });
});

describe('evaluateEdge', () => {
  const edgePolicy = DEFAULT_ALERT_POLICY;

  it('raises edgeOffline after 10 minutes of silence (default)', () => {
    const base = { edgeId: 'e1', lastSeenAt: T0, activatedAt: '2026-01-01T00:00:00.000Z', policy: edgePolicy };
    expect(evaluateEdge({ ...base, now: at(9) }).conditions).toEqual([]);
    const result = evaluateEdge({ ...base, now: at(10) });
    expect(result.coverage).toEqual(['edgeOffline']);
    expect(result.conditions).toEqual([
      {
        key: 'edge:e1/edgeOffline/offline',
        target: { kind: 'edge', id: 'e1' },
        rule: 'edgeOffline',
        subject: 'offline',
        severity: 'critical',
        summary: 'Edge has not answered for 10 minutes',
        detail: `Last seen ${T0}`,
      },
    ]);
  });

  it('counts from the activation for an edge never seen, and stays silent when the rule is off', () => {
    const never = evaluateEdge({ edgeId: 'e1', lastSeenAt: null, activatedAt: T0, policy: edgePolicy, now: at(180) });
    expect(never.conditions[0]?.summary).toBe('Edge has not answered for 3 hours');
    expect(never.conditions[0]?.detail).toBe('Never seen since activation');
    const off = resolveAlertPolicy([{ rules: { edgeOffline: false } }]);
    expect(
      evaluateEdge({ edgeId: 'e1', lastSeenAt: null, activatedAt: T0, policy: off, now: at(180) }).conditions,
    ).toEqual([]);
  });
});
