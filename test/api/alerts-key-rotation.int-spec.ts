import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/src/bootstrap';
import { rotateMasterKey } from '../../server/src/infra/crypto/key-rotation';
import { DeviceInventoryService } from '../../server/src/modules/devices/device-inventory.service';
import { deviceSnapshot } from '../../server/src/modules/devices/testing/snapshot.factory';
import { AlertRepository } from '../../server/src/modules/monitoring/alerts/alert.repository';
import { GroupAlertSettingsService } from '../../server/src/modules/monitoring/notifications/group-alert-settings.service';
import { MailSettingsService } from '../../server/src/modules/settings/mail-settings.service';
import { startTestServer, type TestServer } from '../support';
import { createGroup, expectStatus } from './access-helpers';

const SMTP_PASSWORD = 'Rotate-Smtp-Pass-77';
const WEBHOOK_SECRET = 'rotate-webhook-secret-0123';

/**
 * `npm run rotate-key` re-encrypts the SMTP password and the group recipients / webhook; they still decrypt after
 * a restart, and open alerts survive the restart. The mail server and webhook point at a closed port, so the alert
 * also shows how a failed notification is recorded (still owed, with the reason).
 */
describe('alerts: master key rotation and restart', () => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('re-encrypts mail and recipient secrets; settings, recipients and open alerts are there after a restart', async () => {
    const admin = await s.loginAsAdmin();
    const group = await createGroup(s, admin, 'Rotation');
    expectStatus(
      await s.request('PUT', '/api/v1/settings/mail', {
        token: admin,
        body: {
          host: '127.0.0.1',
          port: 1,
          security: 'none',
          user: 'mailer',
          password: SMTP_PASSWORD,
          from: 'fleetward@example.com',
          rejectUnauthorized: true,
        },
      }),
      200,
      'mail settings',
    );
    expectStatus(
      await s.request('PUT', `/api/v1/device-groups/${group.id}/recipients`, {
        token: admin,
        body: { emails: ['ops@example.com'], webhookUrl: 'http://127.0.0.1:1/hook', webhookSecret: WEBHOOK_SECRET },
      }),
      200,
      'recipients',
    );
    const device = expectStatus(
      await s.request<{ id: string }>('POST', '/api/v1/devices', {
        token: admin,
        body: { name: 'mfp', address: '127.1.0.1', groupIds: [group.id] },
      }),
      201,
      'create device',
    );
    await s.server.app.get(DeviceInventoryService).ingestPoll(
      device.id,
      deviceSnapshot({
        status: { device: 'warning', printer: 'other', errors: ['jammed'], rawErrorState: '0400', overall: 'error' },
      }),
    );
    const config = s.server.config;
    await s.server.close();

    const result = await rotateMasterKey({ database: config.database, keyFile: path.join(s.dataDir, 'master.key') });
    expect(result.reencrypted['secret_settings.value_encrypted']).toBe(1);
    expect(result.reencrypted['device_group_alert_settings.recipients_encrypted']).toBe(1);
    expect(result.reencrypted['device_group_alert_settings.webhook_url_encrypted']).toBe(1);
    expect(result.reencrypted['device_group_alert_settings.webhook_secret_encrypted']).toBe(1);

    const restarted = await startServer(s.env);
    try {
      expect((await restarted.app.get(MailSettingsService).forSending())?.password).toBe(SMTP_PASSWORD);
      expect(await restarted.app.get(GroupAlertSettingsService).recipientsFor([group.id])).toEqual({
        emails: ['ops@example.com'],
        webhooks: [{ url: 'http://127.0.0.1:1/hook', secret: WEBHOOK_SECRET }],
      });
      const open = await restarted.app
        .get(AlertRepository)
        .activeAndRecent({ kind: 'device', id: device.id }, new Date());
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ subject: 'jammed', state: 'open', mailPending: true, mailCount: 0 });
      expect(open[0]?.lastMailError).toContain('Cannot connect to the mail server 127.0.0.1:1');
      expect(open[0]?.lastMailError).toContain('Webhook:');
    } finally {
      await restarted.close();
    }
  });
});
