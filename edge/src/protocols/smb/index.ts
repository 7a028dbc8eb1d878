export * from './smb-client';
export * from './smb.errors';
