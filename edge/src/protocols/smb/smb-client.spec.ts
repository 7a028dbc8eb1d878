import { describe, expect, it } from 'vitest';
import { connectSmbShare, parseSmbShare, type SmbFileClient } from './smb-client';
import { SmbAuthError, SmbError, SmbUnreachableError } from './smb.errors';

const options = { host: 'h', share: 's', user: 'u', password: 'p' };
const client = (via: SmbFileClient['via']) => ({ via }) as SmbFileClient;

describe('connectSmbShare', () => {
  it('uses node-smb2 when it connects', async () => {
    const sut = await connectSmbShare(options, {
      nodeSmb2: () => Promise.resolve(client('node-smb2')),
      smbclient: () => Promise.reject(new Error('not expected')),
    });
    expect(sut.via).toBe('node-smb2');
  });

  it('falls back to smbclient when node-smb2 fails to negotiate (e.g. signing required)', async () => {
    const sut = await connectSmbShare(options, {
      nodeSmb2: () => Promise.reject(new SmbError('SMB_FAILED', 'NT status 0xc0000022')),
      smbclient: () => Promise.resolve(client('smbclient')),
    });
    expect(sut.via).toBe('smbclient');
  });

  it('does not fall back for a refused logon or an unreachable server', async () => {
    let fallbacks = 0;
    const smbclient = () => {
      fallbacks++;
      return Promise.resolve(client('smbclient'));
    };
    await expect(
      connectSmbShare(options, { nodeSmb2: () => Promise.reject(new SmbAuthError('refused')), smbclient }),
    ).rejects.toBeInstanceOf(SmbAuthError);
    await expect(
      connectSmbShare(options, { nodeSmb2: () => Promise.reject(new SmbUnreachableError('down')), smbclient }),
    ).rejects.toBeInstanceOf(SmbUnreachableError);
    expect(fallbacks).toBe(0);
  });
});

describe('parseSmbShare', () => {
  it('reads UNC and URL-style share paths', () => {
    expect(parseSmbShare('\\\\10.0.0.7\\fleetward')).toEqual({ host: '10.0.0.7', share: 'fleetward', path: '' });
    expect(parseSmbShare('//mfp-7/scans/in/box/')).toEqual({ host: 'mfp-7', share: 'scans', path: 'in/box' });
    expect(() => parseSmbShare('10.0.0.7\\share')).toThrow(SmbError);
  });
});
