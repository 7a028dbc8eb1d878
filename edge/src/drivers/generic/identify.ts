import type { SnapshotIdentity } from '@fleetward/contracts';
import type { SnmpClient, SnmpVarbind } from '../../protocols/snmp';
import type { Reading } from '../driver.interface';
import { Collector, rowsByIndex } from './collector';
import {
  modelFromDeviceId,
  modelFromSysDescr,
  parseDeviceId,
  serialFromSysDescr,
  stripVendorPrefix,
} from './identity-text';
import { OID } from './oids';
import { asInteger, asOid, asText } from './values';
import { DEVICE_ID_OIDS, enterpriseOf, vendorByEnterprise, vendorFromText } from './vendors/vendor-profiles';

/** Host-Resources rows read once per poll and shared by identity and status. */
export interface HostResources {
  /** hrDeviceIndex of the printer (hrDeviceType printer, else first hrPrinterTable row), or null. */
  printerIndex: number | null;
  rows: Map<string, Record<string, SnmpVarbind>>;
  /** Set when the walk failed. */
  error?: unknown;
}

export interface DeviceProbe {
  identity: Reading<SnapshotIdentity>;
  hostResources: HostResources;
}

export async function readHostResources(snmp: SnmpClient): Promise<HostResources> {
  try {
    const cols = await snmp.walkColumns(
      [OID.hrDeviceType, OID.hrDeviceDescr, OID.hrDeviceStatus, OID.hrPrinterStatus, OID.hrPrinterDetectedErrorState],
      { maxRows: 256 },
    );
    const rows = rowsByIndex(cols, {
      type: OID.hrDeviceType,
      descr: OID.hrDeviceDescr,
      status: OID.hrDeviceStatus,
      printerStatus: OID.hrPrinterStatus,
      errorState: OID.hrPrinterDetectedErrorState,
    });
    let printerIndex: number | null = null;
    for (const [index, row] of rows) {
      if (row.type && row.type.value === OID.hrDevicePrinter) {
        printerIndex = Number(index);
        break;
      }
    }
    if (printerIndex === null) {
      for (const [index, row] of rows) {
        if (row.printerStatus || row.errorState) {
          printerIndex = Number(index);
          break;
        }
      }
    }
    if (printerIndex === null && rows.has('1')) printerIndex = 1;
    return { printerIndex, rows };
  } catch (error) {
    return { printerIndex: null, rows: new Map(), error };
  }
}

/**
 * Reads identity: MIB-II system group, then the vendor MIB chosen by the enterprise number of sysObjectID.
 * A failure of the first GET (timeout, authentication…) is thrown: the device did not answer.
 */
export async function probeDevice(snmp: SnmpClient): Promise<DeviceProbe> {
  const c = new Collector();
  const sys = await snmp.get([
    OID.sysDescr,
    OID.sysObjectID,
    OID.sysUpTime,
    OID.sysContact,
    OID.sysName,
    OID.sysLocation,
    `${OID.prtGeneralSerialNumber}.1`,
  ]);
  const [descr, objectId, upTime, contact, name, location, prtSerial] = sys;
  const sysDescr = c.take('identity.sysDescr', descr, asText);
  const sysObjectId = c.take('identity.sysObjectId', objectId, asOid);
  const ticks = c.take('identity.uptimeSeconds', upTime, asInteger);
  const sysContact = c.take('identity.sysContact', contact, asText);
  const sysName = c.take('identity.sysName', name, asText);
  const sysLocation = c.take('identity.sysLocation', location, asText);

  const enterprise = enterpriseOf(sysObjectId);
  let vendor = vendorByEnterprise(enterprise);
  if (enterprise !== null) c.source('identity.enterprise', OID.sysObjectID, sysObjectId);
  if (!vendor && enterprise === null) {
    vendor = vendorFromText(sysDescr);
    if (vendor) c.source('identity.vendor', OID.sysDescr, sysDescr);
  } else if (vendor) {
    c.source('identity.vendor', OID.sysObjectID, sysObjectId);
  }

  const vendorOids = [
    ...(vendor?.serialOids ?? []),
    ...(vendor?.modelOids ?? []),
    ...(vendor?.firmwareOids ?? []),
    ...DEVICE_ID_OIDS,
  ];
  const [hostResources, vendorResults] = await Promise.all([
    readHostResources(snmp),
    snmp.get(vendorOids).catch((error: unknown) => {
      c.failed('identity.vendorMib', error);
      return [];
    }),
  ]);
  const byOid = new Map(vendorResults.map((r) => [r.oid, r]));
  const firstText = (item: string, oids: string[]): string | null => {
    for (const oid of oids) {
      const text = c.take(item, byOid.get(oid), asText, { report: false });
      if (text) return text;
    }
    return null;
  };

  // Serial: prtGeneralSerialNumber, then the vendor MIB, then "SN:" in sysDescr.
  let serialNumber = c.take('identity.serialNumber', prtSerial, asText, { report: false });
  if (!serialNumber && vendor) serialNumber = firstText('identity.serialNumber', vendor.serialOids);
  if (!serialNumber) {
    serialNumber = serialFromSysDescr(sysDescr);
    if (serialNumber) c.source('identity.serialNumber', OID.sysDescr, sysDescr);
  }
  if (!serialNumber)
    c.missing(
      'identity.serialNumber',
      'noSuchObject',
      'no serial number in prtGeneralSerialNumber, vendor MIB or sysDescr',
    );

  // Model: vendor MIB, then hrDeviceDescr of the printer, then the 1284 device id, then sysDescr.
  let model = vendor ? firstText('identity.model', vendor.modelOids) : null;
  if (!model && hostResources.printerIndex !== null) {
    const row = hostResources.rows.get(String(hostResources.printerIndex));
    if (row?.descr) model = c.decode('identity.model', row.descr, asText);
  }
  if (!model) {
    for (const oid of DEVICE_ID_OIDS) {
      const r = byOid.get(oid);
      if (r?.ok) {
        const text = asText(r.varbind);
        const mdl = text.ok ? modelFromDeviceId(text.value) : null;
        if (mdl) {
          model = mdl;
          c.source('identity.model', oid, text.ok ? text.raw : null);
          break;
        }
      }
    }
  }
  if (!model) {
    model = modelFromSysDescr(sysDescr);
    if (model) c.source('identity.model', OID.sysDescr, sysDescr);
  }
  model = stripVendorPrefix(model, vendor ? [...vendor.modelPrefixes, vendor.name] : []);

  if (!vendor && enterprise === null) {
    // No sysObjectID and no vendor name in sysDescr: the 1284 device id's manufacturer.
    for (const oid of DEVICE_ID_OIDS) {
      const r = byOid.get(oid);
      const text = r?.ok ? asText(r.varbind) : null;
      const id = text?.ok ? parseDeviceId(text.value) : {};
      const found = vendorFromText(id.MFG ?? id.MANUFACTURER ?? null);
      if (found) {
        vendor = found;
        c.source('identity.vendor', oid, text?.ok ? text.raw : null);
        model = stripVendorPrefix(model, [...vendor.modelPrefixes, vendor.name]);
        break;
      }
    }
  }

  const firmware = vendor ? firstText('identity.firmware', vendor.firmwareOids) : null;

  const identity: SnapshotIdentity = {
    vendor: vendor?.name ?? null,
    enterprise,
    model,
    serialNumber,
    firmware,
    sysObjectId,
    sysDescr,
    sysName,
    sysLocation,
    sysContact,
    uptimeSeconds: ticks === null ? null : Math.floor(ticks / 100),
  };
  return { identity: c.reading(identity), hostResources };
}
