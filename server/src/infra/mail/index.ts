export * from './alert-mail.template';
export * from './mail-settings';
export * from './mail.errors';
export * from './mail.service';
export * from './webhook-notifier';
