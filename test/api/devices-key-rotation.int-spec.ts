import type { DeviceDetailResponse } from '@fleetward/contracts';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/src/bootstrap';
import { rotateMasterKey } from '../../server/src/infra/crypto/key-rotation';
import { DeviceInventoryService } from '../../server/src/modules/devices/device-inventory.service';
import { startTestServer, type TestServer } from '../support';
import { createGroup, expectStatus } from './access-helpers';

/** `npm run rotate-key` re-encrypts the device secrets (SNMP credentials, administrator password). */
describe('devices: master key rotation', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('re-encrypts SNMP credentials and the administrator password; they still decrypt after a restart', async () => {
    const admin = await s.loginAsAdmin();
    const group = await createGroup(s, admin, 'Rotation');
    const snmp = { version: '3', user: 'ops', level: 'authNoPriv', authProtocol: 'sha', authKey: 'rotate-me-please' };
    const device = expectStatus(
      await s.request<DeviceDetailResponse>('POST', '/api/v1/devices', {
        token: admin,
        body: { name: 'mfp', address: '127.1.0.1', groupIds: [group.id], snmp, adminPassword: 'Admin-Pw-1' },
      }),
      201,
      'create',
    );
    const config = s.server.config;
    await s.server.close();

    const result = await rotateMasterKey({ database: config.database, keyFile: path.join(s.dataDir, 'master.key') });
    expect(result.reencrypted['devices.snmp_secret_encrypted']).toBe(1);
    expect(result.reencrypted['devices.admin_password_encrypted']).toBe(1);

    const restarted = await startServer(s.env);
    try {
      const rows = await restarted.app
        .get(DataSource)
        .query<{ s: string; p: string }[]>(
          'SELECT snmp_secret_encrypted AS s, admin_password_encrypted AS p FROM devices',
        );
      expect(rows[0]!.s.startsWith(`v1:${result.newKeyId}:`)).toBe(true);
      expect(rows[0]!.p.startsWith(`v1:${result.newKeyId}:`)).toBe(true);
      expect((await restarted.app.get(DeviceInventoryService).pollTarget(device.id)).snmp).toEqual(snmp);
    } finally {
      await restarted.close();
    }
  });
});
