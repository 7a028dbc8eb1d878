export * from './api';
export * from './edge';
export * from './settings';
export * from './snapshot';
