import type { MailSettingsResponse, PutMailSettingsRequest, SendTestMailResponse } from '@fleetward/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { BadRequestError } from '../../common/errors';
import { SecretBox } from '../../infra/crypto/secret-box';
import { MailService, validateMailSettings, type MailSecurity, type MailSettings } from '../../infra/mail';
import { SecretSettingEntity } from './secret-setting.entity';
import { SettingsService } from './settings.service';

export const MAIL_SETTINGS_KEY = 'mail';
export const MAIL_PASSWORD_KEY = 'mail.password';

/** The stored (non-secret) document; the password lives encrypted in `secret_settings`. */
interface StoredMailSettings {
  host: string;
  port: number;
  security: MailSecurity;
  user: string | null;
  from: string;
  rejectUnauthorized: boolean;
  ca: string | null;
}

/** No mail server is configured yet (test mail or alert mail asked for). */
export class MailNotConfiguredError extends BadRequestError {
  constructor() {
    super('MAIL_NOT_CONFIGURED', 'No mail server is configured: set it in the mail settings first');
  }
}

function isStored(value: unknown): value is StoredMailSettings {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.host === 'string' && typeof v.port === 'number' && typeof v.from === 'string';
}

/**
 * Mail server settings (System Management): stored as a settings document, the password encrypted with SecretBox
 * in `secret_settings` (never returned, never logged). Builds a MailService from what is stored.
 */
@Injectable()
export class MailSettingsService {
  constructor(
    private readonly settings: SettingsService,
    @InjectRepository(SecretSettingEntity) private readonly secrets: Repository<SecretSettingEntity>,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<MailSettingsResponse> {
    const stored = await this.stored();
    const hasPassword = (await this.secrets.count({ where: { key: MAIL_PASSWORD_KEY } })) > 0;
    if (!stored) {
      return {
        configured: false,
        host: null,
        port: null,
        security: 'starttls',
        user: null,
        hasPassword,
        from: null,
        rejectUnauthorized: true,
        ca: null,
      };
    }
    return { configured: true, ...stored, hasPassword };
  }

  async put(request: PutMailSettingsRequest): Promise<MailSettingsResponse> {
    const user = request.user?.trim() ? request.user.trim() : null;
    // Absent: keep the stored password (dropped when there is no user any more); '' or null: remove it.
    const given = request.password === undefined ? undefined : request.password || undefined;
    const password = request.password === undefined ? (user ? await this.password() : undefined) : given;
    const candidate: MailSettings = {
      host: request.host.trim(),
      port: request.port,
      security: request.security,
      from: request.from.trim(),
      rejectUnauthorized: request.rejectUnauthorized,
      ...(user ? { user } : {}),
      ...(password ? { password } : {}),
      ...(request.ca ? { ca: request.ca } : {}),
    };
    validateMailSettings(candidate);
    const stored: StoredMailSettings = {
      host: candidate.host,
      port: candidate.port,
      security: candidate.security,
      user,
      from: candidate.from,
      rejectUnauthorized: candidate.rejectUnauthorized,
      ca: request.ca ? request.ca : null,
    };
    const now = this.clock.now();
    await this.settings.putDocument(MAIL_SETTINGS_KEY, stored);
    if (candidate.password) {
      await this.secrets.save({
        key: MAIL_PASSWORD_KEY,
        valueEncrypted: this.secretBox.encrypt(candidate.password),
        updatedAt: now,
      });
    } else {
      await this.secrets.delete({ key: MAIL_PASSWORD_KEY });
    }
    return this.get();
  }

  /** The full settings for sending (password decrypted), or null when none are configured. */
  async forSending(): Promise<MailSettings | null> {
    const stored = await this.stored();
    if (!stored) return null;
    const password = stored.user ? await this.password() : undefined;
    return {
      host: stored.host,
      port: stored.port,
      security: stored.security,
      from: stored.from,
      rejectUnauthorized: stored.rejectUnauthorized,
      ...(stored.user ? { user: stored.user } : {}),
      ...(password ? { password } : {}),
      ...(stored.ca ? { ca: stored.ca } : {}),
    };
  }

  /** A MailService for the stored settings, or null when none are configured. */
  async mailService(): Promise<MailService | null> {
    const settings = await this.forSending();
    return settings ? new MailService({ settings, clock: this.clock }) : null;
  }

  async sendTest(to: string): Promise<SendTestMailResponse> {
    const mail = await this.mailService();
    if (!mail) throw new MailNotConfiguredError();
    return mail.sendTest(to);
  }

  private async stored(): Promise<StoredMailSettings | null> {
    const value = await this.settings.getDocument(MAIL_SETTINGS_KEY);
    return isStored(value) ? value : null;
  }

  private async password(): Promise<string | undefined> {
    const row = await this.secrets.findOne({ where: { key: MAIL_PASSWORD_KEY } });
    return row ? this.secretBox.decrypt(row.valueEncrypted) : undefined;
  }
}
