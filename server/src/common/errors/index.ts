export * from './fleetward-error';
