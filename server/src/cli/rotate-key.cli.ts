import { existsSync } from 'node:fs';
import 'reflect-metadata';
import { AppConfig } from '../infra/config/app-config';
import { ConfigError } from '../infra/config/env.schema';
import { rotateMasterKey } from '../infra/crypto/key-rotation';

/**
 * `npm run rotate-key`: new master key, every encrypted column re-encrypted in one transaction,
 * the old key kept as `master.key.<timestamp>.old`. Stop the server first. See docs/operations/key-rotation.md.
 */
async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = AppConfig.fromEnv(process.env);
  if (config.masterKey.fromEnv) {
    process.stderr.write(
      'FLEETWARD_MASTER_KEY is set in the environment: this command rotates only the key file in the data directory.\n' +
        'Unset FLEETWARD_MASTER_KEY after writing its value to <dataDir>/master.key (mode 0600), then run it again.\n',
    );
    return 2;
  }
  if (!existsSync(config.masterKey.file)) {
    process.stderr.write(
      `No master key at ${config.masterKey.file}: start the server once first (nothing to rotate).\n`,
    );
    return 2;
  }
  const result = await rotateMasterKey({ database: config.database, keyFile: config.masterKey.file });
  const counts = Object.entries(result.reencrypted).map(([column, n]) => `  ${column}: ${n}`);
  process.stdout.write(
    `Master key rotated (${result.oldKeyId} -> ${result.newKeyId}). Re-encrypted values:\n${counts.join('\n')}\n` +
      `The previous key is kept as ${result.oldKeyFile}; keep it with your backups taken before today, then delete it.\n` +
      'Start the server again: every session ends (access tokens are signed with a key derived from the master key).\n',
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      error instanceof ConfigError
        ? `${error.message}\n`
        : `Key rotation failed, nothing was changed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
