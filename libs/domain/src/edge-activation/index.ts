export * from './activation-code';
