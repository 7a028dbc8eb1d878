import type { SnapshotIdentity } from '@fleetward/contracts';
import { describe, expect, it } from 'vitest';
import { DriverRegistry, UnsupportedDeviceError } from './driver-registry';
import type { PrinterDriverFactory } from './driver.interface';
import { genericDriverFactory } from './generic/generic.driver';

const identity = (over: Partial<SnapshotIdentity> = {}): SnapshotIdentity => ({
  vendor: 'Konica Minolta',
  enterprise: 18334,
  model: 'bizhub C250i',
  serialNumber: null,
  firmware: null,
  sysObjectId: '1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4',
  sysDescr: null,
  sysName: null,
  sysLocation: null,
  sysContact: null,
  uptimeSeconds: null,
  ...over,
});

const konicaOnly: PrinterDriverFactory = {
  id: 'konica-i-series',
  family: 'i-series',
  canHandle: (i) => (i.enterprise === 18334 && i.model?.startsWith('bizhub') ? 'bizhub on enterprise 18334' : null),
  create: () => {
    throw new Error('not used');
  },
};

describe('DriverRegistry', () => {
  it('picks the first driver that can handle the device and says why', () => {
    const sut = new DriverRegistry([konicaOnly, genericDriverFactory]);
    expect(sut.choose(identity()).choice).toEqual({ id: 'konica-i-series', reason: 'bizhub on enterprise 18334' });
    expect(sut.choose(identity({ vendor: 'HP', enterprise: 11, model: 'LaserJet' })).choice.id).toBe(
      'generic-printer-mib',
    );
  });

  it('explains the generic choice for an unknown vendor', () => {
    const sut = new DriverRegistry([genericDriverFactory]);
    expect(sut.choose(identity({ vendor: null, enterprise: null })).choice.reason).toMatch(/vendor not recognised/);
  });

  it('throws UnsupportedDeviceError when no driver matches', () => {
    const sut = new DriverRegistry([konicaOnly]);
    expect(() => sut.choose(identity({ enterprise: 11 }))).toThrow(UnsupportedDeviceError);
  });
});
