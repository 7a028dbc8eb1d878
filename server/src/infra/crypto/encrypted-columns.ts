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
];
