import { describe, expect, it } from 'vitest';
import { DeviceModel, SimulatedDevice } from '../../test/simulator/src/index';
import { shareNameOf, SMB_MISSING_LINE, startDemoSamba } from './demo-samba';

const device = (address: string, family: 'smb-287' | 'i-series') =>
  new SimulatedDevice(address, 1161, new DeviceModel({ number: 1, family, seed: 1 }));

describe('startDemoSamba', () => {
  it('without smbd: says once that the smb-287 devices have no settings access, and gives no access', async () => {
    const lines: string[] = [];
    const samba = await startDemoSamba({
      devices: [device('127.1.0.6', 'smb-287'), device('127.1.0.13', 'smb-287'), device('127.1.0.1', 'i-series')],
      port: 0,
      log: (line) => lines.push(line),
      smbd: null,
    });
    expect(samba).toBeNull();
    expect(lines).toEqual([`${SMB_MISSING_LINE} (smbd (Debian package samba) not installed)`]);
  });

  it('needs no Samba, and says nothing, when the demo has no smb-287 device', async () => {
    const lines: string[] = [];
    expect(
      await startDemoSamba({
        devices: [device('127.1.0.1', 'i-series')],
        port: 0,
        log: (l) => lines.push(l),
        smbd: null,
      }),
    ).toBeNull();
    expect(lines).toEqual([]);
  });

  it('names each device share after its address', () => {
    expect(shareNameOf(device('127.1.0.6', 'smb-287'))).toBe('mfp-127-1-0-6');
  });
});
