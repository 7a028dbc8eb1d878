import type { DeviceTarget } from '@fleetward/contracts';
import { BlockList, isIP } from 'node:net';
import { InvalidRequestError } from '../common/edge-error';

export interface KnownDeviceRegistryOptions {
  /** Most devices remembered; the least recently registered is forgotten first. */
  maxDevices: number;
  /** CIDRs (or single addresses) whose senders are accepted even when the edge has no target for them. */
  allow?: readonly string[];
}

export type SenderVerdict =
  { known: true; target: DeviceTarget } | { known: false; allowed: true } | { known: false; allowed: false };

/** `::ffff:10.0.0.1` → `10.0.0.1`; other addresses unchanged. */
export function normalizeAddress(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (m ? m[1]! : address).toLowerCase();
}

/** Parses FLEETWARD_EDGE_NOTIFY_ALLOW entries ("10.0.0.0/8", "192.0.2.7", "fd00::/8") into a BlockList. */
export function parseAllowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    const [address = '', prefixText] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new InvalidRequestError(`"${entry}" is not an IP address or CIDR`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefixText === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix >= 0 && prefix <= (family === 4 ? 32 : 128))) {
      throw new InvalidRequestError(`"${entry}" has a bad prefix length`);
    }
    list.addSubnet(address, prefix, type);
  }
  return list;
}

/**
 * The devices this edge knows: every target the server asked it to poll or identify, with its credentials, so a
 * device notification from that address can trigger a poll. In memory, bounded (least recently registered first
 * out). Keyed by host as given: a target given by host name does not match a sender's IP address.
 */
export class KnownDeviceRegistry {
  private readonly targets = new Map<string, DeviceTarget>();
  private readonly allow: BlockList;
  private readonly maxDevices: number;

  constructor(options: KnownDeviceRegistryOptions) {
    if (!Number.isInteger(options.maxDevices) || options.maxDevices < 1) {
      throw new InvalidRequestError('maxDevices must be a positive integer');
    }
    this.maxDevices = options.maxDevices;
    this.allow = parseAllowList(options.allow ?? []);
  }

  get size(): number {
    return this.targets.size;
  }

  /** Remembers (or refreshes) a target; its credentials replace those registered before for that host. */
  register(target: DeviceTarget): void {
    const key = normalizeAddress(target.host);
    this.targets.delete(key);
    this.targets.set(key, target);
    while (this.targets.size > this.maxDevices) {
      const oldest = this.targets.keys().next();
      if (oldest.done === true) break;
      this.targets.delete(oldest.value);
    }
  }

  lookup(address: string): DeviceTarget | undefined {
    return this.targets.get(normalizeAddress(address));
  }

  /** Whether a connection from `address` may push events, and the target to poll when one is known. */
  check(address: string): SenderVerdict {
    const normalized = normalizeAddress(address);
    const target = this.targets.get(normalized);
    if (target) return { known: true, target };
    const family = isIP(normalized);
    const allowed = family !== 0 && this.allow.check(normalized, family === 4 ? 'ipv4' : 'ipv6');
    return allowed ? { known: false, allowed: true } : { known: false, allowed: false };
  }
}
