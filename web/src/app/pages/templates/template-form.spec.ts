import { fieldFor, keysFor, readField, readFields } from './template-form';

describe('template form', () => {
  it('picks the control from the catalogue type', () => {
    expect(fieldFor('time.timeZone').control).toBe('text');
    expect(fieldFor('security.adminPassword').control).toBe('secret');
    expect(fieldFor('snmp.v1v2cEnabled').control).toBe('boolean');
    expect(fieldFor('snmp.v3Users').control).toBe('json');
  });

  it('validates with the catalogue: a bad time zone is refused, a good one read', () => {
    const zone = fieldFor('time.timeZone', 'Asia/Tokyo');
    expect(readField(zone)).toBe('Asia/Tokyo');
    zone.raw = 'Nowhere/Land';
    expect(readField(zone)).toBeUndefined();
    expect(zone.problems[0]).toContain('IANA');
  });

  it('keeps a stored secret when left empty and sends a new one when typed', () => {
    const secret = fieldFor('security.adminPassword', { set: true });
    expect(secret.keepSecret).toBe(true);
    expect(readField(secret)).toEqual({ set: true });
    secret.raw = 'short';
    expect(readField(secret)).toBeUndefined();
    secret.raw = 'A-long-enough-password';
    expect(readField(secret)).toBe('A-long-enough-password');
  });

  it('reads all fields or none', () => {
    const fields = [fieldFor('identity.location', 'Hall'), fieldFor('snmp.v3Users')];
    fields[1].raw = '[not json';
    expect(readFields(fields)).toBeNull();
    fields[1].raw = '[]';
    expect(readFields(fields)).toEqual({ 'identity.location': 'Hall', 'snmp.v3Users': [] });
  });

  it('offers service settings only to service templates', () => {
    expect(keysFor('admin')).not.toContain('service.cePassword');
    expect(keysFor('service')).toContain('service.cePassword');
  });
});
