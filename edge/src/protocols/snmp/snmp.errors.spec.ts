import { describe, expect, it } from 'vitest';
import { mapNetSnmpError } from './snmp.errors';

const where = { host: '192.0.2.9', port: 161 };
const netSnmp = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name }, extra);

describe('mapNetSnmpError', () => {
  it.each([
    ['Unknown User Name', 'unknownUser'],
    ['Wrong Digest (incorrect password, community or key)', 'wrongAuthentication'],
    ['Decryption Error', 'decryptionError'],
    ['Unsupported Security Level', 'unsupportedSecurityLevel'],
    ['Not In Time Window', 'notInTimeWindow'],
    ['Unknown Engine ID', 'unknownEngineId'],
  ])('maps the usmStats report "%s" to %s', (message, code) => {
    const e = mapNetSnmpError(netSnmp('ResponseInvalidError', message, { code: 5 }), where);
    expect(e.code).toBe(code);
    expect(e.isAuthFailure).toBe(true);
    expect(e.message).toContain('192.0.2.9:161');
  });

  it('maps a timeout, saying that a wrong community looks the same', () => {
    const e = mapNetSnmpError(netSnmp('RequestTimedOutError', 'Request timed out'), where);
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(/wrong community/);
    expect(e.isAuthFailure).toBe(false);
  });

  it('maps a digest mismatch on the answer and a local decryption failure', () => {
    expect(
      mapNetSnmpError(netSnmp('ResponseInvalidError', 'Authentication digest abc does not match', { code: 5 }), where)
        .code,
    ).toBe('wrongAuthentication');
    expect(mapNetSnmpError(netSnmp('ResponseInvalidError', 'Failed to decrypt PDU', { code: 4 }), where).code).toBe(
      'decryptionError',
    );
    expect(mapNetSnmpError(netSnmp('ResponseInvalidError', 'outside the time window', { code: 14 }), where).code).toBe(
      'notInTimeWindow',
    );
  });

  it('maps noSuchName with its OID, other error statuses and malformed answers', () => {
    const e = mapNetSnmpError(netSnmp('RequestFailedError', 'NoSuchName: 1.3.6.1.2.1.1.5.0', { status: 2 }), where);
    expect(e).toMatchObject({ code: 'noSuchName', oid: '1.3.6.1.2.1.1.5.0' });
    expect(mapNetSnmpError(netSnmp('RequestFailedError', 'TooBig', { status: 1 }), where)).toMatchObject({
      code: 'error',
      status: 'TooBig',
    });
    expect(mapNetSnmpError(netSnmp('ResponseInvalidError', 'Unknown type', { code: 2 }), where).code).toBe(
      'malformedResponse',
    );
  });

  it('maps socket errors to unreachable and keeps the cause', () => {
    const cause = Object.assign(new Error('send EHOSTUNREACH'), { code: 'EHOSTUNREACH' });
    const e = mapNetSnmpError(cause, where);
    expect(e.code).toBe('unreachable');
    expect(e.cause).toBe(cause);
  });
});
