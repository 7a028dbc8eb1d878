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
import {
  SETTING_FIELD_NAMES,
  addItem,
  moveItem,
  removeItem,
  type ListNode,
  type ObjectNode,
  type ScalarNode,
  type ValueNode,
} from './value-node';

/** Types a value into field `index` of an object row (a scalar control). */
function setRaw(node: ValueNode, index: number, raw: string): void {
  if (node.kind !== 'object') throw new Error('not an object');
  const field = node.fields[index].node;
  if (field.kind !== 'scalar') throw new Error('not a scalar');
  field.raw = raw;
}

describe('template form', () => {
  it('picks the control from the catalogue type', () => {
    expect(fieldFor('time.timeZone').control).toBe('text');
    expect(fieldFor('security.adminPassword').control).toBe('secret');
    expect(fieldFor('snmp.v1v2cEnabled').control).toBe('boolean');
    expect(fieldFor('snmp.v3Users').control).toBe('structured');
    expect(fieldFor('time.ntp').control).toBe('structured');
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
    const fields = [fieldFor('identity.location', 'Hall'), fieldFor('addressBook.departments')];
    const rows = fields[1].node as ListNode;
    addItem(rows);
    expect(readFields(fields)).toBeNull(); // an empty id and name
    const row = rows.items[0] as ObjectNode;
    setRaw(row, 0, 'sales');
    setRaw(row, 1, 'Sales');
    expect(readFields(fields)).toEqual({
      'identity.location': 'Hall',
      'addressBook.departments': [{ id: 'sales', name: 'Sales' }],
    });
  });

  it('edits a list of objects as rows of typed fields: kept keys, optional fields left out, problems by row', () => {
    const field = fieldFor('snmp.v3Users', [
      {
        name: 'ops',
        level: 'authPriv',
        authProtocol: 'sha',
        authKey: { set: true },
        privProtocol: 'aes',
        privKey: { set: true },
      },
    ]);
    const users = field.node as ListNode;
    const ops = users.items[0] as ObjectNode;
    expect(ops.fields.map((f) => f.name)).toEqual([
      'name',
      'level',
      'authProtocol',
      'authKey',
      'privProtocol',
      'privKey',
    ]);
    expect(ops.fields[3].node).toMatchObject({ kind: 'scalar', raw: '', keepSecret: true });
    // Unchanged: the kept keys go back as placeholders (the server restores them by the user's name).
    expect(readField(field)).toEqual([
      {
        name: 'ops',
        level: 'authPriv',
        authProtocol: 'sha',
        authKey: { set: true },
        privProtocol: 'aes',
        privKey: { set: true },
      },
    ]);
    // A second user with a bad name and only a level: checked here even though the first holds placeholders.
    addItem(users);
    const audit = users.items[1] as ObjectNode;
    setRaw(audit, 0, 'bad name');
    setRaw(audit, 1, 'noAuthNoPriv');
    expect(readField(field)).toBeUndefined();
    expect(field.problems.join(' ')).toContain('[1].name');
    setRaw(audit, 0, 'audit');
    expect(readField(field)).toEqual([
      {
        name: 'ops',
        level: 'authPriv',
        authProtocol: 'sha',
        authKey: { set: true },
        privProtocol: 'aes',
        privKey: { set: true },
      },
      { name: 'audit', level: 'noAuthNoPriv' },
    ]);
    // Moved up, then the first removed: rows follow.
    moveItem(users, 1, -1);
    removeItem(users, 1);
    expect(readField(field)).toEqual([{ name: 'audit', level: 'noAuthNoPriv' }]);
  });

  it('edits an object with a list of host names and a number', () => {
    const field = fieldFor('time.ntp', { enabled: true, servers: ['ntp1.example.com'], pollIntervalMinutes: 60 });
    const ntp = field.node as ObjectNode;
    const servers = ntp.fields[1].node as ListNode;
    addItem(servers);
    (servers.items[1] as ScalarNode).raw = 'ntp2.example.com';
    setRaw(ntp, 2, '30');
    expect(readField(field)).toEqual({
      enabled: true,
      servers: ['ntp1.example.com', 'ntp2.example.com'],
      pollIntervalMinutes: 30,
    });
    addItem(servers);
    addItem(servers); // full at three
    expect(servers.items).toHaveLength(3);
    setRaw(ntp, 2, 'often');
    expect(readField(field)).toBeUndefined();
  });

  it('has an English and a Japanese label for every field of the catalogue objects', () => {
    for (const name of SETTING_FIELD_NAMES) {
      const key = `templates.field.${name}` as const;
      expect(EN[key], key).toBeTruthy();
      expect(JA[key], key).toBeTruthy();
    }
  });

  it('offers service settings only to service templates', () => {
    expect(keysFor('admin')).not.toContain('service.cePassword');
    expect(keysFor('service')).toContain('service.cePassword');
  });
});
