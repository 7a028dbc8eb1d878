import { createHmac, timingSafeEqual } from 'node:crypto';
import { Agent, request } from 'undici';
import { SystemClock, type Clock } from '../../common/clock/clock';
import { deviceLink, type AlertMailAlert, type AlertMailDevice } from './alert-mail.template';
import { InvalidWebhookSettingsError, WebhookDeliveryError } from './mail.errors';

export const WEBHOOK_SIGNATURE_HEADER = 'x-fleetward-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-fleetward-timestamp';
export const WEBHOOK_EVENT_HEADER = 'x-fleetward-event';

export interface WebhookSettings {
  /** http(s) URL the JSON is POSTed to. */
  url: string;
  /** Shared secret for the HMAC-SHA256 signature (at least 16 characters; stored encrypted by the settings module). */
  secret: string;
  /** Extra trusted CA certificates (PEM) for an https endpoint with a private CA. */
  ca?: string;
  /** Check the endpoint's certificate (default true). */
  rejectUnauthorized?: boolean;
}

export interface WebhookNotifierOptions {
  settings: WebhookSettings;
  clock?: Clock;
  /** Whole-call timeout in ms (default 10,000). */
  timeoutMs?: number;
}

export type WebhookEventName = 'alert.opened' | 'alert.escalated' | 'alert.resolved' | 'test';

/** The JSON body. `sentAt` equals the timestamp header, so the signature over the body also covers the time. */
export interface WebhookPayload {
  event: WebhookEventName;
  sentAt: string;
  alert?: AlertMailAlert & { state?: string };
  device?: AlertMailDevice;
  link?: string;
}

/** `sha256=<hex HMAC-SHA256(secret, body)>`. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * For receivers (and tests): checks the signature in constant time and that the timestamp header matches the body
 * and is within `toleranceMs` of `now` (replay protection).
 */
export function verifyWebhookSignature(options: {
  secret: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
  toleranceMs?: number;
}): boolean {
  if (!options.signature || !options.timestamp) return false;
  const expected = Buffer.from(signWebhookBody(options.secret, options.body));
  const given = Buffer.from(options.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  let sentAt: unknown;
  try {
    sentAt = (JSON.parse(options.body) as { sentAt?: unknown }).sentAt;
  } catch {
    return false;
  }
  if (sentAt !== options.timestamp) return false;
  const age = Math.abs(options.now.getTime() - Date.parse(options.timestamp));
  return Number.isFinite(age) && age <= (options.toleranceMs ?? 5 * 60_000);
}

function validate(settings: WebhookSettings): URL {
  const problems: string[] = [];
  let url: URL | null = null;
  try {
    url = new URL(settings.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push('url must be http or https');
    if (url.username || url.password) problems.push('url must not carry credentials; the signature authenticates');
  } catch {
    problems.push('url must be an absolute URL');
  }
  if (typeof settings.secret !== 'string' || settings.secret.length < 16)
    problems.push('secret must have at least 16 characters');
  if (settings.ca !== undefined && !settings.ca.includes('-----BEGIN CERTIFICATE-----'))
    problems.push('ca must be PEM certificates');
  if (problems.length > 0 || !url) throw new InvalidWebhookSettingsError(problems);
  return url;
}

/**
 * Optional alert channel: POSTs signed JSON to a URL (chat bridge, ticketing system). Headers:
 * `X-Fleetward-Event`, `X-Fleetward-Timestamp` (ISO, equal to the body's `sentAt`) and
 * `X-Fleetward-Signature: sha256=<hex HMAC-SHA256 of the exact body with the shared secret>`.
 * The secret never appears in errors.
 */
export class WebhookNotifier {
  private readonly url: URL;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly dispatcher: Agent;

  constructor(private readonly options: WebhookNotifierOptions) {
    this.url = validate(options.settings);
    this.clock = options.clock ?? new SystemClock();
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.dispatcher = new Agent({
      connect: {
        rejectUnauthorized: options.settings.rejectUnauthorized ?? true,
        ...(options.settings.ca ? { ca: options.settings.ca } : {}),
      },
    });
  }

  async sendTest(): Promise<{ status: number }> {
    return this.post({ event: 'test', sentAt: this.clock.now().toISOString() });
  }

  async sendAlert(
    event: Exclude<WebhookEventName, 'test'>,
    alert: AlertMailAlert & { state?: string },
    device: AlertMailDevice,
    consoleUrl: string,
  ): Promise<{ status: number }> {
    return this.post({
      event,
      sentAt: this.clock.now().toISOString(),
      alert: {
        id: alert.id,
        severity: alert.severity,
        summary: alert.summary,
        detail: alert.detail,
        openedAt: alert.openedAt,
        ...(alert.state ? { state: alert.state } : {}),
      },
      device,
      link: deviceLink(consoleUrl, device.id),
    });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async post(payload: WebhookPayload): Promise<{ status: number }> {
    const body = JSON.stringify(payload);
    const target = `${this.url.origin}${this.url.pathname}`;
    let status: number;
    try {
      const response = await request(this.url, {
        method: 'POST',
        dispatcher: this.dispatcher,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Fleetward-Webhook/1',
          [WEBHOOK_EVENT_HEADER]: payload.event,
          [WEBHOOK_TIMESTAMP_HEADER]: payload.sentAt,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(this.options.settings.secret, body),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.statusCode;
      await response.body.dump({ limit: 64 * 1024 });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${this.timeoutMs} ms`
          : error instanceof Error
            ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
            : String(error);
      throw new WebhookDeliveryError(
        `Webhook ${target} failed: ${reason.split(this.options.settings.secret).join('***')}`,
        null,
        error,
      );
    }
    if (status < 200 || status >= 300) {
      throw new WebhookDeliveryError(`Webhook ${target} answered HTTP ${status}`, status);
    }
    return { status };
  }
}
