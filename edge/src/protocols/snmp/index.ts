export * from './oid';
export * from './shared-udp-transport';
export * from './snmp-client';
export * from './snmp.errors';
export * from './snmp.types';
export * from './udp-engine';
