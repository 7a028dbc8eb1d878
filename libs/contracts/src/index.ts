export * from './api';
export * from './edge';
export * from './snapshot';
