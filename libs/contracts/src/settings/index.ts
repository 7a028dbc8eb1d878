export * from './catalogue';
export * from './settings-file';
export * from './settings-mib';
export * from './xml-api';
