import { BENCH_COMMUNITY, BENCH_V3_USER } from '../fleet/snmpd-config';

/**
 * A hand-written snmp_exporter module (`fleetward_printer`) reading the same OIDs as the `poll` command: the system
 * group and prtGeneralSerialNumber by GET, the Host-Resources device and printer rows, the input trays, the marker
 * life count, the supplies table, the colorants and the alert table by walks (GETBULK for v2c and v3).
 *
 * Written for the snmp_exporter 0.21 config format (Debian 12's package), where the SNMP version and credentials sit
 * inside the module, hence one module per auth: `fleetward_printer_v2c` and `fleetward_printer_v3` (authPriv SHA/AES).
 * The file is JSON, which is valid YAML.
 */

export const EXPORTER_MODULES = { v2c: 'fleetward_printer_v2c', v3: 'fleetward_printer_v3' } as const;

type MetricType = 'gauge' | 'counter' | 'DisplayString' | 'OctetString';

interface ExporterMetric {
  name: string;
  oid: string;
  type: MetricType;
  help: string;
  indexes: { labelname: string; type: 'gauge' }[];
}

const SYS = '1.3.6.1.2.1.1';
const HR_DEVICE = '1.3.6.1.2.1.25.3.2.1';
const HR_PRINTER = '1.3.6.1.2.1.25.3.5.1';
const PRT = '1.3.6.1.2.1.43';

export const EXPORTER_GETS = [1, 2, 3, 4, 5, 6].map((n) => `${SYS}.${n}.0`).concat(`${PRT}.5.1.1.17.1`);
export const EXPORTER_WALKS = [
  HR_DEVICE,
  HR_PRINTER,
  `${PRT}.8.2.1`,
  `${PRT}.10.2.1`,
  `${PRT}.11.1.1`,
  `${PRT}.12.1.1.4`,
  `${PRT}.18.1.1`,
];

function metrics(): ExporterMetric[] {
  const out: ExporterMetric[] = [];
  const idx = (...names: string[]): ExporterMetric['indexes'] =>
    names.map((labelname) => ({ labelname, type: 'gauge' }));
  const m = (name: string, oid: string, type: MetricType, indexes: ExporterMetric['indexes']): void => {
    out.push({ name, oid, type, help: `${name} (${oid})`, indexes });
  };
  m('sysDescr', `${SYS}.1`, 'DisplayString', []);
  m('sysObjectID', `${SYS}.2`, 'DisplayString', []);
  m('sysUpTime', `${SYS}.3`, 'gauge', []);
  m('sysContact', `${SYS}.4`, 'DisplayString', []);
  m('sysName', `${SYS}.5`, 'DisplayString', []);
  m('sysLocation', `${SYS}.6`, 'DisplayString', []);
  const hr = idx('hrDeviceIndex');
  m('hrDeviceIndex', `${HR_DEVICE}.1`, 'gauge', hr);
  m('hrDeviceType', `${HR_DEVICE}.2`, 'DisplayString', hr);
  m('hrDeviceDescr', `${HR_DEVICE}.3`, 'DisplayString', hr);
  m('hrDeviceStatus', `${HR_DEVICE}.5`, 'gauge', hr);
  m('hrPrinterStatus', `${HR_PRINTER}.1`, 'gauge', hr);
  m('hrPrinterDetectedErrorState', `${HR_PRINTER}.2`, 'OctetString', hr);
  m('prtGeneralSerialNumber', `${PRT}.5.1.1.17`, 'DisplayString', idx('hrDeviceIndex'));
  const input = idx('hrDeviceIndex', 'prtInputIndex');
  m('prtInputType', `${PRT}.8.2.1.2`, 'gauge', input);
  m('prtInputCapacityUnit', `${PRT}.8.2.1.8`, 'gauge', input);
  m('prtInputMaxCapacity', `${PRT}.8.2.1.9`, 'gauge', input);
  m('prtInputCurrentLevel', `${PRT}.8.2.1.10`, 'gauge', input);
  m('prtInputMediaName', `${PRT}.8.2.1.12`, 'DisplayString', input);
  m('prtInputName', `${PRT}.8.2.1.13`, 'DisplayString', input);
  const marker = idx('hrDeviceIndex', 'prtMarkerIndex');
  m('prtMarkerCounterUnit', `${PRT}.10.2.1.3`, 'gauge', marker);
  m('prtMarkerLifeCount', `${PRT}.10.2.1.4`, 'counter', marker);
  const supply = idx('hrDeviceIndex', 'prtMarkerSuppliesIndex');
  m('prtMarkerSuppliesIndex', `${PRT}.11.1.1.1`, 'gauge', supply);
  m('prtMarkerSuppliesMarkerIndex', `${PRT}.11.1.1.2`, 'gauge', supply);
  m('prtMarkerSuppliesColorantIndex', `${PRT}.11.1.1.3`, 'gauge', supply);
  m('prtMarkerSuppliesClass', `${PRT}.11.1.1.4`, 'gauge', supply);
  m('prtMarkerSuppliesType', `${PRT}.11.1.1.5`, 'gauge', supply);
  m('prtMarkerSuppliesDescription', `${PRT}.11.1.1.6`, 'DisplayString', supply);
  m('prtMarkerSuppliesSupplyUnit', `${PRT}.11.1.1.7`, 'gauge', supply);
  m('prtMarkerSuppliesMaxCapacity', `${PRT}.11.1.1.8`, 'gauge', supply);
  m('prtMarkerSuppliesLevel', `${PRT}.11.1.1.9`, 'gauge', supply);
  m('prtMarkerColorantValue', `${PRT}.12.1.1.4`, 'DisplayString', idx('hrDeviceIndex', 'prtMarkerColorantIndex'));
  const alert = idx('hrDeviceIndex', 'prtAlertIndex');
  m('prtAlertSeverityLevel', `${PRT}.18.1.1.2`, 'gauge', alert);
  m('prtAlertGroup', `${PRT}.18.1.1.4`, 'gauge', alert);
  m('prtAlertGroupIndex', `${PRT}.18.1.1.5`, 'gauge', alert);
  m('prtAlertLocation', `${PRT}.18.1.1.6`, 'gauge', alert);
  m('prtAlertCode', `${PRT}.18.1.1.7`, 'gauge', alert);
  m('prtAlertDescription', `${PRT}.18.1.1.8`, 'DisplayString', alert);
  m('prtAlertTime', `${PRT}.18.1.1.9`, 'gauge', alert);
  return out;
}

export function renderExporterConfig(options: { timeoutMs: number; retries: number; maxRepetitions?: number }): string {
  const common = {
    get: EXPORTER_GETS,
    walk: EXPORTER_WALKS,
    metrics: metrics(),
    max_repetitions: options.maxRepetitions ?? 25,
    retries: options.retries,
    timeout: `${options.timeoutMs}ms`,
  };
  // 0.21: the file is the map of modules itself (later versions nest it under `modules:` and split out `auths:`).
  const config = {
    [EXPORTER_MODULES.v2c]: { ...common, version: 2, auth: { community: BENCH_COMMUNITY } },
    [EXPORTER_MODULES.v3]: {
      ...common,
      version: 3,
      auth: {
        username: BENCH_V3_USER.user,
        security_level: 'authPriv',
        password: BENCH_V3_USER.authKey,
        auth_protocol: 'SHA',
        priv_protocol: 'AES',
        priv_password: BENCH_V3_USER.privKey,
      },
    },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Checks one scrape body against the device: the serial-number label and the five supply levels. Returns null when
 * right, else what is wrong.
 */
export function checkScrape(
  body: string,
  expected: { serialNumber: string; supplyLevels: readonly number[] },
): string | null {
  if (!body.includes(`prtGeneralSerialNumber="${expected.serialNumber}"`)) return 'serial number missing or different';
  const levels = [...body.matchAll(/^prtMarkerSuppliesLevel\{[^}]*\} (-?[\d.e+]+)$/gm)].map((m) => Number(m[1]));
  if (levels.length !== expected.supplyLevels.length) {
    return `${levels.length} supply levels instead of ${expected.supplyLevels.length}`;
  }
  const want = [...expected.supplyLevels].sort((a, b) => a - b).join(',');
  const got = levels.sort((a, b) => a - b).join(',');
  return want === got ? null : `supply levels ${got} instead of ${want}`;
}
