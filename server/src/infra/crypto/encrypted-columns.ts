/**
 * Every database column that holds a SecretBox value. The key rotation re-encrypts exactly these.
 * Modules that store a secret append their column here (like the migrations index).
 */
export interface EncryptedColumn {
  table: string;
  /** Primary key column of the table. */
  idColumn: string;
  column: string;
  /** Optional column holding `secretBox.hmac(normalize(plaintext))`, recomputed with the new key. */
  hmacColumn?: string;
  normalize?: (plaintext: string) => string;
}

export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  {
    table: 'users',
    idColumn: 'id',
    column: 'email_encrypted',
    hmacColumn: 'email_hmac',
    normalize: (email) => email.trim().toLowerCase(),
  },
  // Device SNMP credentials (JSON) and administrator password (devices module).
  { table: 'devices', idColumn: 'id', column: 'snmp_secret_encrypted' },
  { table: 'devices', idColumn: 'id', column: 'admin_password_encrypted' },
  // Encrypted settings (the SMTP password; settings module) and per-group alert recipients and webhook (monitoring).
  { table: 'secret_settings', idColumn: 'setting_key', column: 'value_encrypted' },
  { table: 'device_group_alert_settings', idColumn: 'device_group_id', column: 'recipients_encrypted' },
  { table: 'device_group_alert_settings', idColumn: 'device_group_id', column: 'webhook_url_encrypted' },
  { table: 'device_group_alert_settings', idColumn: 'device_group_id', column: 'webhook_secret_encrypted' },
  // API token the server sends to an edge (edges module).
  { table: 'edges', idColumn: 'id', column: 'token_encrypted' },
  // SNMP credentials submitted with an edge discovery run, kept until the run expires (polling module).
  { table: 'discovery_runs', idColumn: 'id', column: 'credentials_encrypted' },
  // Private keys of the edge certificate authority and of the server's client certificate (edges module).
  { table: 'edge_certificate_authority', idColumn: 'id', column: 'ca_key_encrypted' },
  { table: 'edge_certificate_authority', idColumn: 'id', column: 'server_key_encrypted' },
  // Template version values, secrets included (templates module); device settings-transport access (deliveries).
  { table: 'template_versions', idColumn: 'id', column: 'values_encrypted' },
  { table: 'device_settings_access', idColumn: 'device_id', column: 'access_encrypted' },
];
