import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { createSelfSignedCertificate } from '../tls/tls-certificate';
import type { AlertMailAlert, AlertMailDevice } from './alert-mail.template';
import type { MailSettings } from './mail-settings';
import { MailDeliveryError } from './mail.errors';
import { MailService, type MailLogger } from './mail.service';

const USER = 'fleetward';
const PASSWORD = 'S3cret-smtp-pass!';

interface Received {
  from: string | null;
  to: string[];
  user: string | null;
  secure: boolean;
  raw: string;
}

/** A real SMTP server on 127.0.0.1 (any free port), recording what it receives. */
async function startSmtp(options: Partial<SMTPServerOptions> = {}): Promise<{
  port: number;
  received: Received[];
  stop: () => Promise<void>;
}> {
  const received: Received[] = [];
  const server = new SMTPServer({
    key: tls.key,
    cert: tls.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.example')) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : null,
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Unfolds headers and decodes quoted-printable so the test can read the message as a person would. */
function readable(raw: string): string {
  return raw
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

class RecordingLogger implements MailLogger {
  readonly lines: string[] = [];
  log(message: string): void {
    this.lines.push(message);
  }
  warn(message: string): void {
    this.lines.push(message);
  }
}

let tls: { cert: string; key: string };

const alert: AlertMailAlert = {
  id: 'a-1',
  severity: 'critical',
  summary: 'Paper jam',
  detail: 'Paper jam in tray 2',
  openedAt: '2026-01-15T09:00:00.000Z',
};
const device: AlertMailDevice = {
  id: '5d6c2a3e-1111-4222-8333-944445555666',
  name: 'Finance MFP',
  model: 'FW-4000i',
  serialNumber: 'SN0042',
  address: '127.1.0.42',
  location: 'Tokyo HQ 3F',
};

describe('MailService against a real SMTP server', () => {
  const stops: (() => Promise<void>)[] = [];
  let logger: RecordingLogger;

  beforeAll(() => {
    tls = createSelfSignedCertificate({ host: 'localhost' });
  });
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  afterAll(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });

  function service(settings: Partial<MailSettings> & { port: number }): MailService {
    logger = new RecordingLogger();
    return new MailService({
      settings: {
        host: '127.0.0.1',
        security: 'starttls',
        user: USER,
        password: PASSWORD,
        from: 'Fleetward <fleetward@example.com>',
        rejectUnauthorized: true,
        ca: tls.cert,
        ...settings,
      },
      clock: new FakeClock('2026-01-15T09:01:00.000Z'),
      logger,
      timeoutMs: 5000,
    });
  }

  it('delivers an alert over STARTTLS with AUTH, naming the device, its location, the problem, when and a link', async () => {
    const smtp = await startSmtp();
    stops.push(smtp.stop);
    const sut = service({ port: smtp.port });

    const result = await sut.sendAlert(
      alert,
      device,
      ['ops@example.com', 'OPS@example.com', 'it@example.com'],
      'https://fw.example.com/',
    );

    expect(result.accepted).toEqual(['ops@example.com', 'it@example.com']);
    expect(result.rejected).toEqual([]);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0] as Received;
    expect(mail).toMatchObject({
      from: 'fleetward@example.com',
      to: ['ops@example.com', 'it@example.com'],
      user: USER,
      secure: true,
    });
    const text = readable(mail.raw);
    expect(text).toContain('Subject: [Fleetward] Critical: Paper jam - Finance MFP (Tokyo HQ 3F)');
    expect(text).toContain('Date: Thu, 15 Jan 2026 09:01:00 +0000');
    expect(text).toMatch(/Content-Type: text\/plain/);
    expect(text).toMatch(/Content-Type: text\/html/);
    for (const part of [
      'Paper jam in tray 2',
      'FW-4000i',
      'SN0042',
      '127.1.0.42',
      'Tokyo HQ 3F',
      '2026-01-15 09:00 UTC',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toContain(`Open the device: https://fw.example.com/devices/${device.id}`);
    expect(text).toContain(`<a href="https://fw.example.com/devices/${device.id}">`);
    expect(logger.lines).toEqual([`Sent alert a-1 to 2 recipient(s) via 127.0.0.1:${smtp.port}`]);
  });

  it('sends the test mail', async () => {
    const smtp = await startSmtp();
    stops.push(smtp.stop);
    const result = await service({ port: smtp.port }).sendTest('admin@example.com');
    expect(result.accepted).toEqual(['admin@example.com']);
    const text = readable(smtp.received[0]?.raw ?? '');
    expect(text).toContain('Subject: [Fleetward] Test mail');
    expect(text).toContain('This is a test mail from Fleetward, sent 2026-01-15 09:01 UTC through 127.0.0.1.');
  });

  it('delivers an edge-offline mail linking to the edge', async () => {
    const smtp = await startSmtp();
    stops.push(smtp.stop);
    await service({ port: smtp.port }).sendEdgeAlert(
      { ...alert, summary: 'Edge has not answered for 10 minutes', detail: null },
      { id: 'edge-1', name: 'Tokyo edge', address: '127.0.0.1', location: 'Tokyo HQ', deviceCount: 50 },
      ['ops@example.com'],
      'https://fw.example.com',
    );
    const text = readable(smtp.received[0]?.raw ?? '');
    expect(text).toContain(
      'Subject: [Fleetward] Critical: Edge has not answered for 10 minutes - edge Tokyo edge (Tokyo HQ)',
    );
    expect(text).toContain('Open the edge: https://fw.example.com/edges/edge-1');
  });

  it('reports a wrong password clearly, with the SMTP reply and without the password', async () => {
    const smtp = await startSmtp();
    stops.push(smtp.stop);
    const sut = service({ port: smtp.port, password: 'wrong-Pa55word' });
    const error = await sut.sendTest('admin@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    const e = error as MailDeliveryError;
    expect(e).toMatchObject({ code: 'MAIL_DELIVERY_FAILED', reason: 'authFailed', smtpCode: 535, status: 502 });
    expect(e.message).toBe(
      `The mail server 127.0.0.1:${smtp.port} refused the user name or password (server said: 535 Authentication credentials invalid)`,
    );
    expect(e.command).toMatch(/^AUTH (PLAIN|LOGIN)$/);
    const everything = JSON.stringify({
      message: e.message,
      smtp: e.smtpMessage,
      command: e.command,
      logs: logger.lines,
    });
    expect(everything).not.toContain('wrong-Pa55word');
    expect(everything).not.toContain(Buffer.from('wrong-Pa55word').toString('base64'));
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses to go on when STARTTLS is required but the server does not offer it', async () => {
    const smtp = await startSmtp({ hideSTARTTLS: true, disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    stops.push(smtp.stop);
    const error = await service({ port: smtp.port })
      .sendTest('admin@example.com')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ reason: 'tlsUnavailable', command: 'STARTTLS' });
    expect((error as Error).message).toMatch(/does not offer STARTTLS, which the settings require/);
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses a server certificate it cannot verify (no CA given)', async () => {
    const smtp = await startSmtp();
    stops.push(smtp.stop);
    const error = await service({ port: smtp.port, ca: undefined })
      .sendTest('admin@example.com')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'tlsFailed' });
    expect((error as Error).message).toMatch(/TLS with the mail server 127\.0\.0\.1:\d+ failed: .*self[- ]signed/i);
  });

  it('delivers over implicit TLS', async () => {
    const smtp = await startSmtp({ secure: true });
    stops.push(smtp.stop);
    await service({ port: smtp.port, security: 'tls' }).sendTest('admin@example.com');
    expect(smtp.received[0]).toMatchObject({ secure: true, user: USER });
  });

  it('sends plain SMTP without STARTTLS when security is none', async () => {
    const smtp = await startSmtp({ authOptional: true });
    stops.push(smtp.stop);
    await service({ port: smtp.port, security: 'none', user: undefined, password: undefined }).sendTest(
      'admin@example.com',
    );
    expect(smtp.received[0]).toMatchObject({ secure: false, user: null });
  });

  it('reports refused recipients: some as data, all as an error with the reply code', async () => {
    const smtp = await startSmtp();
    stops.push(smtp.stop);
    const sut = service({ port: smtp.port });
    const partial = await sut.sendAlert(
      alert,
      device,
      ['ops@example.com', 'x@refused.example'],
      'https://fw.example.com',
    );
    expect(partial).toMatchObject({ accepted: ['ops@example.com'], rejected: ['x@refused.example'] });
    const error = await sut
      .sendAlert(alert, device, ['x@refused.example'], 'https://fw.example.com')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'rejected', smtpCode: 550 });
  });

  it('reports a closed port as a connection failure', async () => {
    const smtp = await startSmtp();
    await smtp.stop();
    const error = await service({ port: smtp.port })
      .sendTest('admin@example.com')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'connectionFailed' });
    expect((error as Error).message).toMatch(/^Cannot connect to the mail server 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });
});
