import { SETTING_DEFINITIONS } from '@fleetward/contracts';
import { EN } from '../../core/i18n/en';
import { JA } from '../../core/i18n/ja';
import {
  captureChoices,
  fieldFor,
  hasPerDeviceKeys,
  keysFor,
  readField,
  readFields,
  settingHintKey,
  settingLabelKey,
  settingUnitKey,
} from './template-form';

describe('template form', () => {
  it('picks the control from the catalogue type', () => {
    expect(fieldFor('time.timeZone').control).toBe('text');
    expect(fieldFor('security.adminPassword').control).toBe('secret');
    expect(fieldFor('snmp.v1v2cEnabled').control).toBe('boolean');
    expect(fieldFor('snmp.v3Users').control).toBe('json');
  });

  it('validates with the catalogue: a bad time zone is refused, a good one read', () => {
    const zone = fieldFor('time.timeZone', 'Asia/Tokyo');
    expect(readField(zone)).toBe('Asia/Tokyo');
    zone.raw = 'Nowhere/Land';
    expect(readField(zone)).toBeUndefined();
    expect(zone.problems[0]).toContain('IANA');
  });

  it('keeps a stored secret when left empty and sends a new one when typed twice alike', () => {
    const secret = fieldFor('security.adminPassword', { set: true });
    expect(secret.keepSecret).toBe(true);
    expect(readField(secret)).toEqual({ set: true });
    secret.raw = 'short';
    secret.confirm = 'short';
    expect(readField(secret)).toBeUndefined();
    expect(secret.problems[0]).toContain('at least 8');
    secret.raw = 'A-long-enough-password';
    secret.confirm = 'A-long-enough-passwort';
    expect(readField(secret, 'they differ')).toBeUndefined();
    expect(secret.problems).toEqual(['they differ']);
    secret.confirm = 'A-long-enough-password';
    expect(readField(secret)).toBe('A-long-enough-password');
  });

  it('has an English and a Japanese label and help for every catalogue setting, and units', () => {
    for (const d of SETTING_DEFINITIONS) {
      for (const key of [settingLabelKey(d.key), settingHintKey(d.key)]) {
        expect(EN[key], key).toBeTruthy();
        expect(JA[key], key).toBeTruthy();
      }
    }
    expect(JA[settingLabelKey('time.timeZone')]).toBe('タイムゾーン');
    expect(settingUnitKey(fieldFor('power.sleepAfterMinutes').definition)).toBe('templates.unit.minutes');
    expect(settingUnitKey(fieldFor('time.timeZone').definition)).toBeNull();
  });

  it('offers to capture what the device can read, per-device settings unticked, secrets apart', () => {
    const { choices, notReadable } = captureChoices([
      { key: 'time.timeZone', read: true, write: true, transport: 'xml-api' },
      { key: 'identity.deviceName', read: true, write: true, transport: 'xml-api' },
      { key: 'identity.location', read: true, write: true, transport: 'snmp-set' },
      { key: 'security.adminPassword', read: false, write: true, transport: 'xml-api' },
      { key: 'email.smtp', read: true, write: true, transport: 'xml-api' },
      { key: 'service.tonerLowThresholdPercent', read: true, write: true, transport: 'xml-api' },
    ]);
    // Catalogue order; an object holding a password (SMTP) is a secret too; service settings are left out.
    expect(choices).toEqual([
      { key: 'identity.deviceName', checked: false },
      { key: 'identity.location', checked: false },
      { key: 'time.timeZone', checked: true },
    ]);
    expect(notReadable).toEqual(['security.adminPassword', 'email.smtp']);
    expect(hasPerDeviceKeys(['time.timeZone'])).toBe(false);
    expect(hasPerDeviceKeys(['time.timeZone', 'identity.location'])).toBe(true);
  });

  it('reads all fields or none', () => {
    const fields = [fieldFor('identity.location', 'Hall'), fieldFor('snmp.v3Users')];
    fields[1].raw = '[not json';
    expect(readFields(fields)).toBeNull();
    fields[1].raw = '[]';
    expect(readFields(fields)).toEqual({ 'identity.location': 'Hall', 'snmp.v3Users': [] });
  });

  it('offers service settings only to service templates', () => {
    expect(keysFor('admin')).not.toContain('service.cePassword');
    expect(keysFor('service')).toContain('service.cePassword');
  });
});
