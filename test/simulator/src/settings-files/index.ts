export * from './attach-settings-file-faces';
export * from './private-samba';
export * from './settings-file-device';
export * from './smb-share-reader';
export * from './webdav-settings-puller';
