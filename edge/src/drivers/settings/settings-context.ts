import type { SettingsTarget } from '@fleetward/contracts';
import type { SnmpClient } from '../../protocols/snmp';
import type { XmlApiTransport } from '../../protocols/xml-api';
import type { GenericDriverContext } from '../generic/generic.driver';

/**
 * What a driver needs to read and write one device's settings: the target with its access (admin password,
 * XML API port/TLS/pin, write credentials) and an SNMP client with the write credentials.
 */
export interface SettingsAccessContext {
  target: SettingsTarget;
  /** SNMP client with `access.snmpWrite` (or the read credentials when none are given). */
  writeSnmp: SnmpClient;
  /** Per-exchange timeout for the non-SNMP transports. */
  timeoutMs: number;
  /** Injectable XML API transport (tests); undici by default. */
  xmlApiTransport?: XmlApiTransport;
}

/** A driver context that may carry settings access; without it a driver has no settings capability. */
export interface SettingsDriverContext extends GenericDriverContext {
  settings?: SettingsAccessContext;
}
