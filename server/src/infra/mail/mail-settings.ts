import { isIP } from 'node:net';
import { InvalidMailRecipientsError, InvalidMailSettingsError } from './mail.errors';

export type MailSecurity = 'none' | 'starttls' | 'tls';

/**
 * Mail server settings (System Management). The password arrives decrypted; the settings module stores it
 * encrypted. Never log this object as a whole.
 */
export interface MailSettings {
  host: string;
  port: number;
  /** `none`: plain SMTP (no STARTTLS even if offered); `starttls`: STARTTLS required; `tls`: implicit TLS (465). */
  security: MailSecurity;
  user?: string;
  password?: string;
  /** Sender, e.g. `Fleetward <fleetward@example.com>`. */
  from: string;
  /** Check the server certificate (default on; off only for a lab server). */
  rejectUnauthorized: boolean;
  /** Extra trusted CA certificates (PEM) for a server with a private CA. */
  ca?: string;
}

// Pragmatic address check: one @, no spaces or angle brackets, a dot-free or dotted domain. SMTP servers judge the rest.
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

export function isMailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

/** The address inside `Name <addr>` or the value itself. */
function bareAddress(value: string): string {
  const match = /<([^<>]+)>\s*$/.exec(value);
  return (match?.[1] ?? value).trim();
}

/** Throws InvalidMailSettingsError listing every problem. */
export function validateMailSettings(settings: MailSettings): void {
  const problems: string[] = [];
  if (typeof settings.host !== 'string' || (!HOST.test(settings.host) && isIP(settings.host) === 0)) {
    problems.push('host must be a host name or an IP address');
  }
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65_535) {
    problems.push('port must be an integer from 1 to 65535');
  }
  if (!['none', 'starttls', 'tls'].includes(settings.security)) problems.push('security must be none, starttls or tls');
  if (typeof settings.from !== 'string' || !isMailAddress(bareAddress(settings.from)) || /[\r\n]/.test(settings.from)) {
    problems.push('from must be a mail address, optionally as "Name <address>"');
  }
  if (settings.password !== undefined && settings.password !== '' && !settings.user) {
    problems.push('a password needs a user');
  }
  if (settings.user !== undefined && /[\r\n]/.test(settings.user)) problems.push('user must be one line');
  if (typeof settings.rejectUnauthorized !== 'boolean') problems.push('rejectUnauthorized must be true or false');
  if (settings.ca !== undefined && !settings.ca.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push('ca must be PEM certificates');
  }
  if (problems.length > 0) throw new InvalidMailSettingsError(problems);
}

/** Checks and de-duplicates recipients (case-insensitive); throws InvalidMailRecipientsError. */
export function normalizeRecipients(recipients: readonly string[]): string[] {
  const list = recipients.map((r) => r.trim()).filter((r) => r.length > 0);
  if (list.length === 0) throw new InvalidMailRecipientsError('At least one recipient is needed');
  const bad = list.filter((r) => !isMailAddress(r));
  if (bad.length > 0) throw new InvalidMailRecipientsError(`Not a mail address: ${bad.join(', ')}`);
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = r.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
