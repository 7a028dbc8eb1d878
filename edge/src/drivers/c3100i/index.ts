export * from './c3100i.driver';
export * from './mapping';
export * from './webdav-exchange';
