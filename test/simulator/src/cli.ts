import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DeviceEvent } from './model/device-model';
import { isFamilyId, type FamilyId } from './model/families';
import { startSimulator, type Simulator, type SimulatorEvent } from './simulator';
import { SimulatorError, SimulatorOptionsError } from './simulator.errors';
import { DEFAULT_V3_USER } from './snmp/snmp-agent';

const USAGE = `Usage: npm run sim -- [options]
  --devices N          number of simulated MFPs (default 10)
  --base-address A     first loopback address (default 127.1.0.1)
  --port P             SNMP UDP port of every device (default 161)
  --families a,b       families round-robin: i-series, oem-4000i, c3100i, p4700, smb-287, generic
  --seed S             seed of the simulation (default 1)
  --tick-ms MS         office activity every MS ms (default 1000; 0 = none)
  --no-auto-faults     no random jams / doors / service calls / naps
  --community C        read-only community (repeatable, default public)
  --write-community C  read-write community (only when given)
  --control-port P     control API on 127.0.0.1:P (default 7161; 0 = any free port)
  --quiet-events       do not print a line per fault event
  --notify-url URL     push device notifications (DeviceEvent XML) to URL, e.g. http://127.0.0.1:5001/device-events
  --notify-ca FILE     PEM CA to trust for an https --notify-url
  --admin-password PW  administrator password of every device (default fleetward-admin)
  --xml-api            serve the vendor XML API of the i-series devices (HTTP 50001, HTTPS 50003)
  --xml-api-port P     XML API HTTP port (default 50001); --xml-api-tls-port P for HTTPS (default 50003)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(1);
}

function int(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer`);
  return Number(value);
}

function describe(event: DeviceEvent): string {
  switch (event.kind) {
    case 'alertRaised':
      return `alert raised  #${event.alert.index} ${event.alert.severity} ${event.alert.code}: ${event.alert.description}`;
    case 'alertCleared':
      return `alert cleared #${event.alert.index} ${event.alert.code}: ${event.alert.description}`;
    case 'fault':
      return `${event.fault} ${event.active ? 'on' : 'off'}`;
  }
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        devices: { type: 'string' },
        'base-address': { type: 'string' },
        port: { type: 'string' },
        families: { type: 'string' },
        seed: { type: 'string' },
        'tick-ms': { type: 'string' },
        'no-auto-faults': { type: 'boolean' },
        community: { type: 'string', multiple: true },
        'write-community': { type: 'string', multiple: true },
        'control-port': { type: 'string' },
        'quiet-events': { type: 'boolean' },
        'notify-url': { type: 'string' },
        'notify-ca': { type: 'string' },
        'admin-password': { type: 'string' },
        'xml-api': { type: 'boolean' },
        'xml-api-port': { type: 'string' },
        'xml-api-tls-port': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let families: FamilyId[] | undefined;
  if (v.families !== undefined) {
    const names = v.families
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !isFamilyId(n));
    if (unknown.length > 0 || names.length === 0) fail(`unknown families: ${unknown.join(', ') || '(none given)'}`);
    families = names as FamilyId[];
  }
  const tickMs = int(v['tick-ms'], 'tick-ms', 1000);
  const communities = [
    ...(v.community ?? ['public']).map((name) => ({ name, access: 'read-only' as const })),
    ...(v['write-community'] ?? []).map((name) => ({ name, access: 'read-write' as const })),
  ];
  const quiet = v['quiet-events'] ?? false;
  if (v['notify-ca'] !== undefined && v['notify-url'] === undefined) fail('--notify-ca needs --notify-url');
  let notifyCa: string | undefined;
  if (v['notify-ca'] !== undefined) {
    try {
      notifyCa = readFileSync(v['notify-ca'], 'utf8');
    } catch (error) {
      fail(`--notify-ca: cannot read ${v['notify-ca']}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const startedAt = process.hrtime.bigint();
  let simulator: Simulator;
  try {
    simulator = await startSimulator({
      devices: int(v.devices, 'devices', 10),
      baseAddress: v['base-address'] ?? '127.1.0.1',
      port: int(v.port, 'port', 161),
      families,
      seed: int(v.seed, 'seed', 1),
      communities,
      tickMs: tickMs === 0 ? false : tickMs,
      autoFaults: !(v['no-auto-faults'] ?? false),
      controlPort: int(v['control-port'], 'control-port', 7161),
      ...(v['admin-password'] !== undefined ? { adminPassword: v['admin-password'] } : {}),
      ...(v['xml-api'] || v['xml-api-port'] !== undefined || v['xml-api-tls-port'] !== undefined
        ? {
            xmlApi: {
              port: int(v['xml-api-port'], 'xml-api-port', 50001),
              tlsPort: int(v['xml-api-tls-port'], 'xml-api-tls-port', 50003),
            },
          }
        : {}),
      notify:
        v['notify-url'] === undefined
          ? undefined
          : {
              url: v['notify-url'],
              ca: notifyCa,
              onError: (address: string, message: string) =>
                process.stderr.write(`${new Date().toISOString()} ${address} ${message}\n`),
            },
      onEvent: quiet
        ? undefined
        : (e: SimulatorEvent) =>
            process.stdout.write(`${new Date().toISOString()} ${e.address} ${describe(e.event)}\n`),
    });
  } catch (error) {
    if (error instanceof SimulatorOptionsError) fail(error.message);
    if (error instanceof SimulatorError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
  for (const device of simulator.devices) {
    const id = device.state.identity;
    process.stdout.write(`${device.address}:${device.port} ${device.family} ${id.model} ${id.serialNumber}\n`);
  }
  const xmlApi = simulator.devices.find((d) => d.xmlApi)?.xmlApi ?? null;
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  process.stdout.write(
    `Serving ${simulator.devices.length} devices (started in ${Math.round(ms)} ms, RSS ${rssMb} MB). ` +
      `SNMP v1/v2c community ${communities.map((c) => c.name).join(', ')}; v3 user ${DEFAULT_V3_USER.name} ` +
      `(authPriv SHA/AES).\nControl API: ${simulator.controlUrl ?? 'off'}\n` +
      `Device notifications: ${simulator.notifier?.target ?? 'off'}\n` +
      `XML API (i-series): ${xmlApi ? `HTTP ${xmlApi.port}, HTTPS ${xmlApi.tlsPort} (self-signed)` : 'off'}\n`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping ${simulator.devices.length} devices\n`);
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
