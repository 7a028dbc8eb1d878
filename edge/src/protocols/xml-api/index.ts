export * from './xml-api-client';
export * from './xml-api.errors';
