import { describe, expect, it } from 'vitest';
import { CliUsageError, credentialsFromArgs, intOption, parseTargetsFile } from './cli-args';

describe('credentialsFromArgs', () => {
  it('defaults to v2c community public', () => {
    expect(credentialsFromArgs({})).toEqual({ version: '2c', community: 'public' });
    expect(credentialsFromArgs({ 'snmp-version': '1', community: 'x' })).toEqual({ version: '1', community: 'x' });
  });
  it('builds v3 credentials with the level implied by the keys', () => {
    expect(
      credentialsFromArgs({
        user: 'u',
        'auth-key': 'a'.repeat(8),
        'priv-key': 'p'.repeat(8),
        'priv-protocol': 'AES256B',
        context: 'Jetdirect',
      }),
    ).toEqual({
      version: '3',
      user: 'u',
      level: 'authPriv',
      authProtocol: 'sha',
      authKey: 'aaaaaaaa',
      privProtocol: 'aes256b',
      privKey: 'pppppppp',
      context: 'Jetdirect',
    });
    expect(credentialsFromArgs({ user: 'u', 'auth-protocol': 'SHA-256', 'auth-key': 'k'.repeat(8) })).toMatchObject({
      level: 'authNoPriv',
      authProtocol: 'sha256',
    });
    expect(credentialsFromArgs({ user: 'u' })).toEqual({ version: '3', user: 'u', level: 'noAuthNoPriv' });
  });
  it('rejects bad input clearly', () => {
    expect(() => credentialsFromArgs({ 'snmp-version': '4' })).toThrow(CliUsageError);
    expect(() => credentialsFromArgs({ 'snmp-version': '3' })).toThrow(/--user/);
    expect(() => credentialsFromArgs({ user: 'u', 'priv-key': 'x' })).toThrow(/--auth-key/);
    expect(() => credentialsFromArgs({ user: 'u', 'auth-key': 'k', 'auth-protocol': 'sha3' })).toThrow(
      /--auth-protocol/,
    );
  });
});

describe('parseTargetsFile', () => {
  it('reads host[:port] lines, skipping blanks and comments', () => {
    expect(
      parseTargetsFile('127.1.0.1\n# lab\n\n127.1.0.2:1161  # second\nprinter.example:162\n[::1]:161\n', 161),
    ).toEqual([
      { host: '127.1.0.1', port: 161 },
      { host: '127.1.0.2', port: 1161 },
      { host: 'printer.example', port: 162 },
      { host: '::1', port: 161 },
    ]);
  });
  it('names the bad line', () => {
    expect(() => parseTargetsFile('127.0.0.1\nbad host here\n', 161)).toThrow(/line 2/);
    expect(() => parseTargetsFile('127.0.0.1:70000\n', 161)).toThrow(/bad port/);
  });
});

describe('intOption', () => {
  it('validates ranges', () => {
    expect(intOption(undefined, 'x', 5, 1, 10)).toBe(5);
    expect(intOption('7', 'x', 5, 1, 10)).toBe(7);
    expect(() => intOption('0', 'x', 5, 1, 10)).toThrow(/between 1 and 10/);
    expect(() => intOption('abc', 'x', 5, 1, 10)).toThrow(/whole number/);
  });
});
