import type { SettingsApplyRequest } from '@fleetward/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SnmpClientPool } from '../poller/snmp-client-pool';
import { OperationStore } from './operation-store';
import { fingerprintOf, SettingsService } from './settings.service';

const request = (password: string): SettingsApplyRequest => ({
  operationId: 'op-interrupted-1',
  target: { host: '127.23.7.7', snmp: { version: '2c', community: 'public' }, access: {} },
  settings: { 'security.adminPassword': password, 'time.timeZone': 'UTC' },
});

/** A pool that fails the test if the service ever reaches for the device. */
const untouchable = {
  client: () => {
    throw new Error('the device must not be contacted');
  },
} as unknown as SnmpClientPool;

describe('SettingsService apply records', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('never re-sends an operation the edge was sending when it stopped', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'fw-settings-svc-'));
    dirs.push(dataDir);
    new OperationStore(dataDir).started('op-interrupted-1', fingerprintOf(request('first-password-1')));
    const service = new SettingsService({ pool: untouchable, dataDir, timeoutMs: 500 });
    const answer = await service.apply(request('first-password-1'));
    expect(answer).toMatchObject({
      ok: false,
      replayed: true,
      error: { code: 'OPERATION_INTERRUPTED' },
      settings: [
        { key: 'security.adminPassword', status: 'failed' },
        { key: 'time.timeZone', status: 'failed' },
      ],
    });
  });

  it('leaves secret values out of the fingerprint but not the other values', () => {
    expect(fingerprintOf(request('first-password-1'))).toBe(fingerprintOf(request('other-password-2')));
    const other = request('first-password-1');
    other.settings['time.timeZone'] = 'Asia/Tokyo';
    expect(fingerprintOf(other)).not.toBe(fingerprintOf(request('first-password-1')));
  });
});
