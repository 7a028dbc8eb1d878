export * from './alert-lifecycle.service';
export * from './alert-policy';
export * from './alert-rules';
export * from './alerting.errors';
export * from './alerting.module';
export * from './alerting.service';
export * from './alerting.types';
