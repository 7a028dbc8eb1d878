import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sambaAvailable, startSamba, type RunningSamba } from '../../../../test/support/samba';
import { connectNodeSmb2, connectSmbclient, connectSmbShare, type SmbShareOptions } from './smb-client';
import { SmbAuthError, SmbError } from './smb.errors';

const missing = sambaAvailable();
if (missing) console.warn(`skipping SMB client tests: ${missing}`);

describe.skipIf(missing !== null)('SMB client against Debian Samba on loopback', () => {
  let open: RunningSamba;
  let signed: RunningSamba;
  const optionsOf = (s: RunningSamba): SmbShareOptions => ({
    host: s.host,
    port: s.port,
    share: s.share,
    user: s.user,
    password: s.password,
    timeoutMs: 5000,
  });

  beforeAll(async () => {
    open = await startSamba();
    signed = await startSamba({ signing: 'mandatory' });
  });
  afterAll(async () => {
    await open?.stop();
    await signed?.stop();
  });

  it('writes, renames, reads and removes files with node-smb2 (NTLMv2) where signing is optional', async () => {
    const sut = await connectSmbShare(optionsOf(open));
    try {
      expect(sut.via).toBe('node-smb2');
      await sut.writeFile('a.json.part', Buffer.from('{"hello":1}'));
      await sut.rename('a.json.part', 'a.json');
      expect(await readFile(path.join(open.dir, 'a.json'), 'utf8')).toBe('{"hello":1}');
      await writeFile(path.join(open.dir, 'from-device.json'), 'device wrote this');
      expect((await sut.readFile('from-device.json'))?.toString()).toBe('device wrote this');
      expect(await sut.readFile('absent.json')).toBeNull();
      await sut.remove('a.json');
      await sut.remove('a.json');
      await expect(readFile(path.join(open.dir, 'a.json'))).rejects.toThrow();
    } finally {
      await sut.close();
    }
  });

  it('falls back to smbclient -m SMB3 when the share requires signing (node-smb2 cannot)', async () => {
    await expect(connectNodeSmb2(optionsOf(signed))).rejects.toBeInstanceOf(SmbError);
    const sut = await connectSmbShare(optionsOf(signed));
    try {
      expect(sut.via).toBe('smbclient');
      await sut.writeFile('b.json.part', Buffer.from('signed write'));
      await sut.rename('b.json.part', 'b.json');
      expect(await readFile(path.join(signed.dir, 'b.json'), 'utf8')).toBe('signed write');
      expect((await sut.readFile('b.json'))?.toString()).toBe('signed write');
      expect(await sut.readFile('absent.json')).toBeNull();
      await sut.remove('b.json');
      await sut.remove('b.json');
      await expect(readFile(path.join(signed.dir, 'b.json'))).rejects.toThrow();
    } finally {
      await sut.close();
    }
  });

  it('reports a wrong password as a logon failure on both clients, without falling back', async () => {
    await expect(connectSmbShare({ ...optionsOf(open), password: 'wrong-password' })).rejects.toBeInstanceOf(
      SmbAuthError,
    );
    await expect(connectSmbclient({ ...optionsOf(signed), password: 'wrong-password' })).rejects.toBeInstanceOf(
      SmbAuthError,
    );
  });
});
