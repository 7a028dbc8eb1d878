import { describe, expect, it } from 'vitest';
import { deviceModelLabel } from './device-model.pipe';

describe('deviceModelLabel', () => {
  it('joins vendor and model', () => {
    expect(deviceModelLabel('Konica Minolta', 'bizhub C450i')).toBe('Konica Minolta bizhub C450i');
  });

  it('leaves the vendor out when the model already starts with it, whatever the case', () => {
    expect(deviceModelLabel('Generic', 'Generic Color Laser CL-2400')).toBe('Generic Color Laser CL-2400');
    expect(deviceModelLabel('KONICA MINOLTA', 'Konica Minolta bizhub C300i')).toBe('Konica Minolta bizhub C300i');
  });

  it('does not cut a model that merely begins with the same letters', () => {
    expect(deviceModelLabel('HP', 'HPE Printer 1')).toBe('HP HPE Printer 1');
  });

  it('shows what is there when one part is missing', () => {
    expect(deviceModelLabel(null, 'LaserJet 400')).toBe('LaserJet 400');
    expect(deviceModelLabel('Ricoh', null)).toBe('Ricoh');
    expect(deviceModelLabel(undefined, undefined)).toBe('');
  });
});
