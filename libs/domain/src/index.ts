export * from './access';
export * from './permissions';
export * from './settings';
