export * from './audit';
export * from './auth';
export * from './common';
export * from './device-groups';
export * from './devices';
export * from './roles';
export * from './settings';
export * from './users';
