import { createDeviceBody, snmpProblems, updateDeviceBody, type FwDeviceFormValues } from './device-form.dialog';

function values(overrides: Partial<FwDeviceFormValues> = {}): FwDeviceFormValues {
  return {
    name: ' printer-1 ',
    address: ' 127.0.0.5 ',
    port: 161,
    location: '',
    groupIds: [],
    edgeId: '',
    changeSnmp: true,
    snmpVersion: '2c',
    community: 'public',
    v3User: '',
    level: 'authPriv',
    authProtocol: 'sha',
    authKey: '',
    privProtocol: 'aes',
    privKey: '',
    context: '',
    adminPassword: '',
    clearAdminPassword: false,
    ...overrides,
  };
}

describe('device form bodies', () => {
  it('adds a device with trimmed fields and only the credentials given', () => {
    expect(createDeviceBody(values({ groupIds: ['g-1'], edgeId: 'e-1', location: ' 3F ' }))).toEqual({
      name: 'printer-1',
      address: '127.0.0.5',
      port: 161,
      location: '3F',
      groupIds: ['g-1'],
      edgeId: 'e-1',
      snmp: { version: '2c', community: 'public' },
    });
  });

  it('sends SNMPv3 fields by level only', () => {
    const v3 = values({ snmpVersion: '3', v3User: ' ops ', level: 'authNoPriv', authKey: 'secret-key', privKey: 'x' });
    expect(createDeviceBody(v3).snmp).toEqual({
      version: '3',
      user: 'ops',
      level: 'authNoPriv',
      authProtocol: 'sha',
      authKey: 'secret-key',
    });
    expect(createDeviceBody(values({ snmpVersion: '3', v3User: 'ops', level: 'noAuthNoPriv' })).snmp).toEqual({
      version: '3',
      user: 'ops',
      level: 'noAuthNoPriv',
    });
  });

  it('keeps stored secrets on edit unless replaced or cleared', () => {
    const keep = updateDeviceBody(values({ changeSnmp: false, community: '' }));
    expect(keep).toEqual({ name: 'printer-1', address: '127.0.0.5', port: 161, location: null, edgeId: null });
    expect('snmp' in keep).toBe(false);
    expect('adminPassword' in keep).toBe(false);
    expect(updateDeviceBody(values({ adminPassword: 'new-pass' })).adminPassword).toBe('new-pass');
    expect(updateDeviceBody(values({ adminPassword: 'ignored', clearAdminPassword: true })).adminPassword).toBeNull();
    expect(updateDeviceBody(values({ snmpVersion: '' })).snmp).toBeNull();
  });

  it('names the credentials the server would refuse', () => {
    expect(snmpProblems(values({ community: '' }))).toEqual(['community']);
    expect(snmpProblems(values({ changeSnmp: false, community: '' }))).toEqual([]);
    expect(snmpProblems(values({ snmpVersion: '3', v3User: '', authKey: 'short', privKey: 'long-enough' }))).toEqual([
      'v3User',
      'authKey',
    ]);
  });
});
