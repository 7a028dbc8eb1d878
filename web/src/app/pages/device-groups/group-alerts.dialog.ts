import { Component, type OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  ALERT_ERROR_CONDITIONS,
  type AlertErrorConditionName,
  type AlertPolicyOverrideBody,
  type AlertRuleName,
  type DeviceGroupResponse,
  type GroupAlertPolicyResponse,
  type GroupAlertRecipientsResponse,
  type PutGroupAlertRecipientsRequest,
  type SupplyThresholdValue,
} from '@fleetward/contracts';
import { FwApiService } from '../../core/api/fleetward-api.service';
import { type TranslationKey } from '../../core/i18n/en';
import { FwI18nService, isTranslationKey } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { errorMessage } from '../../shared/error-message';

/** The console's words for an error condition (the alerts page uses the same ones). */
export function errorConditionKey(condition: string): TranslationKey {
  const key = `alerts.condition.${condition}`;
  return isTranslationKey(key) ? key : 'groupAlerts.unknownCondition';
}

export const ALERT_RULES: readonly AlertRuleName[] = ['deviceUnreachable', 'deviceError', 'supplyLow', 'edgeOffline'];
export type SupplyKind = 'toner' | 'drum' | 'wasteReceptacle' | 'staples' | 'other';
export const SUPPLY_KINDS: readonly SupplyKind[] = ['toner', 'drum', 'wasteReceptacle', 'staples', 'other'];

/** A rule switch: '' uses the default. */
export type RuleChoice = '' | 'on' | 'off';
/** A supply threshold: '' default, 'percent' uses `percent`, 'empty' / 'off'. */
export type ThresholdChoice = '' | 'percent' | 'empty' | 'off';

/** The policy override as the form edits it: empty text = the default. Durations in seconds. */
export interface PolicyForm {
  rules: Record<AlertRuleName, RuleChoice>;
  thresholds: Record<SupplyKind, { choice: ThresholdChoice; percent: string }>;
  /** `useDefault`: the server's default list; otherwise exactly `chosen` (possibly none). */
  errorConditions: { useDefault: boolean; chosen: AlertErrorConditionName[] };
  failedPolls: string;
  unreachableMinSeconds: string;
  edgeOfflineSeconds: string;
  holdDownSeconds: string;
  maxNotificationsPerHour: string;
}

export class FwPolicyFormError extends Error {
  readonly code = 'POLICY_FORM_INVALID';
  constructor(readonly key: TranslationKey) {
    super(key);
  }
}

const seconds = (ms: number | undefined): string => (ms === undefined ? '' : String(ms / 1000));

export function policyForm(override: AlertPolicyOverrideBody): PolicyForm {
  const rules = {} as Record<AlertRuleName, RuleChoice>;
  for (const rule of ALERT_RULES) {
    const value = override.rules?.[rule];
    rules[rule] = value === undefined ? '' : value ? 'on' : 'off';
  }
  const thresholds = {} as PolicyForm['thresholds'];
  for (const kind of SUPPLY_KINDS) {
    const value = override.supplyThresholds?.[kind];
    thresholds[kind] =
      value === undefined
        ? { choice: '', percent: '' }
        : typeof value === 'number'
          ? { choice: 'percent', percent: String(value) }
          : { choice: value, percent: '' };
  }
  return {
    rules,
    thresholds,
    errorConditions: {
      useDefault: override.errorConditions === undefined,
      chosen: ALERT_ERROR_CONDITIONS.filter((c) => override.errorConditions?.includes(c)),
    },
    failedPolls: override.unreachable?.failedPolls?.toString() ?? '',
    unreachableMinSeconds: seconds(override.unreachable?.minDurationMs),
    edgeOfflineSeconds: seconds(override.edgeOffline?.afterMs),
    holdDownSeconds: seconds(override.holdDownMs),
    maxNotificationsPerHour: override.maxNotificationsPerHour?.toString() ?? '',
  };
}

function wholeNumber(text: string, min: number, max: number): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (!/^\d+$/.test(t)) throw new FwPolicyFormError('groupAlerts.invalidNumber');
  const n = Number(t);
  if (n < min || n > max) throw new FwPolicyFormError('groupAlerts.invalidNumber');
  return n;
}

function secondsToMs(text: string): number | undefined {
  const n = wholeNumber(text, 0, 7 * 24 * 3600);
  return n === undefined ? undefined : n * 1000;
}

/** The PUT alert-policy body: only what the form overrides ({} = the defaults). Throws FwPolicyFormError. */
export function policyOverride(form: PolicyForm): AlertPolicyOverrideBody {
  const body: AlertPolicyOverrideBody = {};
  const rules: Partial<Record<AlertRuleName, boolean>> = {};
  for (const rule of ALERT_RULES) {
    const choice = form.rules[rule];
    if (choice) rules[rule] = choice === 'on';
  }
  if (Object.keys(rules).length > 0) body.rules = rules;
  const thresholds: Partial<Record<SupplyKind, SupplyThresholdValue>> = {};
  for (const kind of SUPPLY_KINDS) {
    const { choice, percent } = form.thresholds[kind];
    if (choice === 'percent') {
      const value = wholeNumber(percent, 1, 100);
      if (value === undefined) throw new FwPolicyFormError('groupAlerts.invalidNumber');
      thresholds[kind] = value;
    } else if (choice) thresholds[kind] = choice;
  }
  if (Object.keys(thresholds).length > 0) body.supplyThresholds = thresholds;
  if (!form.errorConditions.useDefault) {
    body.errorConditions = ALERT_ERROR_CONDITIONS.filter((c) => form.errorConditions.chosen.includes(c));
  }
  const failedPolls = wholeNumber(form.failedPolls, 1, 1000);
  const minDurationMs = secondsToMs(form.unreachableMinSeconds);
  if (failedPolls !== undefined || minDurationMs !== undefined) {
    body.unreachable = {};
    if (failedPolls !== undefined) body.unreachable.failedPolls = failedPolls;
    if (minDurationMs !== undefined) body.unreachable.minDurationMs = minDurationMs;
  }
  const afterMs = secondsToMs(form.edgeOfflineSeconds);
  if (afterMs !== undefined) body.edgeOffline = { afterMs };
  const holdDownMs = secondsToMs(form.holdDownSeconds);
  if (holdDownMs !== undefined) body.holdDownMs = holdDownMs;
  const maxPerHour = wholeNumber(form.maxNotificationsPerHour, 0, 10000);
  if (maxPerHour !== undefined) body.maxNotificationsPerHour = maxPerHour;
  return body;
}

export interface RecipientsForm {
  emails: string;
  webhookUrl: string;
  /** Empty keeps the stored secret. */
  webhookSecret: string;
}

/** The PUT recipients body: addresses split on commas/whitespace; an empty secret field keeps the stored one. */
export function recipientsRequest(form: RecipientsForm): PutGroupAlertRecipientsRequest {
  const body: PutGroupAlertRecipientsRequest = {
    emails: form.emails
      .split(/[,;\s]+/)
      .map((e) => e.trim())
      .filter((e) => e !== ''),
    webhookUrl: form.webhookUrl.trim() || null,
  };
  if (form.webhookSecret) body.webhookSecret = form.webhookSecret;
  else if (!body.webhookUrl) body.webhookSecret = null;
  return body;
}

/** Alert recipients and policy override of one device group (Device Group Management). */
@Component({
  selector: 'fw-group-alerts-dialog',
  imports: [
    FormsModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
    FwTranslatePipe,
  ],
  templateUrl: './group-alerts.dialog.html',
})
export class FwGroupAlertsDialog implements OnInit {
  private readonly api = inject(FwApiService);
  private readonly i18n = inject(FwI18nService);
  private readonly ref = inject<MatDialogRef<FwGroupAlertsDialog, boolean>>(MatDialogRef);
  protected readonly group = inject<DeviceGroupResponse>(MAT_DIALOG_DATA);

  protected readonly rules = ALERT_RULES;
  protected readonly kinds = SUPPLY_KINDS;
  protected readonly ruleKey = (rule: AlertRuleName): TranslationKey => `groupAlerts.rule.${rule}`;
  protected readonly kindKey = (kind: SupplyKind): TranslationKey => `groupAlerts.supply.${kind}`;
  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly recipients = signal<GroupAlertRecipientsResponse | null>(null);
  protected readonly policy = signal<GroupAlertPolicyResponse | null>(null);
  protected readonly forms = signal<{ recipients: RecipientsForm; policy: PolicyForm } | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [recipients, policy] = await Promise.all([
        this.api.groupAlertRecipients(this.group.id),
        this.api.groupAlertPolicy(this.group.id),
      ]);
      this.recipients.set(recipients);
      this.policy.set(policy);
      this.forms.set({
        recipients: {
          emails: recipients.emails.join('\n'),
          webhookUrl: recipients.webhookUrl ?? '',
          webhookSecret: '',
        },
        policy: policyForm(policy.override),
      });
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    }
  }

  protected readonly errorConditions = ALERT_ERROR_CONDITIONS;
  protected readonly conditionKey = errorConditionKey;

  /** Leaving the default list starts from what applies now, so one condition can be switched off without retyping. */
  protected startFromEffective(policy: PolicyForm): void {
    const conditions = policy.errorConditions;
    if (conditions.useDefault || conditions.chosen.length > 0) return;
    const effective = this.policy()?.effective.errorConditions ?? [];
    conditions.chosen = ALERT_ERROR_CONDITIONS.filter((c) => effective.includes(c));
  }

  /** The resulting policy (defaults + override) shown as hints next to the fields. */
  protected readonly effective = computed(() => {
    const e = this.policy()?.effective ?? {};
    const secs = (ms: number | undefined): string => (ms === undefined ? '—' : String(ms / 1000));
    const rules = {} as Record<AlertRuleName, string>;
    for (const rule of ALERT_RULES) rules[rule] = e.rules?.[rule] === undefined ? '—' : e.rules[rule] ? 'on' : 'off';
    const thresholds = {} as Record<SupplyKind, string>;
    for (const kind of SUPPLY_KINDS) {
      const value = e.supplyThresholds?.[kind];
      thresholds[kind] = value === undefined ? '—' : typeof value === 'number' ? `${value}%` : value;
    }
    return {
      rules,
      thresholds,
      errorConditions: e.errorConditions
        ? e.errorConditions.map((c) => this.i18n.t(errorConditionKey(c))).join(', ') || '—'
        : '—',
      failedPolls: e.unreachable?.failedPolls?.toString() ?? '—',
      unreachableMinSeconds: secs(e.unreachable?.minDurationMs),
      edgeOfflineSeconds: secs(e.edgeOffline?.afterMs),
      holdDownSeconds: secs(e.holdDownMs),
      maxNotificationsPerHour: e.maxNotificationsPerHour?.toString() ?? '—',
    };
  });

  protected async save(): Promise<void> {
    const forms = this.forms();
    if (!forms) return;
    this.error.set(null);
    let override: AlertPolicyOverrideBody;
    try {
      override = policyOverride(forms.policy);
    } catch (e) {
      this.error.set(e instanceof FwPolicyFormError ? this.i18n.t(e.key) : errorMessage(e, this.i18n));
      return;
    }
    this.saving.set(true);
    try {
      await this.api.saveGroupAlertRecipients(this.group.id, recipientsRequest(forms.recipients));
      await this.api.saveGroupAlertPolicy(this.group.id, override);
      this.ref.close(true);
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.saving.set(false);
    }
  }
}
