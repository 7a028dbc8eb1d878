import type { SettingKey, SettingValues } from '../settings/catalogue';
import type {
  InputTray,
  PrinterAlert,
  SnapshotCounters,
  SnapshotIdentity,
  SnapshotStatus,
  Supply,
  TableSource,
  UnreadableItem,
  ValueSource,
} from '../snapshot';
import type { SettingApplyOutcome, SettingCapability, SettingReadOutcome } from './settings-api';

/**
 * The driver interface every MFP family implements on the edge (STYLE "Edge drivers"). It lives in libs so
 * the server and the console share its vocabulary (capabilities); the protocol context a driver is built with
 * stays private to the edge.
 */

/** A value read from a device, with where each part came from and what could not be read. */
export interface Reading<T> {
  value: T;
  sources: Record<string, ValueSource>;
  /** Table cells per column (see DeviceSnapshot.tableSources); absent when the reading has none. */
  tableSources?: Record<string, TableSource>;
  unreadable: UnreadableItem[];
}

/** Optional capabilities later issues fill; the server asks for them before it offers an action. */
export interface DriverCapabilities {
  settings?: SettingsCapability;
  firmware?: { update(image: Uint8Array, digestSha256: string): Promise<void> };
  certificates?: { renew(): Promise<void> };
  reboot?: () => Promise<void>;
}

/**
 * Reading and writing device settings (issue 5). `supported` lists what this driver can do on this device; `read`
 * and `apply` answer per key (partial success is data). `apply` reports the device's own reason when it refuses a
 * value, and throws only for failures of the whole operation (unreachable, authentication refused), as an EdgeError
 * with a stable code.
 */
export interface SettingsCapability {
  supported(): SettingCapability[];
  read(keys: readonly SettingKey[]): Promise<SettingReadOutcome[]>;
  apply(settings: SettingValues): Promise<SettingApplyOutcome[]>;
}

/** One device, read through one family's transports. Built per device from a typed context; no shared state. */
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

/**
 * A driver family the registry can choose: `canHandle` says why it fits an identified device (or null), `create`
 * builds the driver for one device. `TContext` is the edge's protocol context (sessions, identity).
 */
export interface PrinterDriverFactory<TContext> {
  readonly id: string;
  readonly family: string;
  canHandle(identity: SnapshotIdentity): string | null;
  create(context: TContext): PrinterDriver;
}
