import type { DriverChoice, PrinterDriverFactory as Factory, SnapshotIdentity } from '@fleetward/contracts';
import type { SnmpClient } from '../protocols/snmp';

export type { DriverCapabilities, PrinterDriver, Reading } from '@fleetward/contracts';
export type { DriverChoice };

/** What a driver needs to talk to one device (built per device; no shared mutable state). */
export interface DriverContext {
  snmp: SnmpClient;
  identity: SnapshotIdentity;
}

/** A driver family the registry can choose, built with the edge's SNMP context. */
export type PrinterDriverFactory = Factory<DriverContext>;

/**
 * How the registry recognises a family (id, family, `canHandle`), kept in the family's light `mapping.ts` so the
 * poller can report the family driver without loading the family's settings transports.
 */
export type FamilyDriverMatch = Pick<PrinterDriverFactory, 'id' | 'family' | 'canHandle'>;
