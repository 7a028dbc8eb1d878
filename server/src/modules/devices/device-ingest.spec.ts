import { describe, expect, it } from 'vitest';
import { planIngest, type PreviousDeviceState } from './device-ingest';
import { deviceSnapshot, failedPoll, supply } from './testing/snapshot.factory';

const NOW = new Date('2026-02-01T10:00:00.000Z');

function neverPolled(overrides: Partial<PreviousDeviceState> = {}): PreviousDeviceState {
  return {
    status: 'unknown',
    errors: [],
    vendor: null,
    model: null,
    serialNumber: null,
    firmware: null,
    sysName: null,
    sysLocation: null,
    counters: null,
    supplies: [],
    lastPollAt: null,
    ...overrides,
  };
}

/** The state a device row holds after ingesting `result` on a never-polled device. */
function after(result: unknown): PreviousDeviceState {
  const plan = planIngest(result, neverPolled(), NOW);
  const read = plan.device.read!;
  return {
    status: plan.device.status,
    errors: plan.device.errors,
    vendor: read.vendor,
    model: read.model,
    serialNumber: read.serialNumber,
    firmware: read.firmware,
    sysName: read.sysName,
    sysLocation: read.sysLocation,
    counters: read.counters,
    supplies: read.supplies,
    lastPollAt: NOW,
  };
}

describe('planIngest', () => {
  describe('success', () => {
    it('takes identity, status, counters, supplies and trays, and writes every first history row', () => {
      const sut = planIngest(deviceSnapshot(), neverPolled(), NOW);
      expect(sut.device).toMatchObject({
        status: 'ok',
        errors: [],
        lastPollAt: NOW,
        lastPollOutcome: 'ok',
        lastPollErrorCode: null,
        read: {
          vendor: 'Fleetward Test',
          model: 'FW-C4000i',
          serialNumber: 'SN-0001',
          driverId: 'generic',
          lastSeenAt: NOW,
          counters: { total: 1000, black: 700, color: 300, print: 800, copy: 200, scan: null, fax: null },
        },
      });
      expect(sut.device.read!.trays).toHaveLength(1);
      expect(sut.statusChange).toEqual({ at: NOW, status: 'ok', errors: [], message: null });
      expect(sut.counterReading).toEqual({
        at: NOW,
        total: 1000,
        black: 700,
        color: 300,
        print: 800,
        copy: 200,
        scan: null,
        fax: null,
      });
      expect(sut.supplyReadings.map((s) => [s.index, s.remainingPercent, s.state])).toEqual([
        [1, 80, 'ok'],
        [2, 40, 'ok'],
      ]);
    });

    it('writes no history row when nothing changed since the previous poll', () => {
      const previous = after(deviceSnapshot());
      const sut = planIngest(deviceSnapshot(), previous, new Date(NOW.getTime() + 60_000));
      expect(sut.statusChange).toBeNull();
      expect(sut.counterReading).toBeNull();
      expect(sut.supplyReadings).toEqual([]);
      expect(sut.device.lastPollAt).toEqual(new Date(NOW.getTime() + 60_000));
    });

    it('records a status transition when the error list changes, sorted and de-duplicated', () => {
      const previous = after(deviceSnapshot());
      const sut = planIngest(
        deviceSnapshot({
          status: {
            device: 'down',
            printer: 'other',
            errors: ['noToner', 'jammed', 'jammed'],
            rawErrorState: '0500',
            overall: 'error',
          },
        }),
        previous,
        NOW,
      );
      expect(sut.statusChange).toEqual({ at: NOW, status: 'error', errors: ['jammed', 'noToner'], message: null });
    });

    it('writes all supplies again when one level moved, and a counter row when one counter moved', () => {
      const previous = after(deviceSnapshot());
      const sut = planIngest(
        deviceSnapshot({
          counters: { total: 1001, black: 701 },
          supplies: [supply({ index: 1, remainingPercent: 79 }), supply({ index: 2, remainingPercent: 40 })],
        }),
        previous,
        NOW,
      );
      expect(sut.counterReading).toMatchObject({ total: 1001, black: 701, color: 300 });
      expect(sut.supplyReadings.map((s) => s.remainingPercent)).toEqual([79, 40]);
    });

    it('keeps identity fields this poll could not read', () => {
      const previous = after(deviceSnapshot());
      const identity = { ...deviceSnapshot().identity, serialNumber: null, firmware: '2.2.0' };
      const sut = planIngest(deviceSnapshot({ identity }), previous, NOW);
      expect(sut.device.read).toMatchObject({ serialNumber: 'SN-0001', firmware: '2.2.0' });
    });
  });

  describe('malformed pieces stay null', () => {
    it('drops wrong-typed, negative, fractional or oversized counters and out-of-range levels', () => {
      const malformed = {
        ...deviceSnapshot(),
        counters: { total: '1000', black: -5, color: 1.5, print: 3_000_000_000, copy: null, scan: 7, markers: 'x' },
        supplies: [
          { ...supply(), remainingPercent: 140, state: 'sparkling', class: 'weird' },
          { description: 'no index' },
          'not an object',
        ],
        status: { overall: 'on fire', errors: ['jammed', 'gremlins', 42] },
        identity: { vendor: 42, model: '  ', serialNumber: 'SN-9' },
        trays: [{ index: 1, level: -2, max: 500, levelPercent: Number.NaN }],
      };
      const sut = planIngest(malformed, neverPolled(), NOW);
      expect(sut.device.status).toBe('unknown');
      expect(sut.device.errors).toEqual(['jammed']);
      expect(sut.device.read!.counters).toEqual({
        total: null,
        black: null,
        color: null,
        print: null,
        copy: null,
        scan: 7,
        fax: null,
        markers: [],
      });
      expect(sut.device.read!.supplies).toHaveLength(1);
      expect(sut.device.read!.supplies[0]).toMatchObject({ remainingPercent: null, state: 'unknown', class: 'other' });
      expect(sut.device.read!.trays[0]).toMatchObject({ level: null, max: 500, levelPercent: null, name: null });
      expect(sut.device.read).toMatchObject({ vendor: null, model: null, serialNumber: 'SN-9' });
    });

    it('writes no counter row when the device gave no counter at all', () => {
      const sut = planIngest(
        deviceSnapshot({
          counters: { total: null, black: null, color: null, print: null, copy: null, scan: null, fax: null },
        }),
        neverPolled(),
        NOW,
      );
      expect(sut.counterReading).toBeNull();
    });
  });

  describe('failure', () => {
    it('marks the device unreachable with the edge error, keeps the last read, records the transition once', () => {
      const previous = after(deviceSnapshot());
      const sut = planIngest(failedPoll(), previous, NOW);
      expect(sut.device).toEqual({
        status: 'unreachable',
        errors: [],
        lastPollAt: NOW,
        lastPollOutcome: 'failed',
        lastPollErrorCode: 'timeout',
        lastPollErrorMessage: 'No answer within 3000 ms',
      });
      expect(sut.statusChange).toEqual({
        at: NOW,
        status: 'unreachable',
        errors: [],
        message: 'No answer within 3000 ms',
      });
      expect(sut.counterReading).toBeNull();
      expect(sut.supplyReadings).toEqual([]);
      const again = planIngest(failedPoll(), { ...previous, status: 'unreachable' }, NOW);
      expect(again.statusChange).toBeNull();
    });

    it('treats a malformed result as a failed poll, not as data', () => {
      for (const junk of [null, 'ok', 42, { ok: 'yes' }, { ok: false }, []]) {
        const sut = planIngest(junk, neverPolled(), NOW);
        expect(sut.device).toMatchObject({
          status: 'unreachable',
          lastPollOutcome: 'failed',
          lastPollErrorCode: 'malformedResponse',
        });
        expect(sut.device.read).toBeUndefined();
      }
    });
  });
});

describe('planIngest — snapshot schema versions', () => {
  it('ingests a schema-1 snapshot (older edge: every table cell in `sources`) like the same schema-2 one', () => {
    const v2 = deviceSnapshot({
      schemaVersion: 2,
      supplies: [supply({ index: 1, remainingPercent: 40 })],
      sources: { 'counters.total': { oid: '1.3.6.1.2.1.43.10.2.1.4.1.1', raw: 1000 } },
      tableSources: { 'supplies.level': { column: '1.3.6.1.2.1.43.11.1.1.9', rows: ['1.1'], raw: [40] } },
    });
    const v1: unknown = {
      ...v2,
      schemaVersion: 1,
      sources: { ...v2.sources, 'supplies.1.level': { oid: '1.3.6.1.2.1.43.11.1.1.9.1.1', raw: 40 } },
      tableSources: undefined,
    };
    const one = planIngest(v1, neverPolled(), NOW);
    expect(one.device.lastPollOutcome).toBe('ok');
    expect(one).toEqual(planIngest(v2, neverPolled(), NOW));
  });
});
