export * from './edge-api';
export * from './snmp-credentials';
export * from './device-event';
