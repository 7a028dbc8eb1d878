import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MasterKeyError } from './crypto.errors';

export interface MasterKeys {
  primary: Buffer;
  /** Keys still accepted for decryption (an interrupted rotation's next key). */
  others: Buffer[];
  source: 'env' | 'file';
}

/** Path of the key a rotation writes before re-encrypting; renamed to master.key after success. */
export const nextKeyFile = (keyFile: string): string => `${keyFile}.next`;

export function readKeyFile(file: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (cause) {
    throw new MasterKeyError(`Cannot read the master key file ${file}`, cause);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new MasterKeyError(`The master key file ${file} must hold 32 bytes in base64`);
  return key;
}

/** Writes a key file readable by the owner only (0600). */
export function writeKeyFile(file: string, key: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
}

/**
 * The master key: FLEETWARD_MASTER_KEY if given, else `<dataDir>/master.key`, created (0600) on first start.
 */
export function loadMasterKeys(options: { fromEnv?: Buffer; file: string }): MasterKeys {
  if (options.fromEnv) return { primary: options.fromEnv, others: [], source: 'env' };
  if (!existsSync(options.file)) writeKeyFile(options.file, randomBytes(32));
  const primary = readKeyFile(options.file);
  const next = nextKeyFile(options.file);
  const others = existsSync(next) ? [readKeyFile(next)] : [];
  return { primary, others, source: 'file' };
}
