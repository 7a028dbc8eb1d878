import type {
  DriverChoice,
  InputTray,
  PrinterAlert,
  SnapshotCounters,
  SnapshotIdentity,
  SnapshotStatus,
  Supply,
  UnreadableItem,
  ValueSource,
} from '@fleetward/contracts';
import type { SnmpClient } from '../protocols/snmp';

/** A value read from a device, with where each part came from and what could not be read. */
export interface Reading<T> {
  value: T;
  sources: Record<string, ValueSource>;
  unreadable: UnreadableItem[];
}

/** What a driver needs to talk to one device (built per device; no shared mutable state). */
export interface DriverContext {
  snmp: SnmpClient;
  identity: SnapshotIdentity;
}

/** Optional capabilities later issues fill; the server asks for them before it offers an action. */
export interface DriverCapabilities {
  settings?: { read(): Promise<Record<string, unknown>>; apply(settings: Record<string, unknown>): Promise<void> };
  firmware?: { update(image: Buffer, digestSha256: string): Promise<void> };
  certificates?: { renew(): Promise<void> };
  reboot?: () => Promise<void>;
}

export interface PrinterDriver {
  readonly id: string;
  readonly family: string;
  readStatus(): Promise<Reading<SnapshotStatus>>;
  readCounters(): Promise<Reading<SnapshotCounters>>;
  readSupplies(): Promise<Reading<Supply[]>>;
  readTrays(): Promise<Reading<InputTray[]>>;
  readAlerts(): Promise<Reading<PrinterAlert[]>>;
  readonly capabilities: DriverCapabilities;
}

/** A driver family the registry can choose. */
export interface PrinterDriverFactory {
  readonly id: string;
  readonly family: string;
  /** Why this driver fits the device, or null when it does not. */
  canHandle(identity: SnapshotIdentity): string | null;
  create(context: DriverContext): PrinterDriver;
}

export type { DriverChoice };
