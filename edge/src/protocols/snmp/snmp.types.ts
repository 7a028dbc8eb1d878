import type { SnmpCredentials } from '@fleetward/contracts';

/** net-snmp ObjectType numbers. */
export const SnmpType = {
  Boolean: 1,
  Integer: 2,
  BitString: 3,
  OctetString: 4,
  Null: 5,
  OID: 6,
  IpAddress: 64,
  Counter: 65,
  Gauge: 66,
  TimeTicks: 67,
  Opaque: 68,
  Counter64: 70,
  NoSuchObject: 128,
  NoSuchInstance: 129,
  EndOfMibView: 130,
} as const;

export interface SnmpVarbind {
  oid: string;
  /** SnmpType number. */
  type: number;
  /** Buffer for OctetString/Opaque/Counter64, number for Integer/Counter/Gauge/TimeTicks, string for OID/IpAddress. */
  value: unknown;
}

export type VarbindErrorName = 'noSuchObject' | 'noSuchInstance' | 'endOfMibView' | 'noSuchName';

/** One requested OID's outcome: a value or an error, as data. */
export type GetResult =
  { oid: string; ok: true; varbind: SnmpVarbind } | { oid: string; ok: false; error: VarbindErrorName };

export interface WalkOptions {
  maxRepetitions?: number;
  /** Stop after this many varbinds per column (guards against agents that never end a walk). */
  maxRows?: number;
}

/** One walkColumns call: its columns and options. */
export interface WalkRequest {
  columns: readonly string[];
  opts: WalkOptions;
}

/** What readAll got: GET results by OID, and per walk asked its columns (null when that walk failed). */
export interface ReadAllResult {
  gets: Map<string, GetResult>;
  walks: (Map<string, SnmpVarbind[]> | null)[];
}

/** Promise-based SNMP client over one session; created by createSnmpClient. */
export interface SnmpClient {
  readonly host: string;
  readonly port: number;
  readonly version: '1' | '2c' | '3';
  get(oids: string[]): Promise<GetResult[]>;
  getNext(oids: string[]): Promise<SnmpVarbind[]>;
  getBulk(oids: string[], nonRepeaters: number, maxRepetitions: number): Promise<SnmpVarbind[][]>;
  walk(oid: string, options?: WalkOptions): Promise<SnmpVarbind[]>;
  /** Walks several columns (subtrees) at once, GETBULK with all of them as repeaters (GETNEXT on v1). */
  walkColumns(columns: string[], options?: WalkOptions): Promise<Map<string, SnmpVarbind[]>>;
  /**
   * Reads the GETs and walks of a known poll together, in one request where the agent allows it (see
   * createSnmpClient). Every value is read from the agent now; only the shape of the last answers is reused.
   */
  readAll?(gets: readonly string[], walks: readonly WalkRequest[]): Promise<ReadAllResult>;
  set(varbinds: SnmpVarbind[]): Promise<SnmpVarbind[]>;
  close(): void;
}

/** The part of a net-snmp Session the client uses (a fake implements it in unit tests). */
export interface RawSnmpSession {
  get(oids: string[], cb: (error: Error | null, varbinds?: SnmpVarbind[]) => void): void;
  getNext(oids: string[], cb: (error: Error | null, varbinds?: SnmpVarbind[]) => void): void;
  getBulk(
    oids: string[],
    nonRepeaters: number,
    maxRepetitions: number,
    cb: (error: Error | null, varbinds?: (SnmpVarbind | SnmpVarbind[])[]) => void,
  ): void;
  set(varbinds: SnmpVarbind[], cb: (error: Error | null, varbinds?: SnmpVarbind[]) => void): void;
  close(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** net-snmp sets this once SNMPv3 engine discovery got an answer. */
  readonly msgSecurityParameters?: unknown;
}

export interface SnmpSessionParams {
  host: string;
  port: number;
  credentials: SnmpCredentials;
  timeoutMs: number;
  retries: number;
  dgramModule?: { createSocket(type: string): unknown };
}

export type SnmpSessionFactory = (params: SnmpSessionParams) => RawSnmpSession;
