import { describe, expect, it } from 'vitest';
import {
  SnmpRequestFailedError,
  SnmpTimeoutError,
  SnmpType,
  type GetResult,
  type SnmpClient,
  type SnmpVarbind,
} from '../../protocols/snmp';
import { DeviceAuthError, DeviceUnreachableError } from '../../protocols/xml-api';
import { SnmpSetSettings } from './snmp-set-settings';

/** An SNMP client whose SET answers come from a script; records every SET PDU. */
function fakeClient(answer: (varbinds: SnmpVarbind[]) => Error | null, values: Record<string, string | number> = {}) {
  const sets: string[][] = [];
  const client = {
    host: '127.23.9.9',
    port: 161,
    version: '2c',
    get: (oids: string[]) =>
      Promise.resolve(
        oids.map((oid): GetResult => {
          const v = values[oid];
          if (v === undefined) return { oid, ok: false, error: 'noSuchObject' };
          return typeof v === 'number'
            ? { oid, ok: true, varbind: { oid, type: SnmpType.Integer, value: v } }
            : { oid, ok: true, varbind: { oid, type: SnmpType.OctetString, value: Buffer.from(v) } };
        }),
      ),
    set: (varbinds: SnmpVarbind[]) => {
      sets.push(varbinds.map((v) => v.oid));
      const error = answer(varbinds);
      return error ? Promise.reject(error) : Promise.resolve(varbinds);
    },
  } as unknown as SnmpClient;
  return { client, sets };
}

const TLS_OID = '1.3.6.1.3.18334.5.1.9.0';
const KEYS = ['identity.location', 'tls.minVersion', 'time.timeZone', 'security.adminPassword'] as const;

describe('SnmpSetSettings', () => {
  it('reports the varbind the device refused as rejected and sends the rest again without it', async () => {
    const { client, sets } = fakeClient((vbs) =>
      vbs.some((v) => v.oid === TLS_OID)
        ? new SnmpRequestFailedError(`127.23.9.9:161 answered with error WrongValue: ${TLS_OID}`, 'WrongValue')
        : null,
    );
    const settings = new SnmpSetSettings(KEYS, client, client);
    const outcomes = await settings.apply({
      'identity.location': 'Lab',
      'tls.minVersion': 'TLSv1.3',
      'addressBook.users': [],
    });
    expect(outcomes).toEqual([
      { key: 'identity.location', status: 'applied' },
      {
        key: 'tls.minVersion',
        status: 'rejected',
        code: 'SNMP_WRONGVALUE',
        message: 'the device refused the value (SNMP wrongValue)',
      },
      { key: 'addressBook.users', status: 'unsupported', code: 'UNSUPPORTED', message: expect.any(String) },
    ]);
    expect(sets).toEqual([['1.3.6.1.2.1.1.6.0', TLS_OID], ['1.3.6.1.2.1.1.6.0']]);
  });

  it('turns noAccess into DeviceAuthError and a timeout into DeviceUnreachableError', async () => {
    const denied = fakeClient(
      () => new SnmpRequestFailedError('answered with error NoAccess: 1.3.6.1.2.1.1.6.0', 'NoAccess'),
    );
    await expect(
      new SnmpSetSettings(KEYS, denied.client, denied.client).apply({ 'identity.location': 'x' }),
    ).rejects.toBeInstanceOf(DeviceAuthError);
    const silent = fakeClient(() => new SnmpTimeoutError('no answer'));
    await expect(
      new SnmpSetSettings(KEYS, silent.client, silent.client).apply({ 'identity.location': 'x' }),
    ).rejects.toBeInstanceOf(DeviceUnreachableError);
  });

  it('reads values through their syntax, never a secret, and reports what the device lacks or garbles', async () => {
    const { client } = fakeClient(() => null, { '1.3.6.1.2.1.1.6.0': 'Lab', [TLS_OID]: 7 });
    const outcomes = await new SnmpSetSettings(KEYS, client, client).read([
      'identity.location',
      'tls.minVersion',
      'time.timeZone',
      'security.adminPassword',
      'network.dns',
    ]);
    expect(outcomes).toEqual([
      { key: 'identity.location', status: 'ok', value: 'Lab' },
      { key: 'tls.minVersion', status: 'failed', code: 'MALFORMED_VALUE', message: expect.stringContaining('7') },
      { key: 'time.timeZone', status: 'unsupported', message: expect.stringContaining('noSuchObject') },
      { key: 'security.adminPassword', status: 'unsupported', message: 'write-only (secret)' },
      { key: 'network.dns', status: 'unsupported', message: 'not supported by this driver' },
    ]);
  });
});
