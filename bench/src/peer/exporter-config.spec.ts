import { describe, expect, it } from 'vitest';
import { checkScrape, EXPORTER_GETS, EXPORTER_MODULES, EXPORTER_WALKS, renderExporterConfig } from './exporter-config';

describe('renderExporterConfig', () => {
  const config = JSON.parse(renderExporterConfig({ timeoutMs: 1500, retries: 2 })) as Record<
    string,
    Record<string, unknown>
  >;

  it('has one module per auth in the 0.21 layout (modules at the top level)', () => {
    expect(Object.keys(config).sort()).toEqual([EXPORTER_MODULES.v2c, EXPORTER_MODULES.v3].sort());
    expect(config[EXPORTER_MODULES.v2c]).toMatchObject({
      version: 2,
      auth: { community: 'public' },
      timeout: '1500ms',
      retries: 2,
    });
    expect(config[EXPORTER_MODULES.v3]).toMatchObject({
      version: 3,
      auth: { security_level: 'authPriv', auth_protocol: 'SHA', priv_protocol: 'AES' },
    });
  });

  it('reads the poll data set: system group and serial by GET, the printer tables by walks', () => {
    expect(EXPORTER_GETS).toContain('1.3.6.1.2.1.1.1.0');
    expect(EXPORTER_GETS).toContain('1.3.6.1.2.1.43.5.1.1.17.1');
    expect(EXPORTER_WALKS).toEqual(
      expect.arrayContaining(['1.3.6.1.2.1.43.11.1.1', '1.3.6.1.2.1.43.18.1.1', '1.3.6.1.2.1.25.3.5.1']),
    );
    const metrics = config[EXPORTER_MODULES.v2c]!.metrics as { name: string; oid: string }[];
    // Every metric lies under something read, so none is silently dropped.
    const read = [...EXPORTER_WALKS, ...EXPORTER_GETS.map((g) => g.replace(/\.\d+$/, ''))];
    for (const m of metrics) expect(read.some((r) => m.oid.startsWith(r) || r.startsWith(m.oid))).toBe(true);
  });
});

describe('checkScrape', () => {
  const body = [
    'prtGeneralSerialNumber{hrDeviceIndex="1",prtGeneralSerialNumber="SN1"} 1',
    'prtMarkerSuppliesLevel{hrDeviceIndex="1",prtMarkerSuppliesIndex="1"} 64',
    'prtMarkerSuppliesLevel{hrDeviceIndex="1",prtMarkerSuppliesIndex="2"} -3',
  ].join('\n');

  it('accepts the right serial and levels in any order', () => {
    expect(checkScrape(body, { serialNumber: 'SN1', supplyLevels: [-3, 64] })).toBeNull();
  });

  it('names what differs', () => {
    expect(checkScrape(body, { serialNumber: 'SN2', supplyLevels: [64, -3] })).toMatch(/serial/);
    expect(checkScrape(body, { serialNumber: 'SN1', supplyLevels: [64, 10] })).toMatch(/levels -3,64 instead of 10,64/);
    expect(checkScrape(body, { serialNumber: 'SN1', supplyLevels: [1, 2, 3] })).toMatch(/2 supply levels instead of 3/);
  });
});
