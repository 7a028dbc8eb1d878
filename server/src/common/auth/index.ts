export * from './access-resolver';
export * from './allow-while-password-change.decorator';
export * from './auth.metadata';
export * from './current-access.decorator';
export * from './request-context';
export * from './require-permission.decorator';
