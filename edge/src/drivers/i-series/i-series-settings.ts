import {
  isSettingKey,
  type SettingApplyOutcome,
  type SettingCapability,
  type SettingKey,
  type SettingReadOutcome,
  type SettingValues,
  type SettingsCapability,
} from '@fleetward/contracts';
import type { XmlApiClient } from '../../protocols/xml-api';

/** What the i-series firmware carries in its XML API (secrets are write-only). */
export const I_SERIES_SETTING_KEYS: readonly SettingKey[] = [
  'security.adminPassword',
  'identity.deviceName',
  'identity.location',
  'identity.contact',
  'snmp.v1v2cEnabled',
  'snmp.readCommunity',
  'snmp.writeCommunity',
  'snmp.v3Enabled',
  'snmp.v3Users',
  'time.timeZone',
  'time.daylightSaving',
  'time.ntp',
  'network.dns',
  'email.smtp',
  'power.sleepAfterMinutes',
  'power.lowPowerAfterMinutes',
  'tls.minVersion',
  'tls.httpsOnly',
  'addressBook.departments',
  'addressBook.users',
  'addressBook.destinations',
  'service.tonerLowThresholdPercent',
];
const WRITE_ONLY: ReadonlySet<SettingKey> = new Set([
  'security.adminPassword',
  'snmp.readCommunity',
  'snmp.writeCommunity',
  'snmp.v3Users',
  'email.smtp',
]);

/** Settings through the vendor XML API; the device's per-key answers are passed on as they are. */
export class XmlApiSettings implements SettingsCapability {
  constructor(private readonly client: XmlApiClient) {}

  supported(): SettingCapability[] {
    return I_SERIES_SETTING_KEYS.map((key) => ({ key, read: !WRITE_ONLY.has(key), write: true, transport: 'xml-api' }));
  }

  async read(keys: readonly SettingKey[]): Promise<SettingReadOutcome[]> {
    const ask = keys.filter((k) => I_SERIES_SETTING_KEYS.includes(k));
    const items = ask.length === 0 ? [] : await this.client.getSettings(ask);
    const byKey = new Map(items.map((i) => [i.key, i]));
    return keys.map((key): SettingReadOutcome => {
      const item = byKey.get(key);
      if (!I_SERIES_SETTING_KEYS.includes(key))
        return { key, status: 'unsupported', message: 'not supported by this driver' };
      if (!item)
        return { key, status: 'failed', code: 'NOT_ANSWERED', message: 'the device did not answer for this setting' };
      return item.status === 'ok'
        ? { key, status: 'ok', value: item.value }
        : { key, status: 'unsupported', message: item.reason };
    });
  }

  async apply(settings: SettingValues): Promise<SettingApplyOutcome[]> {
    const keys = Object.keys(settings).filter(isSettingKey);
    const results = await this.client.setSettings(settings);
    const byKey = new Map(results.map((r) => [r.key, r]));
    return keys.map((key): SettingApplyOutcome => {
      const r = byKey.get(key);
      if (!r) return { key, status: 'failed', code: 'NOT_ANSWERED', message: 'the device did not report this setting' };
      return {
        key,
        status: r.status,
        ...(r.code ? { code: r.code } : {}),
        ...(r.message ? { message: r.message } : {}),
      };
    });
  }
}
