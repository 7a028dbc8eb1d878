import type { SnmpAuthProtocol, SnmpPrivProtocol } from '@fleetward/contracts';
import * as snmp from 'net-snmp';
import { describe, expect, it } from 'vitest';
import {
  AUTH_ALGORITHMS,
  clearMasterKeyCache,
  localizedKey,
  localizeKey,
  masterKey,
  PRIV_ALGORITHMS,
  privacyKey,
} from './usm-keys';

/** net-snmp's key functions (the path this replaces): the keys must stay the same. */
interface NetSnmpKeys {
  Authentication: { passwordToKey(auth: number, password: string, engineId: Buffer): Buffer };
  Encryption: {
    algorithms: Record<number, { localizationAlgorithm: unknown }>;
    generateLocalizedKey(alg: unknown, auth: number, password: string, engineId: Buffer): Buffer;
    generateLocalizedKeyBlumenthal(alg: unknown, auth: number, password: string, engineId: Buffer): Buffer;
    generateLocalizedKeyReeder(alg: unknown, auth: number, password: string, engineId: Buffer): Buffer;
  };
}
const netSnmp = snmp as unknown as NetSnmpKeys & typeof snmp;

// RFC 3414 A.3: password "maplesyrup", snmpEngineID 00 00 00 00 00 00 00 00 00 00 00 02.
const RFC_ENGINE = Buffer.from('000000000000000000000002', 'hex');

describe('USM keys', () => {
  it('derives the RFC 3414 A.3.1 MD5 key (Ku and Kul)', () => {
    const md5 = AUTH_ALGORITHMS.md5;
    const ku = masterKey(md5, 'maplesyrup');
    expect(ku.toString('hex')).toBe('9faf3283884e92834ebc9847d8edd963');
    expect(localizeKey(md5, ku, RFC_ENGINE).toString('hex')).toBe('526f5eed9fcce26f8964c2930787d82b');
  });

  it('derives the RFC 3414 A.3.2 SHA key (Ku and Kul)', () => {
    const sha = AUTH_ALGORITHMS.sha;
    expect(masterKey(sha, 'maplesyrup').toString('hex')).toBe('9fb5cc0381497b3793528939ff788d5d79145211');
    expect(localizedKey(sha, 'maplesyrup', RFC_ENGINE).toString('hex')).toBe(
      '6695febc9288e36282235fc7151f128497b38f3f',
    );
  });

  it('caches the master key per protocol and password, and keeps no password in the cache key', () => {
    clearMasterKeyCache();
    const a = masterKey(AUTH_ALGORITHMS.sha256, 'one password');
    expect(masterKey(AUTH_ALGORITHMS.sha256, 'one password')).toBe(a);
    expect(masterKey(AUTH_ALGORITHMS.sha256, 'another password')).not.toEqual(a);
    expect(masterKey(AUTH_ALGORITHMS.sha512, 'one password')).not.toEqual(a);
    expect(masterKey(AUTH_ALGORITHMS.sha256, 'one password', false)).not.toBe(a); // uncached: computed again
    expect(masterKey(AUTH_ALGORITHMS.sha256, 'one password', false)).toEqual(a);
  });

  const authNames = Object.keys(AUTH_ALGORITHMS) as SnmpAuthProtocol[];
  const privNames = Object.keys(PRIV_ALGORITHMS) as SnmpPrivProtocol[];
  const engine = Buffer.from('80001f88805e1a2b3c4d5e6f7a', 'hex');

  it.each(authNames)('localises %s keys exactly as net-snmp 3.29 does', (auth) => {
    const ours = localizedKey(AUTH_ALGORITHMS[auth], 'fleetward-auth-key', engine);
    expect(ours.length).toBe(AUTH_ALGORITHMS[auth].keyLength);
    expect(ours).toEqual(netSnmp.Authentication.passwordToKey(snmp.AuthProtocols[auth], 'fleetward-auth-key', engine));
  });

  it.each(authNames.flatMap((auth) => privNames.map((priv) => [auth, priv] as const)))(
    'derives the %s / %s privacy key exactly as net-snmp 3.29 does',
    (auth, priv) => {
      const algorithm = netSnmp.Encryption.algorithms[snmp.PrivProtocols[priv]]!;
      const theirs =
        priv === 'des'
          ? // DES: key (8) and pre-IV (8) are the first 16 octets of the privacy password's Kul.
            netSnmp.Authentication.passwordToKey(snmp.AuthProtocols[auth], 'fleetward-priv-key', engine).subarray(0, 16)
          : (
              algorithm.localizationAlgorithm as (
                alg: unknown,
                auth: number,
                password: string,
                engineId: Buffer,
              ) => Buffer
            )(algorithm, snmp.AuthProtocols[auth], 'fleetward-priv-key', engine);
      const ours = privacyKey(AUTH_ALGORITHMS[auth], PRIV_ALGORITHMS[priv], 'fleetward-priv-key', engine);
      expect(ours.length).toBe(PRIV_ALGORITHMS[priv].keyLength);
      expect(ours).toEqual(theirs);
    },
  );

  it('tells the two AES-256 key extensions apart where the auth key is shorter than 32 octets', () => {
    const b = privacyKey(AUTH_ALGORITHMS.sha, PRIV_ALGORITHMS.aes256b, 'fleetward-priv-key', engine);
    const r = privacyKey(AUTH_ALGORITHMS.sha, PRIV_ALGORITHMS.aes256r, 'fleetward-priv-key', engine);
    expect(b.subarray(0, 20)).toEqual(r.subarray(0, 20)); // both start with Kul
    expect(b.subarray(20)).not.toEqual(r.subarray(20));
    // With SHA-256 and longer, Kul is long enough: no extension, the same key.
    expect(privacyKey(AUTH_ALGORITHMS.sha256, PRIV_ALGORITHMS.aes256b, 'p4ssw0rd!', engine)).toEqual(
      privacyKey(AUTH_ALGORITHMS.sha256, PRIV_ALGORITHMS.aes256r, 'p4ssw0rd!', engine),
    );
  });
});
