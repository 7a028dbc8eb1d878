import type { DeviceGroupResponse, DeviceSnmpInput } from '@fleetward/contracts';
import type { AccessScope } from '@fleetward/domain';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { loadActivation } from '../../edge/src/activation/edge-activation';
import { startEdge, type RunningEdge } from '../../edge/src/main';
import { startServer, type StartedServer } from '../../server/src/bootstrap';
import { superAdminScope } from '../../server/src/modules/auth/access-scope';
import { DeviceSettingsService } from '../../server/src/modules/deliveries/device-settings.service';
import { DeviceGroupsService } from '../../server/src/modules/device-groups/device-groups.service';
import { DeviceInventoryService } from '../../server/src/modules/devices/device-inventory.service';
import { EdgesService } from '../../server/src/modules/edges/edges.service';
import { GroupAlertSettingsService } from '../../server/src/modules/monitoring/notifications/group-alert-settings.service';
import { MailSettingsService } from '../../server/src/modules/settings/mail-settings.service';
import { UsersService } from '../../server/src/modules/users/users.service';
import { startupBanner } from '../../server/src/startup-banner';
import {
  DEFAULT_ADMIN_PASSWORD,
  DEFAULT_COMMUNITY,
  DEFAULT_V3_USER,
  startSimulator,
  type SimulatedDevice,
  type Simulator,
} from '../../test/simulator/src/index';
import { WebDavSettingsPuller } from '../../test/simulator/src/settings-files';
import { demoServerEnv, loadDemoEnv, type DemoEnv } from './demo-env';
import { startDemoSamba, type DemoSamba } from './demo-samba';
import { startMailCatcher, type MailCatcher } from './mail-catcher';

/** The three demo groups, with the location given to their devices and who gets their alert mails. */
export const DEMO_GROUPS = [
  { name: 'Tokyo HQ', location: 'Tokyo HQ, Marunouchi', recipient: 'tokyo-it@example.com' },
  { name: 'Osaka', location: 'Osaka branch, Umeda', recipient: 'osaka-it@example.com' },
  { name: 'Warehouse', location: 'Warehouse, Chiba', recipient: 'warehouse-it@example.com' },
] as const;

export const DEMO_EDGE_NAME = 'Demo edge';
/** Read-write SNMP community of the simulated devices: SNMP SET of settings (oem-4000i, p4700, generic). */
export const DEMO_WRITE_COMMUNITY = 'demo-write';
/** The administrator password every simulated device starts with (the simulator's default). */
export const DEMO_DEVICE_ADMIN_PASSWORD = DEFAULT_ADMIN_PASSWORD;
/** How often a simulated c3100i asks the edge's WebDAV drop for a settings file. */
const DEMO_PULL_INTERVAL_MS = 1000;
export const DEMO_MAIL_FROM = 'Fleetward demo <fleetward-demo@example.com>';

/** Busier than the simulator's default office: toners run low within minutes, not days. */
const DEMO_ACTIVITY = { jobProbability: 0.3, maxPagesPerJob: 60, colorShare: 0.4 };
/** A quarter of the simulator's default fault rates: with 50 devices and a 1 s tick, a jam every 20 s or so. */
const DEMO_FAULT_RATES = { jam: 0.001, doorOpen: 0.0005, serviceRequested: 0.0002, sleep: 0.0002 };

export interface DemoOptions {
  /** The environment: server keys as for `npm start`, plus the FLEETWARD_DEMO_* keys (see demo-env.ts). */
  env: Record<string, string | undefined>;
  /** Where the demo's lines go (default: stdout). */
  log?: (line: string) => void;
}

export interface RunningDemo {
  server: StartedServer;
  edge: RunningEdge;
  simulator: Simulator;
  /** The private Samba serving the smb-287 devices' shares; null when Samba is missing (said at start-up). */
  samba: DemoSamba | null;
  mail: MailCatcher;
  settings: DemoEnv;
  dataDir: string;
  mailDir: string;
  edgeId: string;
  groups: DeviceGroupResponse[];
  /** Device ids in simulator order. */
  deviceIds: string[];
  /** The "try this" text printed at start. */
  tryThis: string;
  stop(): Promise<void>;
}

/** One handle over the server's services, acting as the Super Admin (the demo runs inside the server's process). */
interface Provisioner {
  scope: AccessScope;
  edges: EdgesService;
  groups: DeviceGroupsService;
  inventory: DeviceInventoryService;
  mailSettings: MailSettingsService;
  alertSettings: GroupAlertSettingsService;
  deviceSettings: DeviceSettingsService;
}

/**
 * Starts the whole product on one machine: the server (as `npm start` would, with demo poll intervals), one edge,
 * the device simulator pushing notifications to the edge, and a mail catcher; then registers and connects the edge,
 * creates the three groups and the devices, sets the mail server and each group's recipients. Idempotent across
 * restarts on the same data dir / database: existing edge, groups and devices are found by name / address.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const settings = loadDemoEnv(options.env);
  // The server stops first: its scheduler and edge connections end, so the edge has no call left to wait for.
  let closeServer: (() => Promise<void>) | null = null;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    const first = closeServer;
    closeServer = null;
    for (const stop of [...(first ? [first] : []), ...stops.splice(0).reverse()]) {
      await stop().catch(() => undefined);
    }
  };
  try {
    const server = await startServer(demoServerEnv(options.env));
    closeServer = () => server.close();
    const dataDir = server.config.dataDir;
    const p = await provisioner(server);

    const mailDir = path.join(dataDir, 'mail');
    const mail = await startMailCatcher({
      dir: mailDir,
      port: settings.FLEETWARD_DEMO_SMTP_PORT,
      onMail: (m) => log(`mail ${path.basename(m.file)} to ${m.to.join(', ')}: ${m.subject}`),
    });
    stops.push(() => mail.stop());

    const { edgeId, edge } = await connectDemoEdge(p, server, {
      dataDir: path.join(dataDir, 'edge'),
      port: settings.FLEETWARD_DEMO_EDGE_PORT,
      notifyPort: settings.FLEETWARD_DEMO_NOTIFY_PORT,
      webdavPort: settings.FLEETWARD_DEMO_WEBDAV_PORT,
    });
    stops.push(() => edge.close());

    const snmpPort =
      settings.FLEETWARD_DEMO_SNMP_PORT !== 0
        ? settings.FLEETWARD_DEMO_SNMP_PORT
        : process.getuid?.() === 0
          ? 161
          : 1161;
    const simulator = await startSimulator({
      devices: settings.FLEETWARD_DEMO_DEVICES,
      baseAddress: settings.FLEETWARD_DEMO_BASE_ADDRESS,
      port: snmpPort,
      tickMs: settings.FLEETWARD_DEMO_TICK_MS === 0 ? false : settings.FLEETWARD_DEMO_TICK_MS,
      autoFaults: settings.FLEETWARD_DEMO_AUTO_FAULTS === '1',
      activity: DEMO_ACTIVITY,
      faultRates: DEMO_FAULT_RATES,
      controlPort: settings.FLEETWARD_DEMO_CONTROL_PORT,
      communities: [DEFAULT_COMMUNITY, { name: DEMO_WRITE_COMMUNITY, access: 'read-write' }],
      adminPassword: DEMO_DEVICE_ADMIN_PASSWORD,
      xmlApi: { port: settings.FLEETWARD_DEMO_XML_API_PORT, tlsPort: settings.FLEETWARD_DEMO_XML_API_TLS_PORT },
      notify: edge.notify.http ? { url: edge.notify.http.url } : undefined,
      onEvent: (e) => {
        if (e.event.kind === 'fault') log(`simulator ${e.address} ${e.event.fault} ${e.event.active ? 'on' : 'off'}`);
      },
    });
    stops.push(() => simulator.stop());
    // The c3100i devices pull their settings files from the edge's WebDAV drop (from their own addresses).
    const webdav = edge.webdav;
    if (webdav) {
      for (const device of simulator.devices.filter((d) => d.family === 'c3100i')) {
        const puller = new WebDavSettingsPuller({
          url: webdav.url,
          ca: webdav.certificate,
          localAddress: device.address,
          store: device.settings,
          serial: device.state.identity.serialNumber,
          intervalMs: DEMO_PULL_INTERVAL_MS,
        });
        puller.start();
        stops.push(() => puller.stop());
      }
    }
    // The smb-287 devices read their settings files from their own shares on a private Samba (stopped on exit).
    const samba = await startDemoSamba({ devices: simulator.devices, port: settings.FLEETWARD_DEMO_SMB_PORT, log });
    if (samba) stops.push(() => samba.stop());

    const groups = await ensureGroups(p);
    const deviceIds = await ensureDevices(p, edgeId, groups, simulator, samba);
    await p.mailSettings.put({
      host: '127.0.0.1',
      port: mail.port,
      security: 'none',
      user: null,
      password: null,
      from: DEMO_MAIL_FROM,
      rejectUnauthorized: true,
      ca: null,
    });
    for (const [index, group] of groups.entries()) {
      await p.alertSettings.putRecipients(group.id, { emails: [DEMO_GROUPS[index]!.recipient] }, p.scope);
    }

    const tryThis = tryThisText({
      consoleUrl: server.consoleUrl,
      controlUrl: simulator.controlUrl,
      example: simulator.devices[Math.min(4, simulator.devices.length - 1)]!.address,
      mailDir,
      devices: deviceIds.length,
    });
    log(startupBanner(server).trimEnd());
    log(tryThis);
    return {
      server,
      edge,
      simulator,
      samba,
      mail,
      settings,
      dataDir,
      mailDir,
      edgeId,
      groups,
      deviceIds,
      tryThis,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function provisioner(server: StartedServer): Promise<Provisioner> {
  const admin = await server.app.get(UsersService).findForLogin('admin');
  if (!admin) throw new Error('The built-in Super Admin "admin" is missing');
  return {
    scope: superAdminScope(admin.id),
    edges: server.app.get(EdgesService),
    groups: server.app.get(DeviceGroupsService),
    inventory: server.app.get(DeviceInventoryService),
    mailSettings: server.app.get(MailSettingsService),
    alertSettings: server.app.get(GroupAlertSettingsService),
    deviceSettings: server.app.get(DeviceSettingsService),
  };
}

/**
 * Registers the demo edge (once), starts it and lets it activate itself with a one-time code; the one place that
 * knows how an edge is connected. On a restart the edge reuses its stored activation (mutual TLS) and no code is
 * needed; an edge data dir activated against another database is discarded and the edge activated again.
 */
async function connectDemoEdge(
  p: Provisioner,
  server: StartedServer,
  options: { dataDir: string; port: number; notifyPort: number; webdavPort: number },
): Promise<{ edgeId: string; edge: RunningEdge }> {
  const existing = (await p.edges.list(p.scope)).find((e) => e.name === DEMO_EDGE_NAME);
  const stored = loadActivation(options.dataDir);
  let edgeId: string;
  let code: string | undefined;
  if (existing && stored?.edgeId === existing.id) {
    edgeId = existing.id;
  } else {
    if (stored) rmSync(options.dataDir, { recursive: true, force: true });
    if (existing) {
      edgeId = existing.id;
      code = (await p.edges.issueActivationCode(p.scope, existing.id)).code;
    } else {
      const created = await p.edges.create({ name: DEMO_EDGE_NAME }, p.scope);
      edgeId = created.id;
      code = created.activation.code;
    }
  }
  const bind = server.config.http.bindAddress;
  const serverHost = bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind;
  const edge = await startEdge(
    {
      FLEETWARD_EDGE_PORT: String(options.port),
      FLEETWARD_EDGE_BIND_ADDRESS: '127.0.0.1',
      FLEETWARD_EDGE_DATA_DIR: options.dataDir,
      FLEETWARD_EDGE_SERVER_URL: `https://${serverHost.includes(':') ? `[${serverHost}]` : serverHost}:${server.port}`,
      ...(code === undefined ? {} : { FLEETWARD_EDGE_ACTIVATION_CODE: code }),
      FLEETWARD_EDGE_NOTIFY_HTTP_PORT: String(options.notifyPort),
      FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '0',
      FLEETWARD_EDGE_NOTIFY_BIND_ADDRESS: '127.0.0.1',
      FLEETWARD_EDGE_SNMP_TIMEOUT_MS: '2000',
      FLEETWARD_EDGE_WEBDAV_PORT: String(options.webdavPort),
      // A device pulls every second: a delivery need not wait the production default of two minutes.
      FLEETWARD_EDGE_SETTINGS_PULL_TIMEOUT_MS: '30000',
      FLEETWARD_EDGE_SETTINGS_RESULT_TIMEOUT_MS: '30000',
    },
    { logger: false },
  );
  try {
    // The edge tells its URL when it activates; after a restart on another port the server must learn the new one.
    await p.edges.updateConnection(edgeId, { url: edge.url }, p.scope);
  } catch (error) {
    await edge.close();
    throw error;
  }
  return { edgeId, edge };
}

async function ensureGroups(p: Provisioner): Promise<DeviceGroupResponse[]> {
  const existing = await p.groups.list(p.scope);
  const groups: DeviceGroupResponse[] = [];
  for (const spec of DEMO_GROUPS) {
    groups.push(
      existing.find((g) => g.name === spec.name) ??
        (await p.groups.create({ name: spec.name, description: `Demo devices: ${spec.location}` }, p.scope)),
    );
  }
  return groups;
}

/** Adds the simulated devices not yet on the demo edge (by address): round-robin over the groups. */
async function ensureDevices(
  p: Provisioner,
  edgeId: string,
  groups: readonly DeviceGroupResponse[],
  simulator: Simulator,
  samba: DemoSamba | null,
): Promise<string[]> {
  const known = new Map<string, { id: string; port: number }>();
  for (let page = 1; ; page++) {
    const result = await p.inventory.list(p.scope, { page, pageSize: 500, edgeId });
    for (const d of result.items) known.set(d.address, { id: d.id, port: d.port });
    if (page * 500 >= result.total) break;
  }
  const ids: string[] = [];
  for (const [index, device] of simulator.devices.entries()) {
    const found = known.get(device.address);
    if (found) {
      // Started with another FLEETWARD_DEMO_SNMP_PORT (e.g. once as root, once not): the same device, moved. The
      // simulator starts afresh each time, with its default admin password and SNMP credentials: a password or a
      // community rotated by a delivery in an earlier run is gone from the device, so the record gets the device's
      // own again.
      await p.inventory.update(
        found.id,
        {
          adminPassword: DEMO_DEVICE_ADMIN_PASSWORD,
          snmp: demoSnmpOf(index),
          ...(found.port !== device.port ? { port: device.port } : {}),
        },
        p.scope,
      );
      await ensureSettingsAccess(p, found.id, device, simulator, samba);
      ids.push(found.id);
      continue;
    }
    const group = groups[index % groups.length]!;
    const spec = DEMO_GROUPS[index % DEMO_GROUPS.length]!;
    const snmp = demoSnmpOf(index);
    const created = await p.inventory.create(
      {
        name: `${spec.name} MFP ${String(Math.floor(index / groups.length) + 1).padStart(2, '0')}`,
        address: device.address,
        port: device.port,
        location: `${spec.location}, ${(index % 5) + 1}F`,
        edgeId,
        groupIds: [group.id],
        snmp,
        adminPassword: DEMO_DEVICE_ADMIN_PASSWORD,
      },
      p.scope,
    );
    await ensureSettingsAccess(p, created.id, device, simulator, samba);
    ids.push(created.id);
  }
  return ids;
}

/** The SNMP credentials the demo polls a device with: v2c and v3 authPriv alternately, as the simulator ships them. */
function demoSnmpOf(index: number): DeviceSnmpInput {
  return index % 2 === 0
    ? { version: '2c', community: DEFAULT_COMMUNITY }
    : {
        version: '3',
        user: DEFAULT_V3_USER.name,
        level: 'authPriv',
        authProtocol: DEFAULT_V3_USER.authProtocol,
        authKey: DEFAULT_V3_USER.authKey,
        privProtocol: DEFAULT_V3_USER.privProtocol,
        privKey: DEFAULT_V3_USER.privKey,
      };
}

/**
 * What the device's settings transport needs (stored encrypted by the server): the XML API over HTTPS with the
 * simulator's device certificate pinned (i-series), the read-write community for SNMP SET (oem-4000i, p4700,
 * generic), the device's share on the demo's private Samba (smb-287; none when Samba is missing). The c3100i needs
 * nothing here (it pulls from the edge's WebDAV drop). Set on every start: the XML API ports, the Samba port and its
 * password change from run to run.
 */
async function ensureSettingsAccess(
  p: Provisioner,
  deviceId: string,
  device: SimulatedDevice,
  simulator: Simulator,
  samba: DemoSamba | null,
): Promise<void> {
  if (device.family === 'smb-287') {
    await p.deviceSettings.putAccess(deviceId, { smb: samba ? samba.access(device) : null }, p.scope);
    return;
  }
  if (device.xmlApi) {
    await p.deviceSettings.putAccess(
      deviceId,
      { xmlApi: { tls: true, port: device.xmlApi.tlsPort, caPem: simulator.deviceCertificatePem } },
      p.scope,
    );
  } else if (device.family === 'oem-4000i' || device.family === 'p4700' || device.family === 'generic') {
    await p.deviceSettings.putAccess(
      deviceId,
      { snmpWrite: { version: '2c', community: DEMO_WRITE_COMMUNITY } },
      p.scope,
    );
  }
}

function tryThisText(o: {
  consoleUrl: string;
  controlUrl: string | null;
  example: string;
  mailDir: string;
  devices: number;
}): string {
  const api = `${o.consoleUrl}api/v1`;
  return [
    `Demo: ${o.devices} simulated devices in 3 groups (Tokyo HQ, Osaka, Warehouse) on one edge, polled every 30 s.`,
    `Try this:`,
    `  - open ${o.consoleUrl} (accept the self-signed certificate) and sign in as "admin"; watch the dashboard fill`,
    `    (Devices, Alerts, and Edges: the demo edge activated itself and is polled over mutual TLS)`,
    `  - jam a device:  curl -s -XPOST -H 'content-type: application/json' -d '{"fault":"jam"}' ${o.controlUrl ?? '<control API>'}/devices/${o.example}/faults`,
    `    clear it:      curl -s -XDELETE ${o.controlUrl ?? '<control API>'}/devices/${o.example}/faults/jam`,
    `  - alert mails are written to ${o.mailDir}/<n>.eml (one line per mail below)`,
    `  - meter reads of the last 30 days: Devices page > "Meter reads", or`,
    `    curl -sk -H "authorization: Bearer $TOKEN" '${api}/devices/meter-reads.csv'`,
    `  - settings: Templates > "Capture from a device" (find "Tokyo HQ MFP 01", an i-series), add "Administrator password"`,
    `    and change "Time zone"; Deliveries > "Deliver a template" to a group and watch each device; then`,
    `    "New drift check" > "Create and check now", change a setting at a panel (README) and "Check now"`,
    `  - the API: curl -sk -H "authorization: Bearer $TOKEN" ${api}/devices  (also /alerts, /edges)`,
    `Ctrl-C stops everything; start again with the same data dir to continue.`,
  ].join('\n');
}
