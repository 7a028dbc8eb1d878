import type {
  InputTray,
  PrinterAlert,
  SettingKey,
  SettingsTarget,
  SnapshotCounters,
  SnapshotStatus,
  Supply,
} from '@fleetward/contracts';
import type { DriverCapabilities, PrinterDriver, Reading } from '../driver.interface';
import { GenericPrinterDriver } from '../generic/generic.driver';
import type { SettingsDriverContext } from '../settings/settings-context';
import { settingsFileCapabilities, SettingsFileSession, type SettingsFileExchange } from './settings-file-session';
import { SettingsAccessMissingError } from './settings-file.errors';

/** The settings driver context (settings/settings-context.ts): `settings.target` is given on settings calls. */
export type SettingsFileDriverContext = SettingsDriverContext;

export interface SettingsFileFamily {
  id: string;
  family: string;
  transport: SettingsFileExchange['transport'];
  writable: readonly SettingKey[];
  readable: readonly SettingKey[];
  /** The exchange for one device; throws SettingsAccessMissingError when the target lacks what it needs. */
  exchange(target: SettingsTarget): SettingsFileExchange;
  /** Whether this edge can deliver at all right now (e.g. WebDAV drop off): false → no capability is offered. */
  available?: () => boolean;
  kdf?: { N?: number };
}

/**
 * A family whose settings travel as files (c3100i over WebDAV, smb-287 over SMB): status, counters, supplies, trays
 * and alerts come from the standard MIBs through the generic driver; `capabilities.settings` goes through the
 * family's settings-file exchange.
 */
export class SettingsFileDriver implements PrinterDriver {
  readonly id: string;
  readonly family: string;
  readonly capabilities: DriverCapabilities;
  private readonly generic: GenericPrinterDriver;

  constructor(context: SettingsFileDriverContext, spec: SettingsFileFamily) {
    this.id = spec.id;
    this.family = spec.family;
    this.generic = new GenericPrinterDriver(context);
    const target = context.settings?.target;
    const session = (): SettingsFileSession => {
      if (!target) throw new SettingsAccessMissingError(`${spec.family} settings need the device's settings target`);
      return new SettingsFileSession({
        exchange: spec.exchange(target),
        device: { address: target.host, serial: context.identity.serialNumber },
        adminPassword: target.access.adminPassword,
        writable: spec.writable,
        readable: spec.readable,
        ...(spec.kdf ? { kdf: spec.kdf } : {}),
      });
    };
    this.capabilities = {
      settings: {
        supported: () =>
          spec.available?.() === false ? [] : settingsFileCapabilities(spec.transport, spec.writable, spec.readable),
        // A missing target or transport rejects like any other whole-operation failure (never throws synchronously).
        read: (keys) => Promise.resolve().then(() => session().read(keys)),
        apply: (settings) => Promise.resolve().then(() => session().apply(settings)),
      },
    };
  }

  readStatus(): Promise<Reading<SnapshotStatus>> {
    return this.generic.readStatus();
  }
  readCounters(): Promise<Reading<SnapshotCounters>> {
    return this.generic.readCounters();
  }
  readSupplies(): Promise<Reading<Supply[]>> {
    return this.generic.readSupplies();
  }
  readTrays(): Promise<Reading<InputTray[]>> {
    return this.generic.readTrays();
  }
  readAlerts(): Promise<Reading<PrinterAlert[]>> {
    return this.generic.readAlerts();
  }
}
