import type {
  AlertPolicyOverrideBody,
  GroupAlertPolicyResponse,
  GroupAlertRecipientsResponse,
  PutGroupAlertRecipientsRequest,
} from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Clock } from '../../../common/clock/clock';
import { SecretBox } from '../../../infra/crypto/secret-box';
import {
  InvalidMailRecipientsError,
  normalizeRecipients,
  WebhookNotifier,
  type WebhookSettings,
} from '../../../infra/mail';
import { DeviceGroupsService } from '../../device-groups/device-groups.service';
import { resolveAlertPolicy, validateAlertPolicyOverride, type AlertPolicyOverride } from '../alerting/alert-policy';
import { DeviceGroupAlertSettingsEntity } from '../alerts/alert.entities';

/** Where the alerts of a device go: the union of its groups' recipients, and each group's webhook. */
export interface AlertRecipients {
  emails: string[];
  webhooks: WebhookSettings[];
}

const MAX_RECIPIENTS = 100;

/**
 * Per-group alert policy (an override of the defaults, validated with the alerting core's validator) and
 * recipients (mail addresses and an optional signed webhook, all encrypted at rest). Device Group Management,
 * scoped to the caller's groups.
 */
@Injectable()
export class GroupAlertSettingsService {
  constructor(
    @InjectRepository(DeviceGroupAlertSettingsEntity)
    private readonly repo: Repository<DeviceGroupAlertSettingsEntity>,
    private readonly groups: DeviceGroupsService,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {}

  async getPolicy(groupId: string, access: AccessScope): Promise<GroupAlertPolicyResponse> {
    await this.groups.assertInScope(access, groupId);
    const row = await this.repo.findOne({ where: { deviceGroupId: groupId } });
    return policyResponse(groupId, parsePolicy(row?.policy));
  }

  async putPolicy(
    groupId: string,
    override: AlertPolicyOverride,
    access: AccessScope,
  ): Promise<GroupAlertPolicyResponse> {
    await this.groups.assertInScope(access, groupId);
    validateAlertPolicyOverride(override);
    const clean = JSON.parse(JSON.stringify(override)) as AlertPolicyOverride;
    const row = await this.row(groupId);
    row.policy = Object.keys(clean).length === 0 ? null : JSON.stringify(clean);
    row.updatedAt = this.clock.now();
    await this.repo.save(row);
    return policyResponse(groupId, clean);
  }

  async getRecipients(groupId: string, access: AccessScope): Promise<GroupAlertRecipientsResponse> {
    await this.groups.assertInScope(access, groupId);
    const row = await this.repo.findOne({ where: { deviceGroupId: groupId } });
    return this.recipientsResponse(groupId, row);
  }

  async putRecipients(
    groupId: string,
    request: PutGroupAlertRecipientsRequest,
    access: AccessScope,
  ): Promise<GroupAlertRecipientsResponse> {
    await this.groups.assertInScope(access, groupId);
    const emails = request.emails.length === 0 ? [] : normalizeRecipients(request.emails);
    if (emails.length > MAX_RECIPIENTS) {
      throw new InvalidMailRecipientsError(`At most ${MAX_RECIPIENTS} mail recipients per group`);
    }
    const row = await this.row(groupId);
    const url = request.webhookUrl?.trim() ? request.webhookUrl.trim() : null;
    let secret: string | null = null;
    if (url) {
      secret =
        request.webhookSecret === undefined || request.webhookSecret === null
          ? row.webhookSecretEncrypted
            ? this.secretBox.decrypt(row.webhookSecretEncrypted)
            : null
          : request.webhookSecret;
      // The notifier's own checks: absolute http(s) URL without credentials, a secret of 16+ characters.
      await new WebhookNotifier({ settings: { url, secret: secret ?? '' } }).close();
    }
    row.recipientsEncrypted = emails.length > 0 ? this.secretBox.encrypt(JSON.stringify(emails)) : null;
    row.webhookUrlEncrypted = url ? this.secretBox.encrypt(url) : null;
    row.webhookSecretEncrypted = url && secret ? this.secretBox.encrypt(secret) : null;
    row.updatedAt = this.clock.now();
    await this.repo.save(row);
    return this.recipientsResponse(groupId, row);
  }

  /**
   * One override per group (`{}` for a group without one: the defaults). resolveAlertPolicy lets the most sensitive
   * setting win, so a group on the defaults keeps every default rule on for its devices.
   */
  async overridesFor(groupIds: readonly string[]): Promise<AlertPolicyOverride[]> {
    const byGroup = new Map((await this.rowsOf(groupIds)).map((r) => [r.deviceGroupId, parsePolicy(r.policy)]));
    return [...new Set(groupIds)].map((id) => byGroup.get(id) ?? {});
  }

  /** `overridesFor` of several devices' groups at once (one read of the settings of all those groups). */
  async overridesForEach(groupIdLists: readonly (readonly string[])[]): Promise<AlertPolicyOverride[][]> {
    const all = [...new Set(groupIdLists.flat())];
    const byGroup = new Map<string, AlertPolicyOverride>();
    for (let i = 0; i < all.length; i += 500) {
      for (const r of await this.rowsOf(all.slice(i, i + 500))) byGroup.set(r.deviceGroupId, parsePolicy(r.policy));
    }
    return groupIdLists.map((groupIds) => [...new Set(groupIds)].map((id) => byGroup.get(id) ?? {}));
  }

  /** Mail recipients (union, de-duplicated) and webhooks of the given groups. */
  async recipientsFor(groupIds: readonly string[]): Promise<AlertRecipients> {
    const emails = new Map<string, string>();
    const webhooks: WebhookSettings[] = [];
    for (const row of await this.rowsOf(groupIds)) {
      for (const email of this.decryptEmails(row)) {
        if (!emails.has(email.toLowerCase())) emails.set(email.toLowerCase(), email);
      }
      if (row.webhookUrlEncrypted && row.webhookSecretEncrypted) {
        webhooks.push({
          url: this.secretBox.decrypt(row.webhookUrlEncrypted),
          secret: this.secretBox.decrypt(row.webhookSecretEncrypted),
        });
      }
    }
    return { emails: [...emails.values()], webhooks };
  }

  private async rowsOf(groupIds: readonly string[]): Promise<DeviceGroupAlertSettingsEntity[]> {
    if (groupIds.length === 0) return [];
    return this.repo.find({ where: { deviceGroupId: In([...groupIds]) }, order: { deviceGroupId: 'ASC' } });
  }

  private async row(groupId: string): Promise<DeviceGroupAlertSettingsEntity> {
    const found = await this.repo.findOne({ where: { deviceGroupId: groupId } });
    if (found) return found;
    const row = new DeviceGroupAlertSettingsEntity();
    row.deviceGroupId = groupId;
    row.policy = null;
    row.recipientsEncrypted = null;
    row.webhookUrlEncrypted = null;
    row.webhookSecretEncrypted = null;
    row.updatedAt = this.clock.now();
    return row;
  }

  private decryptEmails(row: DeviceGroupAlertSettingsEntity): string[] {
    if (!row.recipientsEncrypted) return [];
    const parsed = JSON.parse(this.secretBox.decrypt(row.recipientsEncrypted)) as unknown;
    return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string') : [];
  }

  private recipientsResponse(
    groupId: string,
    row: DeviceGroupAlertSettingsEntity | null,
  ): GroupAlertRecipientsResponse {
    return {
      deviceGroupId: groupId,
      emails: row ? this.decryptEmails(row) : [],
      webhookUrl: row?.webhookUrlEncrypted ? this.secretBox.decrypt(row.webhookUrlEncrypted) : null,
      hasWebhookSecret: Boolean(row?.webhookSecretEncrypted),
    };
  }
}

function parsePolicy(text: string | null | undefined): AlertPolicyOverride {
  if (!text) return {};
  const parsed = JSON.parse(text) as unknown;
  return typeof parsed === 'object' && parsed !== null ? parsed : {};
}

function policyResponse(groupId: string, override: AlertPolicyOverride): GroupAlertPolicyResponse {
  return {
    deviceGroupId: groupId,
    override: override as AlertPolicyOverrideBody,
    effective: resolveAlertPolicy([override]) as unknown as AlertPolicyOverrideBody,
  };
}
