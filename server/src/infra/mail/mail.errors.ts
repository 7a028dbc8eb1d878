import { BadRequestError, FleetwardError } from '../../common/errors';

/** Why a mail could not be delivered, in terms an administrator can act on. */
export type MailFailureReason =
  'authFailed' | 'tlsUnavailable' | 'tlsFailed' | 'connectionFailed' | 'timeout' | 'rejected' | 'other';

export interface MailDeliveryErrorOptions {
  reason: MailFailureReason;
  message: string;
  /** SMTP reply code of the server (e.g. 535), when it answered. */
  smtpCode: number | null;
  /** The server's reply text (secrets removed), when it answered. */
  smtpMessage: string | null;
  /** The SMTP command that failed (e.g. "AUTH PLAIN", "RCPT TO"), when known. */
  command: string | null;
  cause?: unknown;
}

/** The mail server refused or could not be reached. Never carries the password. */
export class MailDeliveryError extends FleetwardError {
  readonly reason: MailFailureReason;
  readonly smtpCode: number | null;
  readonly smtpMessage: string | null;
  readonly command: string | null;

  constructor(options: MailDeliveryErrorOptions) {
    super({ code: 'MAIL_DELIVERY_FAILED', message: options.message, status: 502, cause: options.cause });
    this.reason = options.reason;
    this.smtpCode = options.smtpCode;
    this.smtpMessage = options.smtpMessage;
    this.command = options.command;
  }
}

/** Mail server settings break a rule; lists every problem. */
export class InvalidMailSettingsError extends BadRequestError {
  constructor(readonly problems: string[]) {
    super('MAIL_SETTINGS_INVALID', `Invalid mail settings: ${problems.join('; ')}`);
  }
}

/** No recipients, or an address that is not one. */
export class InvalidMailRecipientsError extends BadRequestError {
  constructor(message: string) {
    super('MAIL_RECIPIENTS_INVALID', message);
  }
}

/** The console URL for links in mails is not an absolute http(s) URL. */
export class InvalidConsoleUrlError extends BadRequestError {
  constructor(value: string) {
    super('MAIL_CONSOLE_URL_INVALID', `The console URL must be an absolute http(s) URL, got "${value}"`);
  }
}

/** The webhook endpoint could not be reached or did not accept the call (non-2xx). */
export class WebhookDeliveryError extends FleetwardError {
  constructor(
    message: string,
    /** HTTP status of the answer, when there was one. */
    readonly httpStatus: number | null,
    cause?: unknown,
  ) {
    super({ code: 'WEBHOOK_DELIVERY_FAILED', message, status: 502, cause });
  }
}

/** Webhook settings break a rule; lists every problem. */
export class InvalidWebhookSettingsError extends BadRequestError {
  constructor(readonly problems: string[]) {
    super('WEBHOOK_SETTINGS_INVALID', `Invalid webhook settings: ${problems.join('; ')}`);
  }
}
