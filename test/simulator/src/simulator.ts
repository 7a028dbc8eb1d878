import { XML_API_PORTS } from '@fleetward/contracts';
import { allocateAddresses } from './addresses';
import { ControlServer } from './control/control-server';
import {
  DeviceModel,
  systemClock,
  type ActivityOptions,
  type AutoFaultRates,
  type Clock,
  type DeviceEvent,
  type DeviceView,
  type PrintOptions,
  type PrintResult,
} from './model/device-model';
import type { DeviceSettingsStore } from './model/device-settings';
import { DEFAULT_FAMILY_MIX, FAMILY_IDS, isFamilyId, type FamilyId } from './model/families';
import { type FaultName, type FaultOptions, type SleepAnswer } from './model/faults';
import { deriveSeed } from './model/prng';
import { toDeviceEventDocument } from './notify/device-event-mapping';
import { DeviceEventPusher } from './notify/device-event-pusher';
import { DeviceNotFoundError, SimulatorOptionsError } from './simulator.errors';
import {
  DEFAULT_COMMUNITY,
  DEFAULT_V3_USER,
  SnmpFace,
  type CommunityConfig,
  type V3UserConfig,
} from './snmp/snmp-agent';
import { deviceCertificate } from './xml-api/device-certificate';
import { XmlApiFace } from './xml-api/xml-api-face';

export interface SimulatorOptions {
  /** Number of devices (1 to 50,000). */
  devices: number;
  /** First device address (default 127.1.0.1); the next ones count upward, skipping .0 and .255. */
  baseAddress?: string;
  /** UDP port every device serves SNMP on (default 161). */
  port?: number;
  /** Families, assigned round-robin (default: a mix, mostly i-series). */
  families?: readonly FamilyId[];
  /** Seed of the whole simulation (default 1): same seed, same devices, same life. */
  seed?: number;
  /** Communities, read-only unless given as `{ name, access: 'read-write' }` (default: `public` read-only). */
  communities?: readonly (string | CommunityConfig)[];
  /** SNMPv3 users (default: DEFAULT_V3_USER, authPriv SHA + AES-128). */
  v3Users?: readonly V3UserConfig[];
  /** Office activity every `tickMs` ms; `false` (the default) for none (tests drive the model themselves). */
  tickMs?: number | false;
  /** Random jams, doors, service calls and naps on ticks (default false). */
  autoFaults?: boolean;
  faultRates?: Partial<AutoFaultRates>;
  activity?: Partial<ActivityOptions>;
  /** HTTP control API on 127.0.0.1 at this port (0 = any free port); none when absent. */
  controlPort?: number;
  clock?: Clock;
  /** Every alert raised/cleared and every fault switched, per device. */
  onEvent?: (event: SimulatorEvent) => void;
  /** Errors of single requests (bad SNMPv3 digest, wrong community, …); never contains secrets. */
  onRequestError?: (address: string, message: string) => void;
  /** Device notifications: each device POSTs a DeviceEvent XML document here when its state changes. */
  notify?: NotifyOptions;
  /** Administrator password every device starts with (default `fleetward-admin`). */
  adminPassword?: string;
  /**
   * The vendor XML API face of the families that have one (i-series), on each device's own address: HTTP on
   * `port` (default 50001) and HTTPS on `tlsPort` (default 50003); 0 = any free port. Off unless given.
   */
  xmlApi?: boolean | { port?: number; tlsPort?: number };
}

export interface NotifyOptions {
  /** e.g. `http://127.0.0.1:5001/device-events` (edge HTTP) or `https://127.0.0.1:5002/device-events`. */
  url: string;
  /** PEM CA to trust for an https url. */
  ca?: string;
  /** Per-push timeout in ms (default 5000). */
  timeoutMs?: number;
  /** A push that failed (network error, timeout, non-2xx). */
  onError?: (address: string, message: string) => void;
}

export interface SimulatorEvent {
  address: string;
  port: number;
  event: DeviceEvent;
}

/** One simulated device: its address, its model, and the commands a test or a person gives it. */
export class SimulatedDevice {
  /** The XML API face, when this device has one and the simulator serves it. */
  xmlApiFace: XmlApiFace | null = null;

  constructor(
    readonly address: string,
    readonly port: number,
    /** The state model itself (read it; change it only through the commands below or its own methods). */
    readonly state: DeviceModel,
  ) {}

  /** The device's settings (device-side validation; `peek` shows what a test may check, secrets included). */
  get settings(): DeviceSettingsStore {
    return this.state.settingsStore;
  }

  /** Where the XML API answers, when served. */
  get xmlApi(): { port: number; tlsPort: number } | null {
    return this.xmlApiFace ? { port: this.xmlApiFace.port, tlsPort: this.xmlApiFace.tlsPort } : null;
  }

  get family(): FamilyId {
    return this.state.family;
  }

  /** A read-only snapshot of the device as it is now. */
  get model(): DeviceView {
    return this.state.view();
  }

  print(pages: number, options?: PrintOptions): PrintResult {
    return this.state.print(pages, options);
  }

  inject(fault: FaultName, options?: FaultOptions): void {
    this.state.inject(fault, options);
  }

  clear(fault: FaultName): void {
    this.state.clear(fault);
  }

  sleep(options?: { answer?: SleepAnswer; delayMs?: number }): void {
    this.state.sleep(options);
  }

  wake(): void {
    this.state.wake();
  }
}

export interface Simulator {
  readonly devices: readonly SimulatedDevice[];
  /** The device serving this address (throws DeviceNotFoundError). */
  device(address: string): SimulatedDevice;
  /** Base URL of the control API, when it runs. */
  readonly controlUrl: string | null;
  /** The device-notification pusher, when `notify` was given (its `idle()` waits for pushes in flight). */
  readonly notifier: DeviceEventPusher | null;
  /** The self-signed certificate of the devices' TLS faces (PEM), to pin in clients. */
  readonly deviceCertificatePem: string;
  /** Runs one tick of office life on every device (what the timer does every `tickMs`). */
  tick(): void;
  stop(): Promise<void>;
}

const MAX_DEVICES = 50_000;
const START_CONCURRENCY = 256;

function validate(options: SimulatorOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.devices) || options.devices < 1 || options.devices > MAX_DEVICES) {
    problems.push(`devices must be an integer from 1 to ${MAX_DEVICES}`);
  }
  const port = options.port ?? 161;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) problems.push('port must be from 1 to 65535');
  if (options.families) {
    if (options.families.length === 0) problems.push('families must not be empty');
    for (const family of options.families) {
      if (!isFamilyId(family)) problems.push(`unknown family ${String(family)} (known: ${FAMILY_IDS.join(', ')})`);
    }
  }
  if (
    options.tickMs !== undefined &&
    options.tickMs !== false &&
    (!Number.isInteger(options.tickMs) || options.tickMs < 10)
  ) {
    problems.push('tickMs must be an integer >= 10 or false');
  }
  if (
    options.controlPort !== undefined &&
    (!Number.isInteger(options.controlPort) || options.controlPort < 0 || options.controlPort > 65_535)
  ) {
    problems.push('controlPort must be from 0 to 65535');
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) problems.push('seed must be an integer');
  if (problems.length > 0) throw new SimulatorOptionsError(problems.join('; '));
}

function normalizeCommunities(communities: SimulatorOptions['communities']): CommunityConfig[] {
  const list = communities ?? [DEFAULT_COMMUNITY];
  return list.map((c) => (typeof c === 'string' ? { name: c, access: 'read-only' } : c));
}

/**
 * Starts N simulated MFPs in this process, each with its own SNMP agent on its own loopback address, plus the
 * control API when `controlPort` is given. Rejects (after cleaning up) if any address cannot be bound.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  validate(options);
  const port = options.port ?? 161;
  const families = options.families ?? DEFAULT_FAMILY_MIX;
  const seed = options.seed ?? 1;
  const communities = normalizeCommunities(options.communities);
  const v3Users = options.v3Users ?? [DEFAULT_V3_USER];
  const addresses = allocateAddresses(options.baseAddress ?? '127.1.0.1', options.devices);

  const devices = addresses.map((address, i) => {
    const family = families[i % families.length] ?? 'generic';
    const model = new DeviceModel({
      number: i + 1,
      family,
      seed: deriveSeed(seed, i + 1),
      clock: options.clock,
      autoFaults: options.autoFaults ?? false,
      faultRates: options.faultRates,
      activity: options.activity,
      ...(options.adminPassword !== undefined ? { adminPassword: options.adminPassword } : {}),
      snmp: { communities, v3Users },
    });
    return new SimulatedDevice(address, port, model);
  });
  const byAddress = new Map(devices.map((d) => [d.address, d]));
  const notifier = options.notify
    ? new DeviceEventPusher({
        url: options.notify.url,
        ca: options.notify.ca,
        timeoutMs: options.notify.timeoutMs,
        onError: options.notify.onError,
      })
    : null;
  const clock = options.clock ?? systemClock;
  const unsubscribe = devices.map((device) =>
    device.state.onEvent((event) => {
      options.onEvent?.({ address: device.address, port, event });
      if (!notifier) return;
      const doc = toDeviceEventDocument(
        event,
        { serialNumber: device.state.identity.serialNumber, address: device.address },
        new Date(clock.now()),
      );
      if (doc) void notifier.push(doc, device.address);
    }),
  );

  const faces = devices.map(
    (device) =>
      new SnmpFace({
        model: device.state,
        address: device.address,
        port,
        onRequestError: (message) => options.onRequestError?.(device.address, message),
      }),
  );
  const xmlApiPorts = options.xmlApi
    ? {
        port: (options.xmlApi === true ? undefined : options.xmlApi.port) ?? XML_API_PORTS.http,
        tlsPort: (options.xmlApi === true ? undefined : options.xmlApi.tlsPort) ?? XML_API_PORTS.https,
      }
    : null;
  const xmlFaces = xmlApiPorts
    ? devices
        .filter((d) => d.state.profile.protocols.includes('xml-api'))
        .map((device) => {
          device.xmlApiFace = new XmlApiFace({ model: device.state, address: device.address, ...xmlApiPorts });
          return device.xmlApiFace;
        })
    : [];
  const started: { stop(): Promise<void> }[] = [];
  let control: ControlServer | null = null;
  let timer: NodeJS.Timeout | null = null;

  const simulator: Simulator = {
    devices,
    device(address: string): SimulatedDevice {
      const device = byAddress.get(address);
      if (!device) throw new DeviceNotFoundError(address);
      return device;
    },
    get controlUrl() {
      return control?.url ?? null;
    },
    notifier,
    get deviceCertificatePem() {
      return deviceCertificate().certPem;
    },
    tick() {
      for (const device of devices) device.state.tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      for (const off of unsubscribe) off();
      await control?.stop();
      control = null;
      await notifier?.close();
      await Promise.all(started.splice(0).map((face) => face.stop()));
    },
  };

  try {
    const allFaces: { start(): Promise<void>; stop(): Promise<void> }[] = [...faces, ...xmlFaces];
    for (let i = 0; i < allFaces.length; i += START_CONCURRENCY) {
      const batch = allFaces.slice(i, i + START_CONCURRENCY);
      const results = await Promise.allSettled(batch.map((face) => face.start()));
      results.forEach((result, j) => {
        const face = batch[j];
        if (result.status === 'fulfilled' && face) started.push(face);
      });
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
    }
    if (options.controlPort !== undefined) {
      control = new ControlServer({ simulator, port: options.controlPort });
      await control.start();
    }
  } catch (error) {
    await simulator.stop();
    throw error;
  }

  if (options.tickMs) {
    timer = setInterval(() => simulator.tick(), options.tickMs);
  }
  return simulator;
}
