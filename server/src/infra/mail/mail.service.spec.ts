import type { SMTPTransportOptions, SendMailOptions } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { deviceLink, renderAlertMail, renderEdgeAlertMail } from './alert-mail.template';
import { normalizeRecipients, validateMailSettings, type MailSettings } from './mail-settings';
import {
  InvalidConsoleUrlError,
  InvalidMailRecipientsError,
  InvalidMailSettingsError,
  MailDeliveryError,
} from './mail.errors';
import { MailService, redactSecret, toMailDeliveryError, type MailTransport } from './mail.service';

const settings: MailSettings = {
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  user: 'fw',
  password: 'pw-123456',
  from: 'Fleetward <fw@example.com>',
  rejectUnauthorized: true,
};

const device = {
  id: 'dev-1',
  name: 'Finance MFP',
  model: 'FW-4000i',
  serialNumber: 'SN1',
  address: '10.0.0.5',
  location: 'Tokyo HQ 3F',
};
const alert = {
  id: 'a1',
  severity: 'warning' as const,
  summary: 'Black Toner is low (8 % left)',
  detail: null,
  openedAt: '2026-01-15T09:00:00.000Z',
};

class FakeTransport implements MailTransport {
  readonly sent: SendMailOptions[] = [];
  closed = 0;
  constructor(private readonly fail?: Error) {}
  sendMail(message: SendMailOptions) {
    this.sent.push(message);
    if (this.fail) return Promise.reject(this.fail);
    return Promise.resolve({ messageId: '<m1@x>', accepted: ['a@example.com'], rejected: [] });
  }
  close(): void {
    this.closed += 1;
  }
}

const silent = { log: () => undefined, warn: () => undefined };

describe('validateMailSettings', () => {
  it('accepts sound settings', () => {
    expect(() => validateMailSettings(settings)).not.toThrow();
    expect(() =>
      validateMailSettings({
        ...settings,
        host: '192.0.2.1',
        from: 'fw@example.com',
        user: undefined,
        password: undefined,
      }),
    ).not.toThrow();
  });

  it('lists every problem', () => {
    const bad = {
      ...settings,
      host: 'bad host',
      port: 0,
      security: 'ssl',
      from: 'nobody',
      user: undefined,
      ca: 'xyz',
    } as unknown as MailSettings;
    let error: unknown;
    try {
      validateMailSettings(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidMailSettingsError);
    {
      expect((error as InvalidMailSettingsError).problems).toEqual([
        'host must be a host name or an IP address',
        'port must be an integer from 1 to 65535',
        'security must be none, starttls or tls',
        'from must be a mail address, optionally as "Name <address>"',
        'a password needs a user',
        'ca must be PEM certificates',
      ]);
    }
  });

  it('refuses a header injection in the sender', () => {
    expect(() => validateMailSettings({ ...settings, from: 'fw@example.com\r\nBcc: x@evil.example' })).toThrow(
      InvalidMailSettingsError,
    );
  });
});

describe('normalizeRecipients', () => {
  it('trims, drops blanks and de-duplicates case-insensitively', () => {
    expect(normalizeRecipients([' a@example.com', 'A@EXAMPLE.com', '', 'b@example.com'])).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
  });
  it('refuses no recipients and bad addresses', () => {
    expect(() => normalizeRecipients([])).toThrow(InvalidMailRecipientsError);
    expect(() => normalizeRecipients(['a@example.com', 'not an address'])).toThrow(
      'Not a mail address: not an address',
    );
  });
});

describe('renderAlertMail', () => {
  it('names the device, location, problem, time and link in subject, text and HTML', () => {
    const mail = renderAlertMail({ alert, device, consoleUrl: 'https://fw.example.com/console/' });
    expect(mail.subject).toBe('[Fleetward] Warning: Black Toner is low (8 % left) - Finance MFP (Tokyo HQ 3F)');
    expect(mail.text).toContain('Finance MFP needs attention.');
    expect(mail.text).toContain('Location:      Tokyo HQ 3F');
    expect(mail.text).toContain('Since:         2026-01-15 09:00 UTC');
    expect(mail.text).toContain('Open the device: https://fw.example.com/console/devices/dev-1');
    expect(mail.text).not.toContain('Details:');
    expect(mail.html).toContain('<a href="https://fw.example.com/console/devices/dev-1">');
  });

  it('escapes HTML and keeps the subject on one line', () => {
    const mail = renderAlertMail({
      alert: {
        ...alert,
        severity: 'critical',
        summary: 'Jam\r\nBcc: x@evil.example',
        detail: '<script>alert(1)</script>',
      },
      device: { ...device, name: 'A & B <MFP>', location: null },
      consoleUrl: 'http://fw.local',
      kind: 'escalated',
    });
    expect(mail.subject).toBe('[Fleetward] Now critical: Jam Bcc: x@evil.example - A & B <MFP>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('A &amp; B &lt;MFP&gt;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('A problem on A & B <MFP> got worse and needs attention.');
    expect(mail.text).toContain('Location:      not set');
  });

  it('falls back to the model, then the address, when the device has no name', () => {
    expect(
      renderAlertMail({ alert, device: { ...device, name: null }, consoleUrl: 'https://x.example' }).subject,
    ).toContain('- FW-4000i');
    expect(
      renderAlertMail({ alert, device: { ...device, name: null, model: null }, consoleUrl: 'https://x.example' })
        .subject,
    ).toContain('- 10.0.0.5');
  });

  it('builds device links only from absolute http(s) URLs', () => {
    expect(deviceLink('https://fw.example.com', 'a b')).toBe('https://fw.example.com/devices/a%20b');
    expect(() => deviceLink('javascript:alert(1)', 'x')).toThrow(InvalidConsoleUrlError);
    expect(() => deviceLink('/relative', 'x')).toThrow(InvalidConsoleUrlError);
  });
});

describe('renderEdgeAlertMail', () => {
  it('names the edge, where it runs, what it means for its devices, and links to it', () => {
    const mail = renderEdgeAlertMail({
      alert: {
        ...alert,
        severity: 'critical',
        summary: 'Edge has not answered for 12 minutes',
        detail: 'Last seen 2026-01-15T08:48:00.000Z',
      },
      edge: {
        id: 'edge-7',
        name: 'Osaka edge',
        address: 'edge-osaka.corp.example',
        location: 'Osaka Branch 1F',
        deviceCount: 120,
      },
      consoleUrl: 'https://fw.example.com',
    });
    expect(mail.subject).toBe(
      '[Fleetward] Critical: Edge has not answered for 12 minutes - edge Osaka edge (Osaka Branch 1F)',
    );
    expect(mail.text).toContain(
      'Edge Osaka edge needs attention. The 120 device(s) it polls are not monitored until it is back.',
    );
    expect(mail.text).toMatch(/^Address: +edge-osaka\.corp\.example$/m);
    expect(mail.text).toContain('Open the edge: https://fw.example.com/edges/edge-7');
    expect(mail.html).toContain('<a href="https://fw.example.com/edges/edge-7">Open the edge in Fleetward</a>');
  });

  it('copes with an edge without address, location or device count', () => {
    const mail = renderEdgeAlertMail({
      alert,
      edge: { id: 'e', name: 'E1', address: null, location: null, deviceCount: null },
      consoleUrl: 'https://fw.example.com',
    });
    expect(mail.text).toContain('The devices it polls are not monitored until it is back.');
    expect(mail.text).toMatch(/^Address: +unknown$/m);
    expect(mail.text).toMatch(/^Location: +not set$/m);
  });
});

describe('MailService with a fake transport', () => {
  it('maps the security setting to nodemailer options, keeping TLS checks on and the host as server name', () => {
    let seen: SMTPTransportOptions | undefined;
    const transport = new FakeTransport();
    const sut = new MailService({
      settings: { ...settings, ca: '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----' },
      logger: silent,
      createTransport: (o) => {
        seen = o;
        return transport;
      },
    });
    return sut.sendTest('a@example.com').then(() => {
      expect(seen).toMatchObject({
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        requireTLS: true,
        ignoreTLS: false,
        auth: { user: 'fw', pass: 'pw-123456' },
        tls: {
          rejectUnauthorized: true,
          minVersion: 'TLSv1.2',
          ca: expect.stringContaining('BEGIN CERTIFICATE') as unknown,
        },
      });
      expect(seen?.tls).not.toHaveProperty('servername');
      expect(transport.closed).toBe(1);
      expect(transport.sent[0]).toMatchObject({
        from: 'Fleetward <fw@example.com>',
        to: ['a@example.com'],
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    });
  });

  it('uses implicit TLS or plain SMTP as configured', () => {
    const options = (security: MailSettings['security']) =>
      new MailService({ settings: { ...settings, security }, logger: silent }).transportOptions();
    expect(options('tls')).toMatchObject({ secure: true, requireTLS: false, ignoreTLS: false });
    expect(options('none')).toMatchObject({ secure: false, requireTLS: false, ignoreTLS: true });
  });

  it('closes the transport and logs without secrets when sending fails', async () => {
    const lines: string[] = [];
    const failure = Object.assign(new Error('Invalid login: 535 bad pw-123456'), {
      code: 'EAUTH',
      responseCode: 535,
      response: '535 bad pw-123456',
      command: 'AUTH PLAIN cHctMTIzNDU2',
    });
    const transport = new FakeTransport(failure);
    const sut = new MailService({
      settings,
      clock: new FakeClock(),
      logger: { log: (m) => lines.push(m), warn: (m) => lines.push(m) },
      createTransport: () => transport,
    });
    const error = await sut.sendTest('a@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(transport.closed).toBe(1);
    expect(lines.join('\n')).not.toContain('pw-123456');
    expect((error as MailDeliveryError).command).toBe('AUTH PLAIN');
    expect((error as MailDeliveryError).smtpMessage).toBe('535 bad ***');
  });

  it('validates settings when built', () => {
    expect(() => new MailService({ settings: { ...settings, port: 70_000 }, logger: silent })).toThrow(
      InvalidMailSettingsError,
    );
  });
});

describe('toMailDeliveryError / redactSecret', () => {
  it.each([
    [
      { code: 'ETIMEDOUT', message: 'Greeting never received' },
      'timeout',
      'The mail server smtp.example.com:587 did not answer in time',
    ],
    [
      { code: 'ESOCKET', message: 'connect ECONNREFUSED 192.0.2.1:587' },
      'connectionFailed',
      'Cannot connect to the mail server smtp.example.com:587: connect ECONNREFUSED 192.0.2.1:587',
    ],
    [
      { code: 'ESOCKET', message: 'self-signed certificate' },
      'tlsFailed',
      'TLS with the mail server smtp.example.com:587 failed: self-signed certificate',
    ],
    [
      { code: 'ETLS', message: 'Error initiating TLS - unable to verify the first certificate', command: 'STARTTLS' },
      'tlsFailed',
      'TLS with the mail server smtp.example.com:587 failed: Error initiating TLS - unable to verify the first certificate',
    ],
    [
      { code: 'EMESSAGE', message: 'Message failed', responseCode: 552, response: '552 Message too big' },
      'rejected',
      'The mail server smtp.example.com:587 refused the mail (server said: 552 Message too big)',
    ],
    [{ message: 'something odd' }, 'other', 'Sending mail via smtp.example.com:587 failed: something odd'],
  ])('maps %o to %s', (raw, reason, message) => {
    const error = toMailDeliveryError(Object.assign(new Error(raw.message), raw), settings);
    expect(error.reason).toBe(reason);
    expect(error.message).toBe(message);
  });

  it('removes the password in plain and base64 forms', () => {
    const plainAuth = Buffer.from('\0fw\0pw-123456').toString('base64');
    expect(redactSecret(`x pw-123456 ${Buffer.from('pw-123456').toString('base64')} ${plainAuth}`, settings)).toBe(
      'x *** *** ***',
    );
    expect(redactSecret('nothing', { user: 'fw' })).toBe('nothing');
  });
});
