import { describe, expect, it } from 'vitest';
import { decodeErrorState, encodeErrorState } from './error-state';

describe('encodeErrorState', () => {
  it('puts bit 0 (lowPaper) in the most significant bit of the first octet', () => {
    expect(encodeErrorState(['lowPaper'], 1)).toEqual(Buffer.from([0x80]));
  });

  it('encodes jammed (bit 5) and doorOpen (bit 4) in one octet', () => {
    expect(encodeErrorState(['jammed', 'doorOpen'], 1)).toEqual(Buffer.from([0x0c]));
  });

  it('encodes bits 8..15 in the second octet', () => {
    expect(encodeErrorState(['inputTrayMissing', 'inputTrayEmpty'], 2)).toEqual(Buffer.from([0x00, 0x84]));
    expect(encodeErrorState(['serviceRequested', 'overduePreventMaint'], 2)).toEqual(Buffer.from([0x01, 0x02]));
  });

  it('serves two octets always when the profile says so, even with nothing set', () => {
    expect(encodeErrorState([], 2)).toEqual(Buffer.from([0x00, 0x00]));
    expect(encodeErrorState(['noToner'], 2)).toEqual(Buffer.from([0x10, 0x00]));
  });

  it('chooses the shortest encoding in auto mode', () => {
    expect(encodeErrorState(['noPaper'], 'auto')).toEqual(Buffer.from([0x40]));
    expect(encodeErrorState(['noPaper', 'inputTrayEmpty'], 'auto')).toEqual(Buffer.from([0x40, 0x04]));
    expect(encodeErrorState([], 'auto')).toEqual(Buffer.from([0x00]));
  });

  it('drops bits a one-octet device cannot express', () => {
    expect(encodeErrorState(['jammed', 'inputTrayEmpty'], 1)).toEqual(Buffer.from([0x04]));
  });

  it('decodes back to the RFC names in bit order', () => {
    const names = ['lowToner', 'jammed', 'outputFull'] as const;
    expect(decodeErrorState(encodeErrorState(names, 'auto'))).toEqual(['lowToner', 'jammed', 'outputFull']);
    expect(decodeErrorState(Buffer.alloc(0))).toEqual([]);
  });
});
