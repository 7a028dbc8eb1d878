export const EDGE_CONFIG = Symbol('EDGE_CONFIG');
export const DEVICE_POLLER = Symbol('DEVICE_POLLER');
export const SETTINGS_SERVICE = Symbol('SETTINGS_SERVICE');
