import { settingDefinition, type SettingKey, type SettingValue, type SettingValues } from '@fleetward/contracts';
import { settingHasSecret, validateSettingValue } from '@fleetward/domain';

/**
 * The settings a simulated device holds, with the device-side validation a real MFP does: it checks the
 * administrator password of every write, refuses values it does not support (with its own reason), and never
 * reveals a secret. Every protocol face (XML API, SNMP SET, WebDAV pull, SMB settings file) goes through `apply`,
 * so the faces differ only in how the values travel.
 */

export type SimulatedApplyStatus = 'applied' | 'rejected' | 'unsupported';

export interface SimulatedApplyOutcome {
  key: string;
  status: SimulatedApplyStatus;
  /** The device's reason for a rejected or unsupported value. */
  message?: string;
}

/** A write that the device refused as a whole (wrong administrator password). */
export class DeviceAuthRefusedError extends Error {
  readonly code = 'DEVICE_AUTH_FAILED';
  constructor() {
    super('administrator password is wrong');
  }
}

export interface DeviceSettingsOptions {
  /** Keys this device model has at all; anything else is `unsupported`. */
  supported: readonly SettingKey[];
  /** The administrator password the device ships with. */
  adminPassword: string;
  /** Starting values (secrets included: they are kept, never read back). */
  initial: SettingValues;
  /** Device-specific limits beyond the catalogue's type: return the device's reason to refuse, or null. */
  restrict?: (key: SettingKey, value: SettingValue) => string | null;
}

export class DeviceSettingsStore {
  private readonly values = new Map<SettingKey, SettingValue>();
  private readonly supported: ReadonlySet<SettingKey>;
  private adminPassword: string;
  private readonly restrict: NonNullable<DeviceSettingsOptions['restrict']>;
  /** How many writes were applied (a test can tell "applied once" from "applied twice"). */
  private writes = 0;
  private readonly listeners = new Set<(keys: SettingKey[]) => void>();

  constructor(options: DeviceSettingsOptions) {
    this.supported = new Set(options.supported);
    this.adminPassword = options.adminPassword;
    this.restrict = options.restrict ?? (() => null);
    for (const [key, value] of Object.entries(options.initial) as [SettingKey, SettingValue][]) {
      this.values.set(key, value);
    }
  }

  get supportedKeys(): SettingKey[] {
    return [...this.supported];
  }

  get applyCount(): number {
    return this.writes;
  }

  verifyAdminPassword(password: string): boolean {
    return password === this.adminPassword;
  }

  /**
   * The administrator password as key material, for a face that derives a decryption key from it (settings files
   * sealed with scrypt(password), see libs/contracts/src/settings/settings-file.ts). Never sent or reported.
   */
  secretForKeyDerivation(): string {
    return this.adminPassword;
  }

  /** The current value as the device would report it; secrets and unsupported keys are not readable. */
  read(key: SettingKey): { readable: true; value: SettingValue } | { readable: false; reason: string } {
    if (!this.supported.has(key)) return { readable: false, reason: 'not supported by this model' };
    if (settingHasSecret(settingDefinition(key).type)) return { readable: false, reason: 'write-only (secret)' };
    const value = key === 'security.adminPassword' ? undefined : this.values.get(key);
    if (value === undefined) return { readable: false, reason: 'not set' };
    return { readable: true, value: structuredClone(value) };
  }

  /** What a test (never a protocol face) may look at: the stored value, secrets included. */
  peek(key: SettingKey): SettingValue | undefined {
    if (key === 'security.adminPassword') return this.adminPassword;
    const value = this.values.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }

  /**
   * Applies a set of values as the device would: the administrator password is checked first (a wrong one refuses
   * everything); then each key on its own: unknown to this model → unsupported, invalid or refused by the device →
   * rejected with the reason, else stored. Partial success is normal.
   */
  apply(values: SettingValues, auth: { adminPassword: string }): SimulatedApplyOutcome[] {
    if (!this.verifyAdminPassword(auth.adminPassword)) throw new DeviceAuthRefusedError();
    const outcomes: SimulatedApplyOutcome[] = [];
    const changed: SettingKey[] = [];
    for (const [key, value] of Object.entries(values) as [SettingKey, SettingValue][]) {
      const verdict = this.verdict(key, value);
      if (verdict) {
        outcomes.push(verdict);
        continue;
      }
      if (key === 'security.adminPassword') this.adminPassword = value as string;
      else this.values.set(key, structuredClone(value));
      outcomes.push({ key, status: 'applied' });
      changed.push(key);
    }
    if (changed.length > 0) {
      this.writes++;
      for (const listener of this.listeners) listener(changed);
    }
    return outcomes;
  }

  /**
   * What `apply` would answer for each key, without authenticating or storing anything (an SNMP agent tests a
   * whole SET before it commits it).
   */
  check(values: SettingValues): SimulatedApplyOutcome[] {
    return (Object.entries(values) as [SettingKey, SettingValue][]).map(
      ([key, value]) => this.verdict(key, value) ?? { key, status: 'applied' },
    );
  }

  private verdict(key: SettingKey, value: SettingValue): SimulatedApplyOutcome | null {
    if (!this.supported.has(key)) return { key, status: 'unsupported', message: 'not supported by this model' };
    const problems = validateSettingValue(key, value);
    if (problems.length > 0) {
      const p = problems[0]!;
      return { key, status: 'rejected', message: `${p.path === '' ? 'value' : p.path} ${p.message}` };
    }
    const refused = this.restrict(key, value);
    return refused === null ? null : { key, status: 'rejected', message: refused };
  }

  /** A change made at the device (a person at the panel): bypasses authentication, as the drift check must notice. */
  changeLocally(key: SettingKey, value: SettingValue): void {
    if (key === 'security.adminPassword') this.adminPassword = value as string;
    else this.values.set(key, structuredClone(value));
    for (const listener of this.listeners) listener([key]);
  }

  /** Called after every applied change with the keys that changed. */
  onChange(listener: (keys: SettingKey[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
