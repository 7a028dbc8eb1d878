// Not re-exported from libs/domain/src/index.ts: xml2js is Node-only and the web console imports that index.
// Server and edge import this folder as '@fleetward/domain/device-event'.
export * from './device-event.parser';
