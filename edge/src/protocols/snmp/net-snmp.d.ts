// Minimal typings for the parts of net-snmp 3.29 the edge uses (the package ships none).
declare module 'net-snmp' {
  import type { EventEmitter } from 'node:events';

  export interface RawVarbind {
    oid: string;
    type?: number;
    value?: unknown;
  }

  export interface NetSnmpUser {
    name: string;
    level: number;
    authProtocol?: number;
    authKey?: string;
    privProtocol?: number;
    privKey?: string;
  }

  export interface DgramLike {
    createSocket(type: string): unknown;
  }

  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    backoff?: number;
    transport?: string;
    version?: number;
    context?: string;
    idBitsSize?: number;
    dgramModule?: DgramLike;
    backwardsGetNexts?: boolean;
    reportOidMismatchErrors?: boolean;
  }

  export type ResponseCb = (error: Error | null, varbinds?: RawVarbind[]) => void;

  export interface Session extends EventEmitter {
    get(oids: string[], cb: ResponseCb): void;
    getNext(oids: string[], cb: ResponseCb): void;
    getBulk(
      oids: string[],
      nonRepeaters: number,
      maxRepetitions: number,
      cb: (error: Error | null, varbinds?: (RawVarbind | RawVarbind[])[]) => void,
    ): void;
    set(varbinds: RawVarbind[], cb: ResponseCb): void;
    close(): void;
  }

  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export function createV3Session(target: string, user: NetSnmpUser, options?: SessionOptions): Session;

  export const Version1: number;
  export const Version2c: number;
  export const Version3: number;
  export const ObjectType: Record<string, number>;
  export const ErrorStatus: Record<string | number, string | number>;
  export const ResponseInvalidCode: Record<string, number>;
  export const SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  export const AuthProtocols: {
    none: number;
    md5: number;
    sha: number;
    sha224: number;
    sha256: number;
    sha384: number;
    sha512: number;
  };
  export const PrivProtocols: { none: number; des: number; aes: number; aes256b: number; aes256r: number };

  export class ResponseInvalidError extends Error {
    constructor(message: string, code: number);
    code: number;
  }
  export class RequestFailedError extends Error {
    constructor(message: string, status: number);
    status: number;
  }
  export class RequestTimedOutError extends Error {
    constructor(message: string);
  }
  export class RequestInvalidError extends Error {
    constructor(message: string);
  }
}
