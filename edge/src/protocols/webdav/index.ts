export * from './webdav-settings-drop';
