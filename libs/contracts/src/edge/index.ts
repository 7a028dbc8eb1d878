export * from './device-event';
export * from './edge-api';
export * from './snmp-credentials';
