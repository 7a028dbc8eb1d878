import type { DiscoveredDevice, DiscoverResponse, SnmpCredentials } from '@fleetward/contracts';
import { type DriverRegistry } from '../drivers/driver-registry';
import { probeDevice } from '../drivers/generic/identify';
import { mapWithConcurrency } from '../poller/concurrency';
import { defaultRegistry } from '../poller/device-poller';
import { SnmpClientPool } from '../poller/snmp-client-pool';
import { expandRange } from './address-range';

export interface DiscoverOptions {
  range: string;
  port?: number;
  credentials: SnmpCredentials[];
  timeoutMs?: number;
  retries?: number;
  concurrency?: number;
  maxAddresses?: number;
  /** Called for each device found, as soon as it answers. */
  onDevice?: (device: DiscoveredDevice) => void;
  registry?: DriverRegistry;
}

/**
 * Scans a range: for each address, tries the credentials in order; the first that answers wins.
 * Addresses that answer nothing (or reject every credential) are left out.
 */
export async function discover(options: DiscoverOptions): Promise<DiscoverResponse> {
  const started = performance.now();
  if (options.credentials.length === 0) throw new Error('discover needs at least one credential');
  const addresses = expandRange(options.range, options.maxAddresses ?? 65_536);
  const port = options.port ?? 161;
  const registry = options.registry ?? defaultRegistry();
  const pool = new SnmpClientPool({
    timeoutMs: options.timeoutMs ?? 1000,
    retries: options.retries ?? 0,
    shareSocket: true,
  });
  const found: (DiscoveredDevice | null)[] = [];
  try {
    const results = await mapWithConcurrency(addresses, options.concurrency ?? 128, async (host) => {
      for (let i = 0; i < options.credentials.length; i++) {
        const credentials = options.credentials[i]!;
        const client = pool.client({ host, port, snmp: credentials });
        try {
          const probe = await probeDevice(client);
          const { choice } = registry.choose(probe.identity.value);
          const device: DiscoveredDevice = {
            host,
            port,
            credentialIndex: i,
            snmpVersion: credentials.version,
            identity: probe.identity.value,
            driver: choice,
          };
          options.onDevice?.(device);
          return device;
        } catch {
          // no answer or rejected: try the next credential
        } finally {
          pool.evict({ host, port, snmp: credentials });
        }
      }
      return null;
    });
    found.push(...results);
  } finally {
    pool.close();
  }
  return {
    range: options.range,
    scanned: addresses.length,
    devices: found.filter((d): d is DiscoveredDevice => d !== null),
    durationMs: Math.round(performance.now() - started),
  };
}
