export * from './catalogue';
export * from './settings-mib';
export * from './xml-api';
