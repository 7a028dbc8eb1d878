import type { SettingKey } from '@fleetward/contracts';
import { InvalidPrintRequestError, UnknownFaultError } from '../simulator.errors';
import type { DeviceSettingsStore } from './device-settings';
import { encodeErrorState } from './error-state';
import {
  FAMILY_PROFILES,
  type Colorant,
  type CoverSpec,
  type FamilyId,
  type FamilyProfile,
  type SupplySpec,
  type TraySpec,
} from './families';
import { createDeviceSettingsStore, DEFAULT_ADMIN_PASSWORD } from './family-settings';
import { type FaultName, type FaultOptions, type SleepAnswer } from './faults';
import {
  HrDeviceStatus,
  HrPrinterStatus,
  PrtLevel,
  type HrDeviceStatusName,
  type HrPrinterStatusName,
  type PrinterErrorName,
  type PrtAlertCodeName,
  type PrtAlertGroupName,
  type PrtAlertTrainingLevelName,
} from './printer-mib.constants';
import { Prng } from './prng';
import { DEFAULT_SNMP_ACCESS, DeviceSnmpAccess, type EffectiveSnmpAccess } from './snmp-access';

/** Milliseconds since the epoch; injected so tests control time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Per-tick probabilities of the faults that happen on their own when `autoFaults` is on. */
export interface AutoFaultRates {
  jam: number;
  doorOpen: number;
  serviceRequested: number;
  sleep: number;
}

export const DEFAULT_AUTO_FAULT_RATES: Readonly<AutoFaultRates> = {
  jam: 0.004,
  doorOpen: 0.002,
  serviceRequested: 0.0005,
  sleep: 0.0005,
};

/** Office activity on every tick: how often a job arrives and how large it is. */
export interface ActivityOptions {
  jobProbability: number;
  maxPagesPerJob: number;
  /** Share of colour jobs on a colour device. */
  colorShare: number;
}

/** With the CLI's 1 s tick: a job every 20 s or so per device, up to 20 pages. */
export const DEFAULT_ACTIVITY: Readonly<ActivityOptions> = {
  jobProbability: 0.05,
  maxPagesPerJob: 20,
  colorShare: 0.4,
};

export interface DeviceModelOptions {
  /** 1-based device number inside the simulator; makes MAC and names unique. */
  number: number;
  family: FamilyId;
  /** Seed of this device's generator (same seed, same device, same life). */
  seed: number;
  clock?: Clock;
  /** Random jams, open doors, service calls and naps on `tick()` (default false). */
  autoFaults?: boolean;
  faultRates?: Partial<AutoFaultRates>;
  activity?: Partial<ActivityOptions>;
  /** The administrator password the device ships with (default DEFAULT_ADMIN_PASSWORD, `fleetward-admin`). */
  adminPassword?: string;
  /** The SNMP credentials the device ships with (default `public` read-only and DEFAULT_V3_USER). */
  snmp?: EffectiveSnmpAccess;
}

export type JobKind = 'print' | 'copy' | 'fax' | 'scan';

export interface PrintOptions {
  color?: boolean;
  duplex?: boolean;
  kind?: JobKind;
}

export interface PrintResult {
  requested: number;
  printed: number;
  /** Why the job stopped early (or never started), if it did. */
  blockedBy: string | null;
}

export interface DeviceIdentity {
  vendor: string;
  model: string;
  serialNumber: string;
  firmware: string;
  macAddress: string;
  sysObjectId: string;
  sysDescr: string;
  sysName: string;
  sysLocation: string;
  sysContact: string;
}

export interface DeviceCounters {
  /** Impressions marked (prtMarkerLifeCount). */
  total: number;
  black: number;
  color: number;
  /** Sheets printed on both sides. */
  duplexSheets: number;
  print: { black: number; color: number };
  copy: { black: number; color: number };
  fax: number;
  scan: number;
  /** Impressions since this process started the device (prtMarkerPowerOnCount). */
  powerOn: number;
}

export interface SupplyView {
  index: number;
  description: string;
  type: SupplySpec['type'];
  class: SupplySpec['class'];
  unit: SupplySpec['unit'];
  colorant: Colorant | null;
  colorantIndex: number;
  /** As served: prtMarkerSuppliesMaxCapacity and prtMarkerSuppliesLevel (may be -2 / -3). */
  maxCapacity: number;
  level: number;
  /** The model's truth: pages left before empty (consumable) or full (receptacle). */
  remainingPages: number;
  yieldPages: number;
}

export interface TrayView {
  index: number;
  name: string;
  type: TraySpec['type'];
  mediaName: string;
  maxSheets: number;
  level: number;
  manual: boolean;
}

export interface CoverView {
  index: number;
  description: string;
  open: boolean;
}

export type AlertSeverityName = 'critical' | 'warning';

export interface AlertView {
  index: number;
  key: string;
  severity: AlertSeverityName;
  training: PrtAlertTrainingLevelName;
  group: PrtAlertGroupName;
  groupIndex: number;
  location: number;
  code: PrtAlertCodeName;
  description: string;
  /** sysUpTime (hundredths of a second) when the alert was raised. */
  time: number;
}

export type PowerState = 'awake' | 'asleep';

/** The whole device as a plain, JSON-safe value (control API, tests, the CLI). */
export interface DeviceView {
  number: number;
  family: FamilyId;
  protocols: readonly string[];
  identity: DeviceIdentity;
  uptimeTicks: number;
  power: PowerState;
  sleepAnswer: SleepAnswer;
  reachable: boolean;
  slowMs: number;
  wrongCredentials: boolean;
  status: { device: HrDeviceStatusName; printer: HrPrinterStatusName; errors: PrinterErrorName[] };
  counters: DeviceCounters;
  supplies: SupplyView[];
  trays: TrayView[];
  covers: CoverView[];
  alerts: AlertView[];
  alertEventsTotal: number;
  alertEventsCritical: number;
  faults: FaultName[];
  settings: DeviceSettings;
}

/**
 * A short view of a few settings (what the SNMP face and the control API show); the settings themselves live in
 * the device's DeviceSettingsStore (`settingsStore`), which every settings face reads and writes.
 */
export interface DeviceSettings {
  deviceName: string;
  location: string;
  contact: string;
  sleepAfterMinutes: number;
  snmpV1V2cEnabled: boolean;
  snmpV3Enabled: boolean;
  timeZone: string;
  adminPasswordSet: boolean;
}

export type DeviceEvent =
  | { kind: 'alertRaised'; alert: AlertView }
  | { kind: 'alertCleared'; alert: AlertView }
  | { kind: 'fault'; fault: FaultName; active: boolean; detail?: string };

interface Condition {
  key: string;
  errors: PrinterErrorName[];
  severity: AlertSeverityName;
  training: PrtAlertTrainingLevelName;
  group: PrtAlertGroupName;
  groupIndex: number;
  code: PrtAlertCodeName;
  description: string;
}

interface SupplyState {
  spec: SupplySpec;
  remaining: number;
  colorantIndex: number;
}

interface TrayState {
  spec: TraySpec;
  level: number;
}

/** Fraction of life left at which a supply or a tray counts as low. */
export const LOW_FRACTION = 0.1;

const SITES = ['Tokyo HQ 3F', 'Osaka Branch 1F', 'Nagoya Office 2F', 'Fukuoka Office 5F', 'Sapporo Depot'];
const SLOW_DEFAULT_MS = 2000;
const SLEEP_SLOW_DEFAULT_MS = 3000;
const MAX_PAGES_PER_REQUEST = 100_000;

/**
 * One simulated MFP as a small state model, independent of protocols. Every mutation bumps `version`, so the
 * protocol faces know when to re-read it; every alert raised or cleared is also an event.
 */
export class DeviceModel {
  readonly number: number;
  readonly profile: FamilyProfile;
  readonly identity: DeviceIdentity;
  /** The device's settings with device-side validation; every protocol face goes through it. */
  readonly settingsStore: DeviceSettingsStore;
  /** The SNMP credentials the device answers: they follow its SNMP settings (./snmp-access.ts). */
  readonly snmpAccess: DeviceSnmpAccess;

  private readonly clock: Clock;
  private readonly prng: Prng;
  private readonly autoFaults: boolean;
  private readonly rates: AutoFaultRates;
  private readonly activity: ActivityOptions;
  private readonly bootedAt: number;
  private readonly supplies: SupplyState[];
  private readonly trays: TrayState[];
  private readonly openCovers = new Set<number>();
  private readonly counters: DeviceCounters;
  private readonly listeners = new Set<(event: DeviceEvent) => void>();
  private readonly alerts = new Map<string, AlertView>();
  /** Faults a person injected: the simulated office never repairs these, only `clear()` does. */
  private readonly pinned = new Set<string>();
  /** Tick at which the simulated office repairs an automatic fault or an empty supply/tray. */
  private readonly repairs = new Map<string, number>();
  private nextAlertIndex = 1;
  private alertEventsTotal = 0;
  private alertEventsCritical = 0;
  private jammed = false;
  private serviceRequested = false;
  private offline = false;
  private power: PowerState = 'awake';
  private sleepAnswer: SleepAnswer = 'never';
  private sleepDelayMs = SLEEP_SLOW_DEFAULT_MS;
  private unreachable = false;
  private slowMs = 0;
  private wrongCredentials = false;
  private busyUntil = 0;
  private ticks = 0;
  private changeVersion = 0;

  constructor(options: DeviceModelOptions) {
    this.number = options.number;
    this.profile = FAMILY_PROFILES[options.family];
    this.clock = options.clock ?? systemClock;
    this.prng = new Prng(options.seed);
    this.autoFaults = options.autoFaults ?? false;
    this.rates = { ...DEFAULT_AUTO_FAULT_RATES, ...options.faultRates };
    this.activity = { ...DEFAULT_ACTIVITY, ...options.activity };

    const prng = this.prng;
    const profile = this.profile;
    const model = prng.pick(profile.models);
    const firmware = prng.pick(profile.firmware);
    const serialDigits = String(prng.int(0, 999_999_999)).padStart(13 - profile.serialPrefix.length, '0');
    const serialNumber = `${profile.serialPrefix}${serialDigits}`;
    const mac = [...profile.macOui, (this.number >> 16) & 0xff, (this.number >> 8) & 0xff, this.number & 0xff];
    const fullModel = `${profile.vendor} ${model.name}`;
    const sysName = `fw-sim-${String(this.number).padStart(4, '0')}`;
    const sysLocation = prng.pick(SITES);
    const sysContact = 'it-helpdesk@example.com';
    // Konica devices announce only vendor and model in sysDescr (see the recordings); the standards-only printer
    // adds firmware and "SN:", the last-resort serial source.
    const sysDescr = profile.serialSources.includes('sysDescr')
      ? `${fullModel}; FW ${firmware}; SN:${serialNumber}`
      : fullModel;
    this.identity = {
      vendor: profile.vendor,
      model: model.name,
      serialNumber,
      firmware,
      macAddress: mac.map((octet) => octet.toString(16).padStart(2, '0')).join(':'),
      sysObjectId: model.sysObjectId,
      sysDescr,
      sysName,
      sysLocation,
      sysContact,
    };
    this.settingsStore = createDeviceSettingsStore({
      family: profile.id,
      number: this.number,
      adminPassword: options.adminPassword ?? DEFAULT_ADMIN_PASSWORD,
      sysName,
      sysLocation,
      sysContact,
      snmp: options.snmp ?? DEFAULT_SNMP_ACCESS,
    });
    this.snmpAccess = new DeviceSnmpAccess(options.snmp ?? DEFAULT_SNMP_ACCESS, this.settingsStore);
    // A settings change is a model change: the SNMP face re-renders sysName and the settings MIB.
    this.settingsStore.onChange(() => this.changed());

    // A device that has lived a while: up for up to 30 days, with pages behind it and part-used supplies.
    this.bootedAt = this.clock.now() - prng.int(60, 30 * 24 * 3600) * 1000;
    const black = prng.int(1_000, 250_000);
    const color = profile.color ? prng.int(500, 150_000) : 0;
    const copyShare = profile.protocols.includes('smb') || profile.id === 'i-series' ? 0.3 : 0;
    const copyBlack = Math.floor(black * copyShare);
    const copyColor = Math.floor(color * copyShare);
    const fax = profile.id === 'i-series' ? prng.int(0, 500) : 0;
    this.counters = {
      total: black + color + fax,
      black: black + fax,
      color,
      duplexSheets: Math.floor((black + color) * 0.2),
      print: { black: black - copyBlack, color: color - copyColor },
      copy: { black: copyBlack, color: copyColor },
      fax,
      scan: copyShare > 0 ? prng.int(100, 80_000) : 0,
      powerOn: 0,
    };
    const colorants: Colorant[] = [];
    this.supplies = profile.supplies.map((spec) => {
      let colorantIndex = 0;
      if (spec.colorant) {
        if (!colorants.includes(spec.colorant)) colorants.push(spec.colorant);
        colorantIndex = colorants.indexOf(spec.colorant) + 1;
      }
      const remaining = Math.floor(spec.yieldPages * (0.2 + prng.next() * 0.8));
      return { spec, remaining, colorantIndex };
    });
    this.trays = profile.trays.map((spec) => ({
      spec,
      level: spec.manual ? 0 : Math.floor(spec.maxSheets * (0.3 + prng.next() * 0.7)),
    }));
    this.syncAlerts();
  }

  // --- reading -----------------------------------------------------------------------------------------------

  get family(): FamilyId {
    return this.profile.id;
  }

  /** Increases on every change of what the device would report. */
  /** A view of a few settings, read from the settings store. */
  get settings(): DeviceSettings {
    const store = this.settingsStore;
    const text = (key: SettingKey, fallback: string): string => {
      const v = store.peek(key);
      return typeof v === 'string' ? v : fallback;
    };
    const sleep = store.peek('power.sleepAfterMinutes');
    const flag = (key: SettingKey): boolean => store.peek(key) !== false;
    return {
      deviceName: text('identity.deviceName', this.identity.sysName),
      location: text('identity.location', this.identity.sysLocation),
      contact: text('identity.contact', this.identity.sysContact),
      sleepAfterMinutes: typeof sleep === 'number' ? sleep : 15,
      snmpV1V2cEnabled: flag('snmp.v1v2cEnabled'),
      snmpV3Enabled: flag('snmp.v3Enabled'),
      timeZone: text('time.timeZone', 'Asia/Tokyo'),
      adminPasswordSet: text('security.adminPassword', '') !== '',
    };
  }

  get version(): number {
    return this.changeVersion;
  }

  /** sysUpTime in hundredths of a second. */
  uptimeTicks(): number {
    return Math.max(0, Math.floor((this.clock.now() - this.bootedAt) / 10));
  }

  isReachable(): boolean {
    return !this.unreachable;
  }

  /** What a protocol face should do with a request now: answer (after `delayMs`) or drop it. */
  answerPolicy(): { answer: boolean; delayMs: number } {
    if (this.unreachable) return { answer: false, delayMs: 0 };
    if (this.power === 'asleep') {
      return this.sleepAnswer === 'never'
        ? { answer: false, delayMs: 0 }
        : { answer: true, delayMs: this.sleepDelayMs + this.slowMs };
    }
    return { answer: true, delayMs: this.slowMs };
  }

  hasWrongCredentials(): boolean {
    return this.wrongCredentials;
  }

  errors(): PrinterErrorName[] {
    const names = new Set<PrinterErrorName>();
    for (const condition of this.conditions()) for (const name of condition.errors) names.add(name);
    return [...names];
  }

  errorStateOctets(): Buffer {
    return encodeErrorState(this.errors(), this.profile.errorStateOctets);
  }

  deviceStatus(): HrDeviceStatusName {
    const conditions = this.conditions();
    if (this.offline || conditions.some((c) => c.severity === 'critical')) return 'down';
    if (conditions.length > 0) return 'warning';
    return 'running';
  }

  printerStatus(): HrPrinterStatusName {
    const conditions = this.conditions();
    if (this.offline || conditions.some((c) => c.severity === 'critical')) return 'other';
    // RFC 3805 §2.2.13.2: standby (power save) is hrPrinterStatus other.
    if (this.power === 'asleep') return 'other';
    return this.clock.now() < this.busyUntil ? 'printing' : 'idle';
  }

  deviceStatusValue(): number {
    return HrDeviceStatus[this.deviceStatus()];
  }

  printerStatusValue(): number {
    return HrPrinterStatus[this.printerStatus()];
  }

  supplyViews(): SupplyView[] {
    return this.supplies.map((s) => {
      const { maxCapacity, level } = exposedLevel(s);
      return {
        index: s.spec.index,
        description: s.spec.description,
        type: s.spec.type,
        class: s.spec.class,
        unit: s.spec.unit,
        colorant: s.spec.colorant ?? null,
        colorantIndex: s.colorantIndex,
        maxCapacity,
        level,
        remainingPages: s.remaining,
        yieldPages: s.spec.yieldPages,
      };
    });
  }

  /** prtMarkerColorantTable rows: colorant index → colour name. */
  colorants(): { index: number; value: Colorant }[] {
    const rows = new Map<number, Colorant>();
    for (const s of this.supplies)
      if (s.spec.colorant && s.colorantIndex > 0) rows.set(s.colorantIndex, s.spec.colorant);
    return [...rows.entries()].map(([index, value]) => ({ index, value })).sort((a, b) => a.index - b.index);
  }

  trayViews(): TrayView[] {
    return this.trays.map((t) => ({
      index: t.spec.index,
      name: t.spec.name,
      type: t.spec.type,
      mediaName: t.spec.mediaName,
      maxSheets: t.spec.maxSheets,
      level: t.level,
      manual: t.spec.manual ?? false,
    }));
  }

  coverViews(): CoverView[] {
    return this.profile.covers.map((c: CoverSpec) => ({
      index: c.index,
      description: c.description,
      open: this.openCovers.has(c.index),
    }));
  }

  alertViews(): AlertView[] {
    return [...this.alerts.values()].sort((a, b) => a.index - b.index);
  }

  counterValues(): DeviceCounters {
    return structuredClone(this.counters);
  }

  alertEventCounts(): { total: number; critical: number } {
    return { total: this.alertEventsTotal, critical: this.alertEventsCritical };
  }

  activeFaults(): FaultName[] {
    const faults: FaultName[] = [];
    if (this.jammed) faults.push('jam');
    if (this.openCovers.size > 0) faults.push('doorOpen');
    if (this.trays.some((t) => !t.spec.manual && t.level === 0)) faults.push('noPaper');
    const toners = this.supplies.filter((s) => s.spec.type === 'toner');
    if (toners.some((s) => s.remaining === 0)) faults.push('tonerOut');
    if (toners.some((s) => s.remaining > 0 && isLow(s))) faults.push('tonerLow');
    if (this.supplies.some((s) => s.spec.type === 'wasteToner' && s.remaining === 0)) faults.push('wasteFull');
    if (this.serviceRequested) faults.push('serviceRequested');
    if (this.offline) faults.push('offline');
    if (this.power === 'asleep') faults.push('sleep');
    if (this.unreachable) faults.push('unreachable');
    if (this.slowMs > 0) faults.push('slow');
    if (this.wrongCredentials) faults.push('wrongCredentials');
    return faults;
  }

  view(): DeviceView {
    const counts = this.alertEventCounts();
    return {
      number: this.number,
      family: this.family,
      protocols: [...this.profile.protocols],
      identity: { ...this.identity },
      uptimeTicks: this.uptimeTicks(),
      power: this.power,
      sleepAnswer: this.sleepAnswer,
      reachable: !this.unreachable,
      slowMs: this.slowMs,
      wrongCredentials: this.wrongCredentials,
      status: { device: this.deviceStatus(), printer: this.printerStatus(), errors: this.errors() },
      counters: this.counterValues(),
      supplies: this.supplyViews(),
      trays: this.trayViews(),
      covers: this.coverViews(),
      alerts: this.alertViews(),
      alertEventsTotal: counts.total,
      alertEventsCritical: counts.critical,
      faults: this.activeFaults(),
      settings: { ...this.settings },
    };
  }

  onEvent(listener: (event: DeviceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- events that change the device ------------------------------------------------------------------------

  /**
   * Prints (or copies, faxes in, scans) `pages` pages: counters rise, toner and drums wear, the waste box fills,
   * paper leaves the trays. Stops at the first page it cannot make and says why.
   */
  print(pages: number, options: PrintOptions = {}): PrintResult {
    if (!Number.isInteger(pages) || pages < 1 || pages > MAX_PAGES_PER_REQUEST) {
      throw new InvalidPrintRequestError(`pages must be an integer from 1 to ${MAX_PAGES_PER_REQUEST}`);
    }
    const kind = options.kind ?? 'print';
    const color = (options.color ?? false) && kind !== 'fax';
    if (color && !this.profile.color) throw new InvalidPrintRequestError(`${this.identity.model} prints black only`);
    const duplex = options.duplex ?? false;

    if (this.power === 'asleep') this.wakeInternal();
    if (kind === 'scan') {
      const blockedBy = this.scanBlocker();
      if (!blockedBy) this.counters.scan += pages;
      this.changed();
      return { requested: pages, printed: blockedBy ? 0 : pages, blockedBy };
    }

    let printed = 0;
    let blockedBy: string | null = null;
    for (let page = 0; page < pages; page++) {
      const newSheet = !duplex || page % 2 === 0;
      blockedBy = this.pageBlocker(color, newSheet);
      if (blockedBy) break;
      if (newSheet) {
        const tray = this.feedTray();
        if (tray) tray.level -= 1;
        if (duplex) this.counters.duplexSheets += 1;
      }
      for (const supply of this.supplies) {
        if (supply.spec.usedBy === 'every' || color) supply.remaining = Math.max(0, supply.remaining - 1);
      }
      this.count(kind, color);
      printed += 1;
    }
    if (printed > 0) {
      const msPerPage = 60_000 / this.profile.pagesPerMinute;
      this.busyUntil = Math.max(this.busyUntil, this.clock.now()) + printed * msPerPage;
    }
    this.syncAlerts();
    this.changed();
    return { requested: pages, printed, blockedBy };
  }

  /** Injects a fault; clearing it with `clear()` restores the device. */
  inject(fault: FaultName, options: FaultOptions = {}): void {
    this.pinned.add(fault);
    this.applyFault(fault, options);
    this.syncAlerts();
    this.changed();
  }

  clear(fault: FaultName): void {
    this.pinned.delete(fault);
    this.clearFault(fault);
    this.syncAlerts();
    this.changed();
  }

  sleep(options: { answer?: SleepAnswer; delayMs?: number } = {}): void {
    this.inject('sleep', options);
  }

  wake(): void {
    this.clear('sleep');
  }

  /**
   * One step of office life: a job arrives now and then; with `autoFaults`, jams, open doors, service calls
   * and naps happen and people repair them after a while; empty supplies and trays get replaced and refilled.
   */
  tick(): void {
    this.ticks += 1;
    this.runRepairs();
    if (this.autoFaults) this.randomFaults();
    if (this.power === 'awake' && this.prng.chance(this.activity.jobProbability)) {
      const pages = this.prng.int(1, this.activity.maxPagesPerJob);
      const color = this.profile.color && this.prng.chance(this.activity.colorShare);
      const roll = this.prng.next();
      const kind: JobKind = roll < 0.7 ? 'print' : roll < 0.88 ? 'copy' : roll < 0.95 ? 'scan' : 'fax';
      this.print(pages, {
        color,
        duplex: this.prng.chance(0.3),
        kind: kind === 'copy' && !this.isMfp() ? 'print' : kind,
      });
    }
    this.scheduleRepairs();
  }

  // --- internals ---------------------------------------------------------------------------------------------

  private isMfp(): boolean {
    return this.profile.id !== 'p4700' && this.profile.id !== 'oem-4000i';
  }

  private changed(): void {
    this.changeVersion += 1;
  }

  private emit(event: DeviceEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private count(kind: JobKind, color: boolean): void {
    const c = this.counters;
    c.total += 1;
    c.powerOn += 1;
    if (color) c.color += 1;
    else c.black += 1;
    switch (kind) {
      case 'print':
        if (color) c.print.color += 1;
        else c.print.black += 1;
        break;
      case 'copy':
        if (color) c.copy.color += 1;
        else c.copy.black += 1;
        break;
      case 'fax':
        c.fax += 1;
        break;
      case 'scan':
        break;
    }
  }

  private feedTray(): TrayState | undefined {
    return this.trays.find((t) => !t.spec.manual && t.level > 0) ?? this.trays.find((t) => t.level > 0);
  }

  private scanBlocker(): string | null {
    if (this.offline) return 'offline';
    if (this.jammed) return 'jam';
    if (this.openCovers.size > 0) return 'doorOpen';
    return null;
  }

  private pageBlocker(color: boolean, newSheet: boolean): string | null {
    const blocker = this.scanBlocker();
    if (blocker) return blocker;
    for (const supply of this.supplies) {
      if (supply.remaining > 0) continue;
      if (supply.spec.type === 'wasteToner') return 'wasteFull';
      if (supply.spec.type === 'toner' && (supply.spec.usedBy === 'every' || color)) return 'tonerOut';
    }
    if (newSheet && !this.feedTray()) return 'noPaper';
    return null;
  }

  private applyFault(fault: FaultName, options: FaultOptions): void {
    switch (fault) {
      case 'jam':
        this.jammed = true;
        break;
      case 'doorOpen':
        this.openCovers.add(this.cover(options.cover).index);
        break;
      case 'noPaper':
        this.tray(options.tray).level = 0;
        break;
      case 'tonerLow': {
        const supply = this.toner(options.color);
        supply.remaining = Math.max(1, Math.floor(supply.spec.yieldPages * LOW_FRACTION * 0.5));
        break;
      }
      case 'tonerOut':
        this.toner(options.color).remaining = 0;
        break;
      case 'wasteFull':
        this.wasteBox().remaining = 0;
        break;
      case 'serviceRequested':
        this.serviceRequested = true;
        break;
      case 'offline':
        this.offline = true;
        break;
      case 'sleep':
        this.power = 'asleep';
        this.sleepAnswer = options.answer ?? 'never';
        this.sleepDelayMs = options.delayMs ?? SLEEP_SLOW_DEFAULT_MS;
        break;
      case 'unreachable':
        this.unreachable = true;
        break;
      case 'slow':
        this.slowMs = options.delayMs ?? SLOW_DEFAULT_MS;
        break;
      case 'wrongCredentials':
        this.wrongCredentials = true;
        break;
    }
    if (!['doorOpen', 'noPaper', 'tonerLow', 'tonerOut', 'wasteFull'].includes(fault)) {
      this.emit({ kind: 'fault', fault, active: true });
    }
  }

  private clearFault(fault: FaultName): void {
    switch (fault) {
      case 'jam':
        this.jammed = false;
        break;
      case 'doorOpen':
        this.openCovers.clear();
        break;
      case 'noPaper':
        for (const tray of this.trays) if (!tray.spec.manual && tray.level === 0) tray.level = tray.spec.maxSheets;
        break;
      case 'tonerLow':
      case 'tonerOut':
        // A new cartridge for every toner that is low or out.
        for (const s of this.supplies) if (s.spec.type === 'toner' && isLow(s)) s.remaining = s.spec.yieldPages;
        break;
      case 'wasteFull':
        for (const s of this.supplies) if (s.spec.type === 'wasteToner') s.remaining = s.spec.yieldPages;
        break;
      case 'serviceRequested':
        this.serviceRequested = false;
        break;
      case 'offline':
        this.offline = false;
        break;
      case 'sleep':
        this.wakeInternal();
        return;
      case 'unreachable':
        this.unreachable = false;
        break;
      case 'slow':
        this.slowMs = 0;
        break;
      case 'wrongCredentials':
        this.wrongCredentials = false;
        break;
    }
    if (!['doorOpen', 'noPaper', 'tonerLow', 'tonerOut', 'wasteFull'].includes(fault)) {
      this.emit({ kind: 'fault', fault, active: false });
    }
  }

  private wakeInternal(): void {
    if (this.power === 'awake') return;
    this.power = 'awake';
    this.pinned.delete('sleep');
    this.emit({ kind: 'fault', fault: 'sleep', active: false });
  }

  private cover(index: number | undefined): CoverSpec {
    const covers = this.profile.covers;
    const cover = index === undefined ? covers[0] : covers.find((c) => c.index === index);
    if (!cover) {
      throw new UnknownFaultError('doorOpen', `no cover ${index}; covers are ${covers.map((c) => c.index).join(', ')}`);
    }
    return cover;
  }

  private tray(index: number | undefined): TrayState {
    const tray =
      index === undefined ? this.trays.find((t) => !t.spec.manual) : this.trays.find((t) => t.spec.index === index);
    if (!tray) {
      throw new UnknownFaultError(
        'noPaper',
        `no tray ${index}; trays are ${this.trays.map((t) => t.spec.index).join(', ')}`,
      );
    }
    return tray;
  }

  private toner(color: Colorant | undefined): SupplyState {
    const wanted = color ?? 'black';
    const supply = this.supplies.find((s) => s.spec.type === 'toner' && s.spec.colorant === wanted);
    if (!supply) throw new UnknownFaultError('toner', `${this.identity.model} has no ${wanted} toner`);
    return supply;
  }

  private wasteBox(): SupplyState {
    const supply = this.supplies.find((s) => s.spec.type === 'wasteToner');
    if (!supply) throw new UnknownFaultError('wasteFull', `${this.identity.model} has no waste toner box`);
    return supply;
  }

  /** The conditions the device is in now, each with its error bits and its prtAlertTable row. */
  private conditions(): Condition[] {
    const list: Condition[] = [];
    if (this.jammed) {
      list.push(critical('jam', ['jammed'], 'mediaPath', 1, 'jam', 'Paper jam', 'trained'));
    }
    for (const cover of this.coverViews()) {
      if (!cover.open) continue;
      list.push(
        critical(`cover:${cover.index}`, ['doorOpen'], 'cover', cover.index, 'coverOpen', `${cover.description} open`),
      );
    }
    if (this.offline) {
      list.push(critical('offline', ['offline'], 'generalPrinter', 1, 'subunitOffline', 'Printer offline', 'trained'));
    }
    if (this.serviceRequested) {
      list.push(
        warning(
          'service',
          ['serviceRequested'],
          'generalPrinter',
          1,
          'other',
          'Service call: contact your service representative',
          'fieldService',
        ),
      );
    }
    const autoTrays = this.trays.filter((t) => !t.spec.manual);
    const allEmpty = autoTrays.every((t) => t.level === 0);
    for (const tray of autoTrays) {
      const { index, name } = tray.spec;
      if (tray.level === 0) {
        const make = allEmpty ? critical : warning;
        list.push(
          make(
            `tray:${index}:empty`,
            ['noPaper', 'inputTrayEmpty'],
            'input',
            index,
            'inputMediaSupplyEmpty',
            `${name}: add paper`,
          ),
        );
      } else if (tray.level <= tray.spec.maxSheets * LOW_FRACTION) {
        list.push(
          warning(`tray:${index}:low`, ['lowPaper'], 'input', index, 'inputMediaSupplyLow', `${name}: paper low`),
        );
      }
    }
    for (const supply of this.supplies) list.push(...supplyConditions(supply));
    return list;
  }

  /** Adds prtAlertTable rows for new conditions and removes those of conditions that ended. */
  private syncAlerts(): void {
    const current = this.conditions();
    const keys = new Set(current.map((c) => c.key));
    for (const [key, alert] of this.alerts) {
      if (keys.has(key)) continue;
      this.alerts.delete(key);
      this.emit({ kind: 'alertCleared', alert });
    }
    for (const condition of current) {
      if (this.alerts.has(condition.key)) continue;
      const alert: AlertView = {
        index: this.nextAlertIndex++,
        key: condition.key,
        severity: condition.severity,
        training: condition.training,
        group: condition.group,
        groupIndex: condition.groupIndex,
        location: PrtLevel.unknown,
        code: condition.code,
        description: condition.description,
        time: this.uptimeTicks(),
      };
      this.alerts.set(condition.key, alert);
      this.alertEventsTotal += 1;
      if (condition.severity === 'critical') this.alertEventsCritical += 1;
      this.emit({ kind: 'alertRaised', alert });
    }
  }

  private randomFaults(): void {
    const prng = this.prng;
    if (this.power === 'asleep') return;
    const candidates: [FaultName, number][] = [
      ['jam', this.rates.jam],
      ['doorOpen', this.rates.doorOpen],
      ['serviceRequested', this.rates.serviceRequested],
      ['sleep', this.rates.sleep],
    ];
    for (const [fault, rate] of candidates) {
      if (!prng.chance(rate) || this.activeFaults().includes(fault)) continue;
      this.applyFault(fault, fault === 'doorOpen' ? { cover: prng.pick(this.profile.covers).index } : {});
      this.repairs.set(fault, this.ticks + prng.int(3, 30));
      this.syncAlerts();
      this.changed();
    }
  }

  /** Empty trays and spent supplies get a person's attention a few ticks later (unless a person pinned them). */
  private scheduleRepairs(): void {
    for (const fault of ['noPaper', 'tonerOut', 'wasteFull'] as const) {
      if (this.pinned.has(fault) || this.repairs.has(fault)) continue;
      if (this.activeFaults().includes(fault)) this.repairs.set(fault, this.ticks + this.prng.int(5, 40));
    }
  }

  private runRepairs(): void {
    for (const [fault, due] of this.repairs) {
      if (due > this.ticks) continue;
      this.repairs.delete(fault);
      if (this.pinned.has(fault)) continue;
      this.clearFault(fault as FaultName);
      this.syncAlerts();
      this.changed();
    }
  }
}

function critical(
  key: string,
  errors: PrinterErrorName[],
  group: PrtAlertGroupName,
  groupIndex: number,
  code: PrtAlertCodeName,
  description: string,
  training: PrtAlertTrainingLevelName = 'untrained',
): Condition {
  return { key, errors, severity: 'critical', training, group, groupIndex, code, description };
}

function warning(
  key: string,
  errors: PrinterErrorName[],
  group: PrtAlertGroupName,
  groupIndex: number,
  code: PrtAlertCodeName,
  description: string,
  training: PrtAlertTrainingLevelName = 'untrained',
): Condition {
  return { key, errors, severity: 'warning', training, group, groupIndex, code, description };
}

function isLow(supply: SupplyState): boolean {
  return supply.remaining <= supply.spec.yieldPages * LOW_FRACTION;
}

function supplyConditions(supply: SupplyState): Condition[] {
  const { index, description, type } = supply.spec;
  const key = `supply:${index}`;
  const empty = supply.remaining === 0;
  if (!isLow(supply)) return [];
  switch (type) {
    case 'toner':
    case 'tonerCartridge':
      return empty
        ? [critical(`${key}:empty`, ['noToner'], 'markerSupplies', index, 'markerTonerEmpty', `Replace ${description}`)]
        : [
            warning(
              `${key}:low`,
              ['lowToner'],
              'markerSupplies',
              index,
              'markerTonerAlmostEmpty',
              `${description} low`,
            ),
          ];
    case 'wasteToner':
      return empty
        ? [
            critical(
              `${key}:full`,
              [],
              'markerSupplies',
              index,
              'markerWasteTonerReceptacleFull',
              `Replace ${description}`,
            ),
          ]
        : [
            warning(
              `${key}:nearFull`,
              [],
              'markerSupplies',
              index,
              'markerWasteTonerReceptacleAlmostFull',
              `${description} nearly full`,
            ),
          ];
    case 'opc':
      return empty
        ? [
            warning(
              `${key}:over`,
              ['serviceRequested'],
              'markerSupplies',
              index,
              'markerOpcLifeOver',
              `Replace ${description}`,
            ),
          ]
        : [
            warning(
              `${key}:almostOver`,
              [],
              'markerSupplies',
              index,
              'markerOpcLifeAlmostOver',
              `${description} near end of life`,
            ),
          ];
    case 'developer':
    case 'fuser':
    case 'transferUnit':
    case 'other':
    case 'unknown':
    case 'staples':
      return empty
        ? [
            warning(
              `${key}:over`,
              ['serviceRequested'],
              'markerSupplies',
              index,
              'subunitLifeOver',
              `Replace ${description}`,
              'fieldService',
            ),
          ]
        : [
            warning(
              `${key}:almostOver`,
              [],
              'markerSupplies',
              index,
              'subunitLifeAlmostOver',
              `${description} near end of life`,
              'fieldService',
            ),
          ];
  }
}

function exposedLevel(supply: SupplyState): { maxCapacity: number; level: number } {
  const { exposure, yieldPages } = supply.spec;
  switch (exposure) {
    case 'percent':
      return { maxCapacity: 100, level: Math.ceil((supply.remaining / yieldPages) * 100) };
    case 'impressions':
      return { maxCapacity: yieldPages, level: supply.remaining };
    case 'someRemaining':
      return { maxCapacity: PrtLevel.unknown, level: supply.remaining > 0 ? PrtLevel.someRemaining : 0 };
  }
}
