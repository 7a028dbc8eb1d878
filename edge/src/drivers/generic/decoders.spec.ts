import { describe, expect, it } from 'vitest';
import { SnmpType, type SnmpVarbind } from '../../protocols/snmp';
import { rowIndex, rowsByIndex } from './collector';
import { decodeErrorState, encodeErrorState } from './error-state';
import { modelFromDeviceId, modelFromSysDescr, serialFromSysDescr, stripVendorPrefix } from './identity-text';
import { interpretLevel } from './levels';
import { colorFromDescription } from './mapping';
import { decodeOctetString } from './octet-string';
import { splitSupplyDescription } from './supply-description';
import { enterpriseOf, vendorByEnterprise, vendorFromText } from './vendors/vendor-profiles';

describe('decodeOctetString', () => {
  it('decodes plain ASCII', () => {
    expect(decodeOctetString(Buffer.from('Toner (Black)'))).toBe('Toner (Black)');
  });
  it('strips trailing NULs of hex-encoded values', () => {
    expect(decodeOctetString(Buffer.from('426c61636b20546f6e6572000000', 'hex'))).toBe('Black Toner');
  });
  it('decodes UTF-8 Japanese and Chinese', () => {
    expect(decodeOctetString(Buffer.from('トナー（ブラック）', 'utf8'))).toBe('トナー（ブラック）');
    expect(decodeOctetString(Buffer.from('黑色碳粉盒', 'utf8'))).toBe('黑色碳粉盒');
  });
  it('falls back to Latin-1 for bytes that are not UTF-8', () => {
    expect(decodeOctetString(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).toBe('Café');
  });
  it('returns null for empty and all-NUL values', () => {
    expect(decodeOctetString(Buffer.alloc(0))).toBeNull();
    expect(decodeOctetString(Buffer.from('0000', 'hex'))).toBeNull();
  });
  it('cuts at an embedded NUL and replaces control characters', () => {
    expect(decodeOctetString(Buffer.from('ABC\u0000garbage'))).toBe('ABC');
    expect(decodeOctetString(Buffer.from('\u0001\u0015U649\nX'))).toBe('U649 X');
  });
});

describe('splitSupplyDescription', () => {
  it('keeps Xerox part and serial numbers apart', () => {
    expect(splitSupplyDescription('Black Toner, PN 006R01509;SN48178080E0000481')).toEqual({
      description: 'Black Toner',
      partNumber: '006R01509',
      serialNumber: '48178080E0000481',
    });
  });
  it('turns "unknown" placeholders into null', () => {
    expect(splitSupplyDescription('Fuser, PN unknown;SNunknown')).toEqual({
      description: 'Fuser',
      partNumber: null,
      serialNumber: null,
    });
    expect(splitSupplyDescription('Waste Toner Container, PN 008R13061;SNunknown')).toEqual({
      description: 'Waste Toner Container',
      partNumber: '008R13061',
      serialNumber: null,
    });
  });
  it('handles Samsung "S/N:" with and without a value', () => {
    expect(splitSupplyDescription('Black Toner Cartridge S/N:CRUM-1234')).toEqual({
      description: 'Black Toner Cartridge',
      partNumber: null,
      serialNumber: 'CRUM-1234',
    });
    expect(splitSupplyDescription('Fuser S/N:')).toEqual({
      description: 'Fuser',
      partNumber: null,
      serialNumber: null,
    });
  });
  it('leaves plain descriptions and words that merely start with SN alone', () => {
    expect(splitSupplyDescription('Toner (Cyan)')).toEqual({
      description: 'Toner (Cyan)',
      partNumber: null,
      serialNumber: null,
    });
    expect(splitSupplyDescription('Black Toner SNAP')).toEqual({
      description: 'Black Toner SNAP',
      partNumber: null,
      serialNumber: null,
    });
    expect(splitSupplyDescription(null)).toEqual({ description: null, partNumber: null, serialNumber: null });
  });
});

describe('decodeErrorState', () => {
  it('reads bit 0 as the most significant bit of the first octet', () => {
    expect(decodeErrorState(Buffer.from([0x80]))).toEqual(['lowPaper']);
    expect(decodeErrorState(Buffer.from([0x04]))).toEqual(['jammed']);
  });
  it('decodes one octet', () => {
    expect(decodeErrorState(Buffer.from('01', 'hex'))).toEqual(['serviceRequested']);
    expect(decodeErrorState(Buffer.from('20', 'hex'))).toEqual(['lowToner']);
  });
  it('decodes two octets', () => {
    expect(decodeErrorState(Buffer.from('0100', 'hex'))).toEqual(['serviceRequested']);
    expect(decodeErrorState(Buffer.from('0480', 'hex'))).toEqual(['jammed', 'inputTrayMissing']);
    expect(decodeErrorState(Buffer.from('0002', 'hex'))).toEqual(['overduePreventMaint']);
  });
  it('gives no errors for zero or empty octets', () => {
    expect(decodeErrorState(Buffer.from('0000', 'hex'))).toEqual([]);
    expect(decodeErrorState(Buffer.alloc(0))).toEqual([]);
  });
  it('round-trips with encodeErrorState', () => {
    expect(encodeErrorState(['doorOpen', 'inputTrayEmpty']).toString('hex')).toBe('0804');
    expect(decodeErrorState(encodeErrorState(['noToner']))).toEqual(['noToner']);
  });
});

describe('interpretLevel (RFC 3805 special values)', () => {
  it('computes the percentage of a consumable', () => {
    expect(interpretLevel(76, 100)).toEqual({ remainingPercent: 76, state: 'ok' });
    expect(interpretLevel(1060, 5300)).toEqual({ remainingPercent: 20, state: 'ok' });
    expect(interpretLevel(28407, 30000)).toEqual({ remainingPercent: 95, state: 'ok' });
  });
  it('flags low at 10 % or less and empty at 0', () => {
    expect(interpretLevel(1, 100)).toEqual({ remainingPercent: 1, state: 'low' });
    expect(interpretLevel(10, 100)).toEqual({ remainingPercent: 10, state: 'low' });
    expect(interpretLevel(0, 100)).toEqual({ remainingPercent: 0, state: 'empty' });
  });
  it('gives no number for -1, -2, -3', () => {
    expect(interpretLevel(-1, 100)).toEqual({ remainingPercent: null, state: 'unknown' });
    expect(interpretLevel(-2, 100)).toEqual({ remainingPercent: null, state: 'unknown' });
    expect(interpretLevel(-3, 100)).toEqual({ remainingPercent: null, state: 'ok' });
  });
  it('gives no number when the max capacity is -2, -1 or 0', () => {
    expect(interpretLevel(-3, -2)).toEqual({ remainingPercent: null, state: 'ok' });
    expect(interpretLevel(11501, -2)).toEqual({ remainingPercent: null, state: 'ok' });
    expect(interpretLevel(50, 0)).toEqual({ remainingPercent: null, state: 'ok' });
    expect(interpretLevel(50, -1)).toEqual({ remainingPercent: null, state: 'ok' });
    expect(interpretLevel(0, -2)).toEqual({ remainingPercent: null, state: 'empty' });
  });
  it('treats a receptacle level as free space: 100/100 is an empty (fine) waste box', () => {
    expect(interpretLevel(100, 100, 'receptacle')).toEqual({ remainingPercent: 100, state: 'ok' });
    expect(interpretLevel(100, -2, 'receptacle')).toEqual({ remainingPercent: null, state: 'ok' });
    expect(interpretLevel(5, 100, 'receptacle')).toEqual({ remainingPercent: 5, state: 'low' });
    expect(interpretLevel(0, 100, 'receptacle')).toEqual({ remainingPercent: 0, state: 'empty' });
  });
  it('is unknown when the level is missing, and clamps a level above max', () => {
    expect(interpretLevel(null, 100)).toEqual({ remainingPercent: null, state: 'unknown' });
    expect(interpretLevel(120, 100)).toEqual({ remainingPercent: 100, state: 'ok' });
  });
});

describe('identity text heuristics', () => {
  it('finds SN: and S/N in sysDescr', () => {
    expect(serialFromSysDescr('HP ETHERNET MULTI-ENVIRONMENT,SN:AAA0A00000,FN:1G11F33,SVCID:26267')).toBe('AAA0A00000');
    expect(serialFromSysDescr('Samsung CLX-3170 Series;V1.00.01.64;S/N AAAAAAA000AAAA000')).toBe('AAAAAAA000AAAA000');
    expect(serialFromSysDescr('Samsung M4080FX; V11.01.03.04;NIC ;S/N ')).toBeNull();
    expect(serialFromSysDescr('KONICA MINOLTA bizhub C250i')).toBeNull();
  });
  it('reads MDL from an IEEE 1284 device id', () => {
    expect(modelFromDeviceId('MFG:Xerox; CMD:PCL, PJL; MDL:AltaLink C8045; CLS:Printer;')).toBe('AltaLink C8045');
    expect(modelFromDeviceId('MANUFACTURE:OKI UK LTD;MODEL:MC873;CLASS:PRINTER;')).toBe('MC873');
  });
  it('guesses a model from sysDescr', () => {
    expect(modelFromSysDescr('RICOH Aficio MP 201 1.04 / RICOH Network Printer C model')).toBe('RICOH Aficio MP 201');
    expect(modelFromSysDescr('Xerox Phaser 4600; System 35.004.32.000')).toBe('Xerox Phaser 4600');
    expect(modelFromSysDescr('Canon iR-ADV C5235 /P')).toBe('Canon iR-ADV C5235');
    expect(
      modelFromSysDescr('OKI OkiLAN 8500e Rev.01.23 10/100BASE Ethernet PrintServer: Attached to MC342 Rev.02.70'),
    ).toBe('MC342');
    expect(modelFromSysDescr('Samsung ML-2850 Series OS 1.01.15.47 02-10-2010;Engine 1.01.25')).toBe(
      'Samsung ML-2850 Series',
    );
    expect(modelFromSysDescr('TTP244CE Version: 7.02 EZD')).toBe('TTP244CE');
    expect(modelFromSysDescr('HP ETHERNET MULTI-ENVIRONMENT,ROM J.sp.00')).toBeNull();
    expect(modelFromSysDescr('HP ETHERNET MULTI-ENVIRONMENT,SN:TEST000000,PID:HP Color LaserJet Test')).toBe(
      'HP Color LaserJet Test',
    );
    expect(modelFromSysDescr('EPSON Built-in')).toBeNull();
  });
  it('strips the vendor prefix from a model', () => {
    expect(stripVendorPrefix('KONICA MINOLTA bizhub C250i', ['KONICA MINOLTA'])).toBe('bizhub C250i');
    expect(stripVendorPrefix('Brother MFC-L2710DW series', ['Brother'])).toBe('MFC-L2710DW series');
    expect(stripVendorPrefix('Gestetner MPC2500', ['RICOH'])).toBe('Gestetner MPC2500');
  });
});

describe('vendors', () => {
  it('maps the enterprise number of sysObjectID to a canonical name', () => {
    expect(enterpriseOf('1.3.6.1.4.1.18334.1.1.1.2.1.181.2.4')).toBe(18334);
    expect(enterpriseOf('.1.3.6.1.4.1.11.2.3.9.1')).toBe(11);
    expect(enterpriseOf('1.3.6.1.2.1.1')).toBeNull();
    expect(vendorByEnterprise(18334)?.name).toBe('Konica Minolta');
    expect(vendorByEnterprise(2435)?.name).toBe('Brother');
    expect(vendorByEnterprise(1347)?.name).toBe('Kyocera');
    expect(vendorByEnterprise(99999)).toBeNull();
  });
  it('recognises a vendor at the start of sysDescr only', () => {
    expect(vendorFromText('SHARP MX-2614N')?.name).toBe('Sharp');
    expect(vendorFromText('Samsung C')?.name).toBe('Samsung');
    expect(vendorFromText('Hewlett-Packard')?.name).toBe('HP');
    expect(vendorFromText('HPX printer')).toBeNull();
  });
  it('finds a single colour in a description', () => {
    expect(colorFromDescription('Toner (Cyan)')).toBe('cyan');
    expect(colorFromDescription('Black Photoconductive Drum')).toBe('black');
    expect(colorFromDescription('トナー（ブラック）')).toBe('black');
    expect(colorFromDescription('Fusing Unit')).toBeNull();
    expect(colorFromDescription('Cyan/Magenta kit')).toBeNull();
  });
});

describe('rowsByIndex', () => {
  it('orders rows by index arc by arc (numerically), also rows that only a later column has', () => {
    const vb = (oid: string): SnmpVarbind => ({ oid, type: SnmpType.Integer, value: 1 });
    const rows = rowsByIndex(
      new Map([
        ['1.3.6.1.2.1.43.11.1.1.9', [vb('1.3.6.1.2.1.43.11.1.1.9.1.2'), vb('1.3.6.1.2.1.43.11.1.1.9.1.10')]],
        ['1.3.6.1.2.1.43.11.1.1.6', [vb('1.3.6.1.2.1.43.11.1.1.6.1.1'), vb('1.3.6.1.2.1.43.11.1.1.6.1.10.1')]],
      ]),
      { level: '1.3.6.1.2.1.43.11.1.1.9', descr: '1.3.6.1.2.1.43.11.1.1.6' },
    );
    expect([...rows.keys()]).toEqual(['1.1', '1.2', '1.10', '1.10.1']);
    expect(Object.keys(rows.get('1.10')!)).toEqual(['level']);
  });
});

describe('rowIndex', () => {
  it('gives the suffix below the column, the same for the same OID every time, and the right one for another base', () => {
    const oid = ['1.3.6.1.2.1.43.11.1.1.9', '1.4'].join('.');
    expect(rowIndex('1.3.6.1.2.1.43.11.1.1.9', oid)).toBe('1.4');
    expect(rowIndex('1.3.6.1.2.1.43.11.1.1.9', `${oid}`)).toBe('1.4');
    // The same OID read below a shorter base (another table layout) is not given the remembered suffix.
    expect(rowIndex('1.3.6.1.2.1.43.11.1.1', oid)).toBe('9.1.4');
    expect(rowIndex('1.3.6.1.2.1.43.11.1.1.9', oid)).toBe('1.4');
  });
});
