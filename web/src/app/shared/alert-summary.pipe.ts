import { Pipe, inject, type PipeTransform } from '@angular/core';
import type { AlertResponse } from '@fleetward/contracts';
import { type TranslationKey } from '../core/i18n/en';
import { FwI18nService, isTranslationKey } from '../core/i18n/i18n.service';

/**
 * The console's words for an alert's condition, or null when the summary is the device's own words (a supply's
 * description) or a condition this console does not know. The server writes summaries in English (they are the
 * mail's subject line too), with figures such as how long a device has been down.
 */
export function alertConditionKey(alert: Pick<AlertResponse, 'rule' | 'subject'>): TranslationKey | null {
  let key: string;
  switch (alert.rule) {
    case 'deviceError':
      key = `alerts.condition.${alert.subject}`;
      break;
    case 'deviceUnreachable':
      key = 'alerts.condition.unreachable';
      break;
    case 'edgeOffline':
      key = 'alerts.condition.edgeOffline';
      break;
    case 'supplyLow':
      return null;
  }
  return isTranslationKey(key) ? key : null;
}

/**
 * `{{ a | fwAlertSummary }}`: in English the server's summary as it is (with its figures); in another language the
 * condition in that language where the console knows it, else the server's summary. Impure: follows the language.
 */
@Pipe({ name: 'fwAlertSummary', pure: false })
export class FwAlertSummaryPipe implements PipeTransform {
  private readonly i18n = inject(FwI18nService);

  transform(alert: Pick<AlertResponse, 'rule' | 'subject' | 'summary'>): string {
    if (this.i18n.language() === 'en') return alert.summary;
    const key = alertConditionKey(alert);
    return key ? this.i18n.t(key) : alert.summary;
  }
}
