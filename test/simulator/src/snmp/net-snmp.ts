/**
 * The part of net-snmp 3.29.2 the simulator uses, typed here because the package ships no types. Loaded with
 * `require` so this facade stays local (no ambient `declare module` that could clash with another one).
 *
 * Besides the documented API, the agent face relies on three internals of this pinned version, all read-only
 * and all exercised by the integration tests: `Agent#listener` / `Agent#engine` / `Agent#context` (to answer a
 * failed SNMPv3 authentication with a usmStats report as real agents do), `Listener.processIncoming` (to parse
 * that failed message) and `Mib#addProviderToNode` / `Mib#addNodesForOid` (to load a whole table in one pass).
 */

import type * as dgram from 'node:dgram';

export interface MibNodeLike {
  valueType?: number;
  value?: unknown;
}

export interface MibProviderDefinition {
  name: string;
  type: number;
  oid: string;
  maxAccess?: number;
  scalarType?: number;
  tableColumns?: { number: number; name: string; type: number; maxAccess: number }[];
  tableIndex?: { columnNumber: number }[];
}

export interface NetSnmpMib {
  registerProvider(definition: MibProviderDefinition): void;
  getProvider(name: string): MibProviderDefinition;
  addProviderToNode(provider: MibProviderDefinition): MibNodeLike;
  addNodesForOid(oid: string): MibNodeLike;
  lookup(oid: string): MibNodeLike | null;
}

export interface NetSnmpUser {
  name: string;
  level: number;
  authProtocol?: number;
  authKey?: string;
  privProtocol?: number;
  privKey?: string;
}

export interface NetSnmpAuthorizer {
  addCommunity(community: string): void;
  deleteCommunity(community: string): void;
  getCommunities(): string[];
  addUser(user: NetSnmpUser): void;
  deleteUser(name: string): void;
  getUsers(): NetSnmpUser[];
  getUser(name: string): NetSnmpUser | null;
  getAccessControlModel(): {
    setCommunityAccess(community: string, level: number): void;
    removeCommunityAccess(community: string): void;
    setUserAccess(user: string, level: number): void;
    removeUserAccess(user: string): void;
  };
}

export interface NetSnmpMessage {
  msgSecurityParameters: {
    msgUserName: string;
    msgAuthoritativeEngineID: Buffer;
    msgAuthenticationParameters: Buffer;
  };
  createReportResponseMessage(engine: unknown, context: string, errorType: string): unknown;
}

export interface NetSnmpListener {
  send(message: unknown, rinfo: dgram.RemoteInfo, socket: dgram.Socket): void;
}

export interface NetSnmpAgent {
  getAuthorizer(): NetSnmpAuthorizer;
  getMib(): NetSnmpMib;
  setMib(mib: NetSnmpMib): void;
  close(callback?: () => void): void;
  /** SET requests: called with every varbind's MibRequest to test (testSet) and then to commit. */
  setBulkSetHandler(handler: (requests: never[], mib: unknown, testSet: boolean) => number): void;
  callback: (error: (Error & { code?: number }) | null, data?: unknown) => void;
  listener: NetSnmpListener;
  engine: { engineID: Buffer };
  context: string;
}

export interface AgentOptions {
  port: number;
  address: string;
  transport: 'udp4';
  engineID: string;
  accessControlModelType: number;
  disableAuthorization: boolean;
  dgramModule: { createSocket(type: 'udp4'): dgram.Socket };
}

export interface NetSnmp {
  createAgent(
    options: AgentOptions,
    callback: (error: (Error & { code?: number }) | null, data?: unknown) => void,
  ): NetSnmpAgent;
  createMib(options?: object): NetSnmpMib;
  ObjectType: {
    Integer: number;
    OctetString: number;
    OID: number;
    Counter: number;
    Gauge: number;
    TimeTicks: number;
  };
  MibProviderType: { Scalar: number; Table: number };
  MaxAccess: Record<'not-accessible' | 'read-only' | 'read-write', number>;
  AccessControlModelType: { None: number; Simple: number };
  AccessLevel: { None: number; ReadOnly: number; ReadWrite: number };
  SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  AuthProtocols: Record<'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512', number>;
  PrivProtocols: Record<'des' | 'aes' | 'aes256b' | 'aes256r', number>;
  ResponseInvalidCode: { ECouldNotDecrypt: number; EAuthFailure: number };
  Authentication: {
    isAuthentic(buffer: Buffer, authProtocol: number, authKey: string, engineId: Buffer, digest: Buffer): boolean;
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const snmp = require('net-snmp') as NetSnmp;

/** Listener.processIncoming of this net-snmp version, reached through an agent's listener. */
export function processIncomingOf(
  agent: NetSnmpAgent,
): (buffer: Buffer, authorizer: unknown, callback: (error: unknown) => void) => unknown {
  const listenerClass = (Object.getPrototypeOf(agent.listener) as { constructor: unknown }).constructor as {
    processIncoming?: (buffer: Buffer, authorizer: unknown, callback: (error: unknown) => void) => unknown;
  };
  const processIncoming = listenerClass.processIncoming;
  if (typeof processIncoming !== 'function') {
    throw new Error('net-snmp internals changed: Listener.processIncoming is missing (simulator needs 3.29.x)');
  }
  return processIncoming;
}
