export * from './catalogue';
export * from './settings-file';
