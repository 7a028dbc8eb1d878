import { fleetAddresses } from '../fleet/snmpd-config';
import type { DocumentVerdict } from '../poller/document-check';
import { startSimulator, type DeviceView, type Simulator } from '../simulator';
import { LossyUdpProxy } from './lossy-udp-proxy';

export type SlowRole = 'slow' | 'lossy' | 'dead';

export interface SlowFleetPlan {
  /** Per device (simulator order): its role and answer delay. */
  devices: { role: SlowRole; delayMs: number }[];
  lossRate: number;
}

/**
 * Deterministic composition of the slow fleet: every device answers after 20–50 ms; 1 in 20 never answers (dead);
 * 1 in 10 sits behind a relay that loses `lossRate` of the datagrams in each direction (lossy).
 */
export function planSlowFleet(count: number, lossRate = 0.2): SlowFleetPlan {
  const devices = Array.from({ length: count }, (_, i) => {
    const role: SlowRole = i % 20 === 7 ? 'dead' : i % 10 === 3 ? 'lossy' : 'slow';
    return { role, delayMs: 20 + ((i * 7919) % 31) };
  });
  return { devices, lossRate };
}

export interface RunningSlowFleet {
  /** Poll targets: the simulator address, or the relay's address for lossy devices. */
  targets: string[];
  roleOf(host: string): SlowRole | null;
  viewOf(host: string): DeviceView | null;
  proxyStats(): { forwarded: number; dropped: number };
  stop(): Promise<void>;
}

export async function startSlowFleet(options: {
  plan: SlowFleetPlan;
  baseAddress: string;
  relayBaseAddress: string;
  port: number;
  seed: number;
}): Promise<RunningSlowFleet> {
  const plan = options.plan;
  const simulator: Simulator = await startSimulator({
    devices: plan.devices.length,
    baseAddress: options.baseAddress,
    port: options.port,
    seed: options.seed,
  });
  const lossyIndexes = plan.devices.flatMap((d, i) => (d.role === 'lossy' ? [i] : []));
  const relayAddresses = fleetAddresses(options.relayBaseAddress, lossyIndexes.length);
  const proxy = new LossyUdpProxy({
    listen: relayAddresses,
    port: options.port,
    upstream: lossyIndexes.map((i) => simulator.devices[i]!.address),
    upstreamPort: options.port,
    lossRate: plan.lossRate,
    seed: options.seed,
  });
  try {
    await proxy.start();
  } catch (error) {
    await simulator.stop();
    throw error;
  }
  const byHost = new Map<string, { role: SlowRole; index: number }>();
  const targets: string[] = [];
  plan.devices.forEach((d, i) => {
    const device = simulator.devices[i]!;
    device.inject('slow', { delayMs: d.delayMs });
    if (d.role === 'dead') device.inject('unreachable');
    if (d.role !== 'lossy') {
      byHost.set(device.address, { role: d.role, index: i });
      targets.push(device.address);
    }
  });
  lossyIndexes.forEach((deviceIndex, k) => {
    byHost.set(relayAddresses[k]!, { role: 'lossy', index: deviceIndex });
    targets.push(relayAddresses[k]!);
  });
  return {
    targets,
    roleOf: (host) => byHost.get(host)?.role ?? null,
    viewOf: (host) => {
      const entry = byHost.get(host);
      return entry ? simulator.devices[entry.index]!.model : null;
    },
    proxyStats: () => ({ ...proxy.stats }),
    stop: async () => {
      proxy.close();
      await simulator.stop();
    },
  };
}

interface SnapshotLike {
  ok?: unknown;
  error?: { code?: unknown };
  identity?: { serialNumber?: unknown; sysName?: unknown };
  counters?: { total?: unknown };
  status?: { errors?: unknown };
  supplies?: { index?: unknown; raw?: { level?: unknown } }[];
  unreadable?: { item?: unknown; reason?: unknown }[];
}

/**
 * Judges a document of the slow fleet against the simulator's own state: every value present must equal the
 * device's; a value the poller could not read must be listed as unreadable (then the document is "partial").
 */
export function checkAgainstView(raw: unknown, view: DeviceView | null, role: SlowRole | null): DocumentVerdict {
  if (typeof raw !== 'object' || raw === null) return { kind: 'wrong', reason: 'not a JSON object' };
  const doc = raw as SnapshotLike;
  if (doc.ok === false)
    return { kind: 'failed', code: typeof doc.error?.code === 'string' ? doc.error.code : 'unknown' };
  if (role === 'dead') return { kind: 'wrong', reason: 'a device that never answers was reported as answering' };
  if (!view) return { kind: 'wrong', reason: 'a document for an unknown host' };
  const problems: string[] = [];
  const check = (what: string, got: unknown, want: unknown): void => {
    if (got !== null && got !== undefined && got !== want)
      problems.push(`${what} ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`);
  };
  check('serialNumber', doc.identity?.serialNumber, view.identity.serialNumber);
  check('sysName', doc.identity?.sysName, view.identity.sysName);
  check('counters.total', doc.counters?.total, view.counters.total);
  const unreadable = Array.isArray(doc.unreadable) ? doc.unreadable : [];
  const missing = unreadable.filter((u) => u.reason === 'timeout' || u.reason === 'error').map((u) => String(u.item));
  const statusMissing = missing.some((m) => m.startsWith('status'));
  if (!statusMissing && Array.isArray(doc.status?.errors)) {
    const got = [...(doc.status.errors as string[])].sort().join(',');
    const want = [...view.status.errors].sort().join(',');
    if (got !== want) problems.push(`status.errors [${got}] instead of [${want}]`);
  }
  for (const s of doc.supplies ?? []) {
    const truth = view.supplies.find((v) => v.index === s.index);
    if (!truth) problems.push(`supply ${String(s.index)} does not exist`);
    else check(`supply ${String(s.index)} level`, s.raw?.level, truth.level);
  }
  if (problems.length > 0) return { kind: 'wrong', reason: problems.join('; ') };
  return missing.length > 0 ? { kind: 'partial', missing } : { kind: 'correct' };
}
