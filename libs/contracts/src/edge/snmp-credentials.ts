/** SNMP credentials for one device. Secrets (community, keys) never appear in results or logs. */

export type SnmpAuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
/** des, aes (AES-128 CFB), aes256b (AES-256 Blumenthal), aes256r (AES-256 Reeder). */
export type SnmpPrivProtocol = 'des' | 'aes' | 'aes256b' | 'aes256r';
export type SnmpSecurityLevel = 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';

export interface SnmpCommunityCredentials {
  version: '1' | '2c';
  community: string;
}

export interface SnmpV3Credentials {
  version: '3';
  user: string;
  level: SnmpSecurityLevel;
  authProtocol?: SnmpAuthProtocol;
  authKey?: string;
  privProtocol?: SnmpPrivProtocol;
  privKey?: string;
  context?: string;
}

export type SnmpCredentials = SnmpCommunityCredentials | SnmpV3Credentials;

export interface DeviceTarget {
  host: string;
  /** UDP port, default 161. */
  port?: number;
  snmp: SnmpCredentials;
  /** Per-request timeout in ms (default 2000). */
  timeoutMs?: number;
  /** Retries per request (default 1). */
  retries?: number;
}
