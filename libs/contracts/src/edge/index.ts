export * from './device-event';
export * from './device-events-api';
export * from './edge-api';
export * from './printer-driver';
export * from './settings-api';
export * from './snmp-credentials';
