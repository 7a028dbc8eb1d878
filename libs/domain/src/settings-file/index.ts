// Not re-exported from libs/domain/src/index.ts: node:crypto and xml2js are Node-only and the web console imports
// that index. The edge and the simulator import this folder as '@fleetward/domain/settings-file'.
export * from './settings-file.codec';
