import { createHash } from 'node:crypto';
import * as dgram from 'node:dgram';
import type { DeviceModel } from '../model/device-model';
import type { SnmpAccess, V3UserConfig } from '../model/snmp-access';
import { SimulatorError } from '../simulator.errors';
import { renderDeviceMib, type DeviceMib, type SmiType, type SmiValue } from './device-mib';
import {
  processIncomingOf,
  snmp,
  type MibNodeLike,
  type NetSnmpAgent,
  type NetSnmpMib,
  type NetSnmpUser,
} from './net-snmp';
import { settingsSetHandler } from './settings-set';

export {
  DEFAULT_COMMUNITY,
  DEFAULT_V3_USER,
  type CommunityConfig,
  type SnmpAccess,
  type V3AuthProtocol,
  type V3Level,
  type V3PrivProtocol,
  type V3UserConfig,
} from '../model/snmp-access';

/** What a device's secrets become under the `wrongCredentials` fault (as if an admin had changed them). */
export const ROTATED_SECRET_SUFFIX = '-rotated';

export interface SnmpFaceOptions {
  model: DeviceModel;
  address: string;
  port: number;
  /** Delays answers (sleep with a slow wake, `slow` fault); injectable so tests need not wait. */
  schedule?: (fn: () => void, ms: number) => void;
  /** Called for security failures and other request errors (never with secrets). */
  onRequestError?: (message: string) => void;
}

/** Raised when a device's SNMP socket cannot be bound (address not local, port in use, no privilege). */
export class SnmpBindError extends SimulatorError {
  constructor(address: string, port: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('SIM_SNMP_BIND_FAILED', `Cannot serve SNMP on ${address}:${port}: ${reason}`, { cause });
  }
}

/** Column number of a declared-only outer index (hrDeviceIndex): far above any real column. */
const HIDDEN_OUTER_INDEX_COLUMN = 10_000;
const USM_WRONG_DIGESTS = '5';
const USM_DECRYPTION_ERROR = '6';

const SMI_TYPES: Record<SmiType, number> = {
  Integer: snmp.ObjectType.Integer,
  OctetString: snmp.ObjectType.OctetString,
  OID: snmp.ObjectType.OID,
  Counter32: snmp.ObjectType.Counter,
  Gauge32: snmp.ObjectType.Gauge,
  TimeTicks: snmp.ObjectType.TimeTicks,
};

/** A deterministic, unique SNMPv3 engine ID per address:port (net-snmp's enterprise format, 8000B983 80 + 12). */
export function engineIdFor(address: string, port: number): string {
  const digest = createHash('sha256').update(`${address}:${port}`).digest('hex').slice(0, 24);
  return `8000B98380${digest}`;
}

export interface MibInstance {
  oid: string;
  type: SmiType;
  value: SmiValue;
}

/** Every served instance of a rendered device, in a stable order (scalars, then tables column by column). */
export function flattenInstances(rendered: DeviceMib): MibInstance[] {
  const instances: MibInstance[] = [];
  for (const scalar of rendered.scalars) {
    instances.push({ oid: `${scalar.oid}.0`, type: scalar.type, value: scalar.value });
  }
  for (const table of rendered.tables) {
    for (const row of table.rows) {
      for (const column of table.columns) {
        const value = row.values[column.number];
        if (value === undefined) continue;
        instances.push({ oid: `${table.entryOid}.${column.number}.${row.index.join('.')}`, type: column.type, value });
      }
    }
  }
  return instances;
}

/** The shape of a rendered device: which instances exist with which types (values left out). */
export function shapeOf(instances: readonly MibInstance[]): string {
  return instances.map((i) => `${i.oid}:${i.type}`).join(' ');
}

/**
 * Builds a net-snmp Mib holding the rendered device: read-only providers, instance values loaded directly.
 * Returns the instance nodes aligned with `flattenInstances(rendered)`, so values can be updated in place.
 */
export function buildNetSnmpMib(rendered: DeviceMib): { mib: NetSnmpMib; nodes: MibNodeLike[] } {
  const mib = snmp.createMib();
  const readOnly = snmp.MaxAccess['read-only'];
  for (const scalar of rendered.scalars) {
    mib.registerProvider({
      name: scalar.name,
      type: snmp.MibProviderType.Scalar,
      oid: scalar.oid,
      scalarType: SMI_TYPES[scalar.type],
      maxAccess: scalar.writable ? snmp.MaxAccess['read-write'] : readOnly,
    });
    mib.addProviderToNode(mib.getProvider(scalar.name));
  }
  for (const table of rendered.tables) {
    const firstRow = table.rows[0];
    if (!firstRow) continue;
    const columns = table.columns.map((c) => ({
      number: c.number,
      name: c.name,
      type: SMI_TYPES[c.type],
      maxAccess: readOnly,
    }));
    // Index columns are not-accessible in these MIBs and never served; net-snmp needs one declared column per
    // index component to decode row instances (hrDeviceIndex first, then the table's own index).
    const notAccessible = snmp.MaxAccess['not-accessible'];
    const hidden = (number: number, name: string) => ({
      number,
      name,
      type: snmp.ObjectType.Integer,
      maxAccess: notAccessible,
    });
    if (!columns.some((c) => c.number === 1)) columns.unshift(hidden(1, `${table.name}Index`));
    const tableIndex = [{ columnNumber: 1 }];
    if (firstRow.index.length === 2) {
      columns.push(hidden(HIDDEN_OUTER_INDEX_COLUMN, `${table.name}OuterIndex`));
      tableIndex.unshift({ columnNumber: HIDDEN_OUTER_INDEX_COLUMN });
    }
    mib.registerProvider({
      name: table.name,
      type: snmp.MibProviderType.Table,
      oid: table.entryOid,
      maxAccess: readOnly,
      tableColumns: columns,
      tableIndex,
    });
    mib.addProviderToNode(mib.getProvider(table.name));
  }
  const nodes = flattenInstances(rendered).map((instance) => {
    const node = mib.addNodesForOid(instance.oid);
    node.valueType = SMI_TYPES[instance.type];
    node.value = instance.value;
    return node;
  });
  return { mib, nodes };
}

/**
 * The SNMP face of one device: a net-snmp agent bound to the device's address and port, whose MIB is
 * re-rendered from the model when the model changed since the last request. Requests pass a gate first:
 * unreachable and sleeping devices drop them, slow ones answer late; a failed SNMPv3 authentication or
 * decryption is answered with the usmStats report a real agent sends (net-snmp alone would stay silent).
 */
export class SnmpFace {
  private agent: NetSnmpAgent | null = null;
  private renderedVersion = -1;
  private shape = '';
  private nodes: MibNodeLike[] = [];
  private credentialsRotated = false;
  private accessVersion = -1;
  private currentRequest: { socket: dgram.Socket; buffer: Buffer; rinfo: dgram.RemoteInfo } | null = null;
  private readonly schedule: (fn: () => void, ms: number) => void;
  private readonly onRequestError: (message: string) => void;
  private requestsServed = 0;

  constructor(private readonly options: SnmpFaceOptions) {
    this.schedule = options.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
    this.onRequestError = options.onRequestError ?? (() => undefined);
  }

  get served(): number {
    return this.requestsServed;
  }

  async start(): Promise<void> {
    const { address, port } = this.options;
    let socket: dgram.Socket | undefined;
    let bindError: ((error: unknown) => void) | undefined;
    const dgramModule = {
      createSocket: (type: 'udp4') => {
        const created = dgram.createSocket(type);
        const on = created.on.bind(created);
        // Route each datagram through the gate before net-snmp sees it.
        created.on = ((event: string, listener: (...args: unknown[]) => void) => {
          if (event !== 'message') return on(event, listener);
          return on('message', (buffer: Buffer, rinfo: dgram.RemoteInfo) =>
            this.gate(created, buffer, rinfo, () => listener(buffer, rinfo)),
          );
        }) as typeof created.on;
        socket = created;
        return created;
      },
    };
    const agent = snmp.createAgent(
      {
        port,
        address,
        transport: 'udp4',
        engineID: engineIdFor(address, port),
        accessControlModelType: snmp.AccessControlModelType.Simple,
        disableAuthorization: false,
        dgramModule,
      },
      (error) => {
        if (!error) return;
        if (bindError) bindError(error);
        else this.onSecurityError(error);
      },
    );
    this.agent = agent;
    // SET of the settings objects goes through the device's settings store (./settings-set.ts).
    agent.setBulkSetHandler(settingsSetHandler(this.options.model));
    const bound = socket;
    if (!bound) throw new SnmpBindError(address, port, new Error('net-snmp created no socket'));
    await new Promise<void>((resolve, reject) => {
      bindError = (error) => reject(new SnmpBindError(address, port, error));
      bound.once('listening', () => resolve());
    }).finally(() => {
      bindError = undefined;
    });
    this.applyCredentials();
  }

  async stop(): Promise<void> {
    const agent = this.agent;
    this.agent = null;
    if (!agent) return;
    await new Promise<void>((resolve) => {
      try {
        agent.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  private gate(socket: dgram.Socket, buffer: Buffer, rinfo: dgram.RemoteInfo, deliver: () => void): void {
    const policy = this.options.model.answerPolicy();
    if (!policy.answer) return;
    const run = (): void => {
      if (!this.agent || !this.options.model.answerPolicy().answer) return;
      this.refresh();
      this.currentRequest = { socket, buffer, rinfo };
      try {
        deliver();
        this.requestsServed += 1;
      } catch (error) {
        // One bad request must not take down a process that serves a thousand devices.
        this.onRequestError(`request from ${rinfo.address}:${rinfo.port} failed: ${String(error)}`);
      } finally {
        this.currentRequest = null;
      }
    };
    if (policy.delayMs > 0) this.schedule(run, policy.delayMs);
    else run();
  }

  /** Re-renders the MIB when the model changed; the uptime scalars move on every request. */
  private refresh(): void {
    const agent = this.agent;
    if (!agent) return;
    const model = this.options.model;
    if (model.hasWrongCredentials() !== this.credentialsRotated || model.snmpAccess.version !== this.accessVersion)
      this.applyCredentials();
    if (model.version !== this.renderedVersion) {
      const rendered = renderDeviceMib(model);
      const instances = flattenInstances(rendered);
      const shape = shapeOf(instances);
      if (shape === this.shape && this.nodes.length === instances.length) {
        // Same instances, new values (the usual case: counters and levels moved): update in place.
        instances.forEach((instance, i) => {
          const node = this.nodes[i];
          if (node) node.value = instance.value;
        });
      } else {
        const built = buildNetSnmpMib(rendered);
        agent.setMib(built.mib);
        this.nodes = built.nodes;
        this.shape = shape;
      }
      this.renderedVersion = model.version;
      return;
    }
    const uptime = model.uptimeTicks();
    const mib = agent.getMib();
    for (const oid of ['1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.25.1.1.0']) {
      const node = mib.lookup(oid);
      if (node) node.value = uptime;
    }
  }

  private applyCredentials(): void {
    const agent = this.agent;
    if (!agent) return;
    const rotated = this.options.model.hasWrongCredentials();
    const suffix = rotated ? ROTATED_SECRET_SUFFIX : '';
    const authorizer = agent.getAuthorizer();
    const acm = authorizer.getAccessControlModel();
    for (const community of authorizer.getCommunities()) {
      authorizer.deleteCommunity(community);
      acm.removeCommunityAccess(community);
    }
    for (const user of authorizer.getUsers().map((u) => u.name)) {
      authorizer.deleteUser(user);
      acm.removeUserAccess(user);
    }
    // The device's own SNMP access (its settings: read/write communities, v3 users, versions on or off).
    const access = this.options.model.snmpAccess;
    const { communities, v3Users } = access.current();
    for (const community of communities) {
      const name = `${community.name}${suffix}`;
      authorizer.addCommunity(name);
      acm.setCommunityAccess(name, accessLevel(community.access));
    }
    for (const user of v3Users) {
      authorizer.addUser(toNetSnmpUser(user, suffix));
      acm.setUserAccess(user.name, accessLevel(user.access ?? 'read-only'));
    }
    this.credentialsRotated = rotated;
    this.accessVersion = access.version;
  }

  /**
   * net-snmp reports a bad digest or an undecryptable PDU only to the agent callback. RFC 3414 §3.2 wants a
   * usmStatsWrongDigests / usmStatsDecryptionErrors report, which tells the manager why; send it.
   */
  private onSecurityError(error: Error & { code?: number }): void {
    const request = this.currentRequest;
    const codes = snmp.ResponseInvalidCode;
    if (!request || !this.agent || (error.code !== codes.EAuthFailure && error.code !== codes.ECouldNotDecrypt)) {
      this.onRequestError(error.message.split(' received in message')[0] ?? error.message);
      return;
    }
    const agent = this.agent;
    const parsed = processIncomingOf(agent)(
      request.buffer,
      { users: [], communities: [], disableAuthorization: false },
      () => undefined,
    ) as { original?: import('./net-snmp').NetSnmpMessage } | undefined;
    const message = parsed?.original;
    if (!message) return;
    let errorType = USM_WRONG_DIGESTS;
    if (error.code === codes.ECouldNotDecrypt) {
      const user = agent.getAuthorizer().getUser(message.msgSecurityParameters.msgUserName);
      const params = message.msgSecurityParameters;
      const authentic =
        user?.authProtocol !== undefined &&
        user.authKey !== undefined &&
        // The digest is a view into the request buffer; isAuthentic zeroes it, computes, and restores it.
        snmp.Authentication.isAuthentic(
          request.buffer,
          user.authProtocol,
          user.authKey,
          params.msgAuthoritativeEngineID,
          params.msgAuthenticationParameters,
        );
      errorType = authentic ? USM_DECRYPTION_ERROR : USM_WRONG_DIGESTS;
    }
    this.onRequestError(
      `SNMPv3 ${errorType === USM_WRONG_DIGESTS ? 'wrong digest' : 'decryption error'} for user ${message.msgSecurityParameters.msgUserName}`,
    );
    const report = message.createReportResponseMessage(agent.engine, agent.context, errorType);
    agent.listener.send(report, request.rinfo, request.socket);
  }
}

function accessLevel(access: SnmpAccess): number {
  return access === 'read-write' ? snmp.AccessLevel.ReadWrite : snmp.AccessLevel.ReadOnly;
}

function toNetSnmpUser(user: V3UserConfig, suffix: string): NetSnmpUser {
  const result: NetSnmpUser = { name: user.name, level: snmp.SecurityLevel[user.level] };
  if (user.level !== 'noAuthNoPriv') {
    result.authProtocol = snmp.AuthProtocols[user.authProtocol ?? 'sha'];
    result.authKey = `${user.authKey ?? ''}${suffix}`;
  }
  if (user.level === 'authPriv') {
    result.privProtocol = snmp.PrivProtocols[user.privProtocol ?? 'aes'];
    result.privKey = `${user.privKey ?? ''}${suffix}`;
  }
  return result;
}
