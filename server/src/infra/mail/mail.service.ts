import { Logger } from '@nestjs/common';
import nodemailer, { type NodemailerError, type SendMailOptions, type SMTPTransportOptions } from 'nodemailer';
import { SystemClock, type Clock } from '../../common/clock/clock';
import {
  renderAlertMail,
  renderEdgeAlertMail,
  renderTestMail,
  type AlertMailAlert,
  type AlertMailDevice,
  type AlertMailEdge,
  type RenderedMail,
} from './alert-mail.template';
import { normalizeRecipients, validateMailSettings, type MailSettings } from './mail-settings';
import { MailDeliveryError, type MailFailureReason } from './mail.errors';

/** The part of a nodemailer transporter the service uses (a seam for unit tests). */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<{ messageId: string; accepted: unknown[]; rejected: unknown[] }>;
  close(): void;
}

export interface MailLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface MailServiceOptions {
  settings: MailSettings;
  clock?: Clock;
  logger?: MailLogger;
  /** Connection, greeting and socket timeouts in ms (default 15,000). */
  timeoutMs?: number;
  /** Builds the transport (default: nodemailer's SMTP transport). */
  createTransport?: (options: SMTPTransportOptions) => MailTransport;
}

export interface MailSendResult {
  messageId: string;
  accepted: string[];
  /** Recipients the server refused while it accepted others. */
  rejected: string[];
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Sends Fleetward's mails (alerts, the test mail) through the configured SMTP server with nodemailer.
 * Built per settings: when the administrator changes them, build a new one. Never logs or reports the password.
 */
export class MailService {
  private readonly settings: MailSettings;
  private readonly clock: Clock;
  private readonly logger: MailLogger;
  private readonly timeoutMs: number;
  private readonly createTransport: (options: SMTPTransportOptions) => MailTransport;

  constructor(options: MailServiceOptions) {
    validateMailSettings(options.settings);
    this.settings = { ...options.settings };
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? new Logger(MailService.name);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.createTransport =
      options.createTransport ?? ((transportOptions) => nodemailer.createTransport(transportOptions));
  }

  /** The nodemailer options these settings mean (exported for tests; holds the password). */
  transportOptions(): SMTPTransportOptions {
    const s = this.settings;
    return {
      host: s.host,
      port: s.port,
      secure: s.security === 'tls',
      requireTLS: s.security === 'starttls',
      ignoreTLS: s.security === 'none',
      auth: s.user ? { user: s.user, pass: s.password ?? '' } : undefined,
      // nodemailer sets tls.servername to the host unless it is an IP address (STACK.md: no IP in servername).
      tls: {
        rejectUnauthorized: s.rejectUnauthorized,
        minVersion: 'TLSv1.2',
        ...(s.ca ? { ca: s.ca } : {}),
      },
      connectionTimeout: this.timeoutMs,
      greetingTimeout: this.timeoutMs,
      socketTimeout: this.timeoutMs,
      logger: false,
      debug: false,
    };
  }

  /** The "send test mail" button. */
  async sendTest(to: string): Promise<MailSendResult> {
    const recipients = normalizeRecipients([to]);
    const mail = renderTestMail({ sentAt: this.clock.now().toISOString(), host: this.settings.host });
    return this.send(recipients, mail, 'test mail');
  }

  /** An alert mail for one device to the recipients of its groups. */
  async sendAlert(
    alert: AlertMailAlert,
    device: AlertMailDevice,
    recipients: readonly string[],
    consoleUrl: string,
    kind: 'opened' | 'escalated' = 'opened',
  ): Promise<MailSendResult> {
    const to = normalizeRecipients(recipients);
    const mail = renderAlertMail({ alert, device, consoleUrl, kind });
    return this.send(to, mail, `alert ${alert.id}`);
  }

  /** An alert mail for an edge (edge offline) to the system's alert recipients. */
  async sendEdgeAlert(
    alert: AlertMailAlert,
    edge: AlertMailEdge,
    recipients: readonly string[],
    consoleUrl: string,
  ): Promise<MailSendResult> {
    const to = normalizeRecipients(recipients);
    return this.send(to, renderEdgeAlertMail({ alert, edge, consoleUrl }), `alert ${alert.id}`);
  }

  private async send(to: string[], mail: RenderedMail, what: string): Promise<MailSendResult> {
    const transport = this.createTransport(this.transportOptions());
    try {
      const info = await transport.sendMail({
        from: this.settings.from,
        to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        date: this.clock.now(),
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      const result: MailSendResult = {
        messageId: info.messageId,
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
      };
      this.logger.log(
        `Sent ${what} to ${result.accepted.length} recipient(s) via ${this.settings.host}:${this.settings.port}` +
          (result.rejected.length > 0 ? `; ${result.rejected.length} refused` : ''),
      );
      return result;
    } catch (error) {
      const failure = toMailDeliveryError(error, this.settings);
      this.logger.warn(`Could not send ${what} via ${this.settings.host}:${this.settings.port}: ${failure.message}`);
      throw failure;
    } finally {
      transport.close();
    }
  }
}

/** Removes the password (plain and base64-encoded, as AUTH sends it) from a text. */
export function redactSecret(text: string, settings: Pick<MailSettings, 'user' | 'password'>): string {
  const password = settings.password;
  if (!password) return text;
  const forms = [
    password,
    Buffer.from(password).toString('base64'),
    Buffer.from(`\0${settings.user ?? ''}\0${password}`).toString('base64'),
  ];
  return forms.reduce((out, form) => out.split(form).join('***'), text);
}

const TLS_WORDS = /certificate|self[- ]signed|ssl|tls|handshake|wrong version|unable to verify|altnames/i;

/** Maps a nodemailer error to a MailDeliveryError with a message an administrator can act on. */
export function toMailDeliveryError(error: unknown, settings: MailSettings): MailDeliveryError {
  const e = (error ?? {}) as NodemailerError;
  const raw = redactSecret(e.message ?? String(error), settings);
  const smtpCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const smtpMessage = e.response ? redactSecret(String(e.response).trim(), settings) : null;
  const command = e.command ? e.command.replace(/^(AUTH \S+).*/, '$1') : null;
  const server = `${settings.host}:${settings.port}`;
  const reply = smtpCode !== null ? ` (server said: ${smtpMessage ?? smtpCode})` : '';
  let reason: MailFailureReason;
  let message: string;
  switch (e.code ?? '') {
    case 'EAUTH':
    case 'ENOAUTH':
      reason = 'authFailed';
      message = `The mail server ${server} refused the user name or password${reply}`;
      break;
    case 'ETLS':
      if (command === 'STARTTLS' && smtpCode !== null) {
        reason = 'tlsUnavailable';
        message = `The mail server ${server} does not offer STARTTLS, which the settings require${reply}`;
      } else {
        reason = 'tlsFailed';
        message = `TLS with the mail server ${server} failed: ${raw}`;
      }
      break;
    case 'ETIMEDOUT':
      reason = 'timeout';
      message = `The mail server ${server} did not answer in time`;
      break;
    case 'EENVELOPE':
    case 'EMESSAGE':
      reason = 'rejected';
      message = `The mail server ${server} refused the mail${reply || `: ${raw}`}`;
      break;
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
    case 'ECONNREFUSED':
      if (TLS_WORDS.test(raw)) {
        reason = 'tlsFailed';
        message = `TLS with the mail server ${server} failed: ${raw}`;
      } else {
        reason = 'connectionFailed';
        message = `Cannot connect to the mail server ${server}: ${raw}`;
      }
      break;
    default:
      reason = TLS_WORDS.test(raw) ? 'tlsFailed' : 'other';
      message = `Sending mail via ${server} failed: ${raw}${reply}`;
  }
  return new MailDeliveryError({ reason, message, smtpCode, smtpMessage, command, cause: error });
}
