export * from './validate-settings';
