export * from './mapping';
export * from './smb-287.driver';
export * from './smb-exchange';
