import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { messageOf } from '../../../common/errors/message-of';
import { AppConfig } from '../../../infra/config/app-config';
import { WebhookNotifier, type AlertMailDevice } from '../../../infra/mail';
import { MailSettingsService } from '../../settings/mail-settings.service';
import type { StoredAlert } from '../alerts/alert.repository';
import type { AlertRecipients } from './group-alert-settings.service';

export interface NotifyOutcome {
  /** The alert with its mail bookkeeping updated (to be saved). */
  alert: StoredAlert;
  /** True when a mail (or, without mail recipients, a webhook call) went out. */
  sent: boolean;
  mailSent: boolean;
  webhooksSent: number;
}

/**
 * Sends the notification an alert owes (`mailPending`): one mail to the recipients of the device's groups with the
 * mail settings from the database, and a signed POST to each group's webhook. A failure is written on the alert
 * (`lastMailError`, still pending, retried later) and never thrown.
 */
@Injectable()
export class AlertNotifier {
  private readonly logger = new Logger(AlertNotifier.name);

  constructor(
    private readonly mailSettings: MailSettingsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Base URL of the console for links in mails: FLEETWARD_PUBLIC_URL, else https://localhost:<port>/. */
  consoleUrl(): string {
    return this.config.http.publicUrl ?? `https://localhost:${this.config.http.port}/`;
  }

  async notify(alert: StoredAlert, device: AlertMailDevice, recipients: AlertRecipients): Promise<NotifyOutcome> {
    const now = this.clock.now().toISOString();
    const kind = alert.mailPendingKind ?? 'opened';
    const errors: string[] = [];
    let mailSent = false;
    let mailOwed = false;
    if (recipients.emails.length > 0) {
      mailOwed = true;
      try {
        const mail = await this.mailSettings.mailService();
        if (!mail) errors.push('No mail server is configured');
        else {
          await mail.sendAlert(alert, device, recipients.emails, this.consoleUrl(), kind);
          mailSent = true;
        }
      } catch (error) {
        errors.push(`Mail: ${messageOf(error)}`);
      }
    }
    let webhooksSent = 0;
    for (const settings of recipients.webhooks) {
      let notifier: WebhookNotifier | null = null;
      try {
        notifier = new WebhookNotifier({ settings, clock: this.clock });
        await notifier.sendAlert(
          kind === 'escalated' ? 'alert.escalated' : 'alert.opened',
          alert,
          device,
          this.consoleUrl(),
        );
        webhooksSent += 1;
      } catch (error) {
        // Webhooks are best effort: the failure is shown on the alert, not retried.
        errors.push(`Webhook: ${messageOf(error)}`);
      } finally {
        await notifier?.close();
      }
    }
    if (recipients.emails.length === 0 && recipients.webhooks.length === 0) {
      errors.push("No recipients are set for the device's groups");
    }
    if (errors.length > 0) this.logger.warn(`Alert ${alert.id}: ${errors.join('; ')}`);
    const updated: StoredAlert = {
      ...alert,
      mailCount: alert.mailCount + (mailSent ? 1 : 0),
      // Owed until the mail went out (retried at the next transition or by retryPending); nothing is owed when
      // the groups have no mail recipients.
      mailPending: mailOwed && !mailSent,
      mailPendingKind: mailOwed && !mailSent ? kind : null,
      lastMailAttemptAt: now,
      lastMailError: errors.length > 0 ? errors.join('; ') : null,
      lastNotifiedAt: mailSent || webhooksSent > 0 ? now : alert.lastNotifiedAt,
    };
    return { alert: updated, sent: mailSent || (!mailOwed && webhooksSent > 0), mailSent, webhooksSent };
  }
}
