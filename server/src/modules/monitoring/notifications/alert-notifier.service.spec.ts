import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../../test/support/fake-clock';
import type { AppConfig } from '../../../infra/config/app-config';
import type { AlertMailDevice, MailService } from '../../../infra/mail';
import { MailDeliveryError } from '../../../infra/mail';
import type { MailSettingsService } from '../../settings/mail-settings.service';
import { NO_MAIL_STATE, type StoredAlert } from '../alerts/alert.repository';
import { AlertNotifier } from './alert-notifier.service';

const clock = new FakeClock('2026-04-01T08:00:00.000Z');
const config = { http: { port: 8443, bindAddress: '127.0.0.1', publicUrl: 'https://fw.example.com' } } as AppConfig;
const device: AlertMailDevice = {
  id: 'd-1',
  name: 'MFP',
  model: null,
  serialNumber: null,
  address: '127.1.0.1',
  location: null,
};
const alert: StoredAlert = {
  id: 'a-1',
  key: 'device:d-1/deviceError/jammed',
  target: { kind: 'device', id: 'd-1' },
  rule: 'deviceError',
  subject: 'jammed',
  severity: 'critical',
  summary: 'Paper jam',
  detail: null,
  state: 'open',
  openedAt: '2026-04-01T07:55:00.000Z',
  lastSeenAt: '2026-04-01T07:55:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  resolvedBy: null,
  resolution: null,
  reopenCount: 0,
  lastNotifiedAt: null,
  ...NO_MAIL_STATE,
  mailPending: true,
  mailPendingKind: 'opened',
};

function notifier(mail: Pick<MailService, 'sendAlert'> | null): { sut: AlertNotifier; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const wrapped = mail
    ? {
        sendAlert: async (...args: Parameters<MailService['sendAlert']>) => {
          calls.push(args);
          return mail.sendAlert(...args);
        },
      }
    : null;
  const settings = { mailService: () => Promise.resolve(wrapped) } as unknown as MailSettingsService;
  return { sut: new AlertNotifier(settings, config, clock), calls };
}

describe('AlertNotifier', () => {
  it('sends the owed mail with the console link and clears the debt', async () => {
    const { sut, calls } = notifier({
      sendAlert: () => Promise.resolve({ messageId: 'm', accepted: ['ops@example.com'], rejected: [] }),
    });
    const out = await sut.notify(alert, device, { emails: ['ops@example.com'], webhooks: [] });
    expect(calls[0]).toEqual([alert, device, ['ops@example.com'], 'https://fw.example.com', 'opened']);
    expect(out).toMatchObject({ sent: true, mailSent: true, webhooksSent: 0 });
    expect(out.alert).toMatchObject({
      mailCount: 1,
      mailPending: false,
      mailPendingKind: null,
      lastMailError: null,
      lastNotifiedAt: '2026-04-01T08:00:00.000Z',
      lastMailAttemptAt: '2026-04-01T08:00:00.000Z',
    });
  });

  it('keeps the debt and the reason when the mail server refuses', async () => {
    const { sut } = notifier({
      sendAlert: () =>
        Promise.reject(
          new MailDeliveryError({
            reason: 'authFailed',
            message: 'The mail server x:25 refused the user name or password',
            smtpCode: 535,
            smtpMessage: null,
            command: 'AUTH PLAIN',
          }),
        ),
    });
    const out = await sut.notify(alert, device, { emails: ['ops@example.com'], webhooks: [] });
    expect(out.sent).toBe(false);
    expect(out.alert).toMatchObject({
      mailCount: 0,
      mailPending: true,
      mailPendingKind: 'opened',
      lastNotifiedAt: null,
    });
    expect(out.alert.lastMailError).toBe('Mail: The mail server x:25 refused the user name or password');
  });

  it('keeps the debt when no mail server is configured', async () => {
    const { sut } = notifier(null);
    const out = await sut.notify(alert, device, { emails: ['ops@example.com'], webhooks: [] });
    expect(out.alert).toMatchObject({ mailPending: true, lastMailError: 'No mail server is configured' });
  });

  it('owes nothing when the groups have no recipients, and says so', async () => {
    const { sut, calls } = notifier({ sendAlert: () => Promise.reject(new Error('not called')) });
    const out = await sut.notify(alert, device, { emails: [], webhooks: [] });
    expect(calls).toEqual([]);
    expect(out.alert).toMatchObject({
      mailPending: false,
      lastMailError: "No recipients are set for the device's groups",
    });
  });

  it('falls back to https://localhost:<port>/ without a public URL', () => {
    const sut = new AlertNotifier(
      {} as MailSettingsService,
      { http: { port: 9443, bindAddress: '0.0.0.0' } } as AppConfig,
      clock,
    );
    expect(sut.consoleUrl()).toBe('https://localhost:9443/');
  });
});
