import { describe, expect, it } from 'vitest';
import { parseSnmpInput, snmpSettingsOf } from './device-credentials';

describe('device SNMP credentials', () => {
  it('accepts v2c and v3 authPriv, and describes them without secrets', () => {
    const v3 = parseSnmpInput({
      version: '3',
      user: 'fleet',
      level: 'authPriv',
      authProtocol: 'sha512',
      authKey: 'authkey-123',
      privProtocol: 'aes256b',
      privKey: 'privkey-123',
    });
    const settings = snmpSettingsOf(v3);
    expect(settings).toMatchObject({ version: '3', v3User: 'fleet', hasAuthKey: true, hasPrivKey: true });
    expect(JSON.stringify(settings)).not.toMatch(/authkey-123|privkey-123/);
    expect(snmpSettingsOf(parseSnmpInput({ version: '2c', community: 'secret' }))).toMatchObject({
      version: '2c',
      hasCommunity: true,
    });
  });

  it('names each missing, extra or bad field', () => {
    const fields = (value: unknown): string[] => {
      try {
        parseSnmpInput(value);
        return [];
      } catch (error) {
        return (error as { details: { field: string }[] }).details.map((d) => d.field).sort();
      }
    };
    expect(fields({ version: '3', user: 'u', level: 'authNoPriv' })).toEqual(['snmp.authKey', 'snmp.authProtocol']);
    expect(fields({ version: '3', user: 'u', level: 'noAuthNoPriv', privKey: 'abcdefgh' })).toEqual(['snmp.privKey']);
    expect(fields({ version: '3', user: 'u', level: 'authNoPriv', authProtocol: 'sha', authKey: 'short' })).toEqual([
      'snmp.authKey',
    ]);
    expect(fields({ version: '2c', community: '' })).toEqual(['snmp.community']);
    expect(fields({ version: '2c', community: 'x', extra: 1 })).toEqual(['snmp']);
    expect(fields({ version: '5' })).toEqual(['snmp.version']);
  });
});
