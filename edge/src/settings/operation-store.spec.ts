import type { SettingsApplyResponse } from '@fleetward/contracts';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationStore } from './operation-store';

const response = (operationId: string): SettingsApplyResponse => ({
  ok: true,
  operationId,
  replayed: false,
  driver: { id: 'd', family: 'f' },
  appliedAt: '2026-12-02T00:00:00.000Z',
  settings: [{ key: 'time.timeZone', status: 'applied' }],
});

describe('OperationStore', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'fw-ops-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('keeps started and done operations across a reopen and ignores a torn last line', () => {
    const d = dir();
    const store = new OperationStore(d);
    store.started('op-a', 'fp-a');
    store.done('op-a', 'fp-a', response('op-a'));
    store.started('op-b', 'fp-b');
    appendFileSync(path.join(d, 'settings', 'operations.jsonl'), '{"id":"op-c","finger');
    const reopened = new OperationStore(d);
    expect(reopened.get('op-a')).toMatchObject({ state: 'done', response: { operationId: 'op-a' } });
    expect(reopened.get('op-b')).toMatchObject({ state: 'started', fingerprint: 'fp-b' });
    expect(reopened.get('op-c')).toBeUndefined();
  });

  it('is bounded: keeps the newest operations and compacts its file', () => {
    const d = dir();
    const store = new OperationStore(d, 3);
    for (let i = 1; i <= 10; i++) store.done(`op-${i}`, 'fp', response(`op-${i}`));
    expect(store.get('op-7')).toBeUndefined();
    expect(store.get('op-8')).toBeDefined();
    const lines = readFileSync(path.join(d, 'settings', 'operations.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBeLessThanOrEqual(6);
    const reopened = new OperationStore(d, 3);
    expect(['op-8', 'op-9', 'op-10'].map((id) => reopened.get(id)?.state)).toEqual(['done', 'done', 'done']);
  });
});
