export * from './edge-client';
export * from './edge-client.errors';
