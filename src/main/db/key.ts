// The database key: 32 random bytes, never in the database or a log. Headless: a 0600 file in
// the data folder, which protects it only as far as the folder's permissions do (said plainly in
// the README). Electron: the same file encrypted with the OS keychain through safeStorage, as
// Signal Desktop keeps its SQLCipher key.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeSecretFile } from '../sync/keystore.ts';

export interface DatabaseKeyStore {
  readonly protection: 'file' | 'os-encrypted';
  /** null when none was made yet. Throws when a stored key cannot be read or decrypted. */
  load(): Buffer | null;
  /** Makes, stores and returns a new key. */
  create(): Buffer;
}

export type DatabaseKeyFactory = (dataDir: string) => DatabaseKeyStore;

function keyFile(dataDir: string, name: string): string {
  const dir = path.join(dataDir, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, name);
}

export const fileDatabaseKey: DatabaseKeyFactory = (dataDir) => {
  const file = keyFile(dataDir, 'database.key');
  return {
    protection: 'file',
    load: () => (existsSync(file) ? Buffer.from(readFileSync(file, 'utf8').trim(), 'hex') : null),
    create() {
      const key = randomBytes(32);
      writeSecretFile(file, Buffer.from(key.toString('hex'), 'utf8'));
      return key;
    },
  };
};

export function encryptedDatabaseKey(
  encrypt: (plain: string) => Buffer,
  decrypt: (cipher: Buffer) => string,
): DatabaseKeyFactory {
  return (dataDir) => {
    const file = keyFile(dataDir, 'database.key.enc');
    return {
      protection: 'os-encrypted',
      load: () => (existsSync(file) ? Buffer.from(decrypt(readFileSync(file)), 'hex') : null),
      create() {
        const key = randomBytes(32);
        writeSecretFile(file, encrypt(key.toString('hex')));
        return key;
      },
    };
  };
}
