export const REQUIRED_PERMISSIONS_KEY = 'fleetward:required-permissions';
export const UNAUTHENTICATED_KEY = 'fleetward:unauthenticated';
export const ALLOW_WHILE_PASSWORD_CHANGE_KEY = 'fleetward:allow-while-password-change';
export const REQUIRED_PERMISSION_EXTENSION = 'x-required-permission';
