import { describe, expect, it } from 'vitest';
import { deviceSnapshot, failedPoll } from '../devices/testing/snapshot.factory';
import { asPollResult } from './monitoring.service';

describe('asPollResult', () => {
  it('takes a snapshot and a failed poll as they are', () => {
    const snapshot = deviceSnapshot();
    const failed = failedPoll();
    expect(asPollResult(snapshot)).toBe(snapshot);
    expect(asPollResult(failed)).toBe(failed);
  });

  it('refuses malformed documents, so no rule judges them', () => {
    const snapshot = deviceSnapshot();
    for (const bad of [
      null,
      'ok',
      {},
      { ...snapshot, ok: 'yes' },
      { ...snapshot, polledAt: 'yesterday' },
      { ...snapshot, supplies: null },
      { ...snapshot, status: { ...snapshot.status, errors: 'jammed' } },
      { ...snapshot, alerts: undefined },
      { ...failedPoll(), error: null },
    ]) {
      expect(asPollResult(bad)).toBeNull();
    }
  });
});
