import { TestBed } from '@angular/core/testing';
import type { AlertResponse } from '@fleetward/contracts';
import { FwI18nService } from '../core/i18n/i18n.service';
import { alertConditionKey, FwAlertSummaryPipe } from './alert-summary.pipe';

type Alert = Pick<AlertResponse, 'rule' | 'subject' | 'summary'>;
const jam: Alert = { rule: 'deviceError', subject: 'jammed', summary: 'Paper jam' };
const down: Alert = {
  rule: 'deviceUnreachable',
  subject: 'unreachable',
  summary: 'Device not reachable for 12 min (3 polls failed in a row)',
};
const toner: Alert = { rule: 'supplyLow', subject: 'supply:1', summary: 'Black Toner Cartridge low (8 %)' };

describe('alert summaries', () => {
  it('names a translation for every condition the server knows, none for a supply (device words)', () => {
    expect(alertConditionKey(jam)).toBe('alerts.condition.jammed');
    expect(alertConditionKey(down)).toBe('alerts.condition.unreachable');
    expect(alertConditionKey({ rule: 'edgeOffline', subject: 'offline' })).toBe('alerts.condition.edgeOffline');
    expect(alertConditionKey(toner)).toBeNull();
    expect(alertConditionKey({ rule: 'deviceError', subject: 'somethingNew' })).toBeNull();
  });

  it("shows the server's summary in English and the condition in Japanese", () => {
    const i18n = TestBed.inject(FwI18nService);
    const pipe = TestBed.runInInjectionContext(() => new FwAlertSummaryPipe());
    i18n.use('en');
    expect(pipe.transform(down)).toBe(down.summary);
    i18n.use('ja');
    expect(pipe.transform(jam)).toBe('紙づまり');
    expect(pipe.transform(down)).toBe('デバイスに接続できません');
    expect(pipe.transform(toner)).toBe(toner.summary);
    expect(pipe.transform({ rule: 'deviceError', subject: 'somethingNew', summary: 'New thing' })).toBe('New thing');
  });
});
