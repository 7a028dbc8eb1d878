export * from './fake-clock';
export * from './grant-permissions';
export * from './test-server';
