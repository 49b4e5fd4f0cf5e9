// Where the workstation's private key lives. It never leaves the PC and never enters the
// database or a log. Headless: a 0600 file in the data folder (said plainly in the README).
// Electron: the same file encrypted with the OS keychain through safeStorage, plugged in by
// src/main/electron/main.ts with encryptedFileKeyStore(safeStorage.encryptString, …).
import {
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

export interface KeyStore {
  /** For status and the README: how the key is protected. */
  readonly protection: 'file' | 'os-encrypted';
  save(privateKeyPem: string): void;
  /** null when no key is stored. Throws when a stored key cannot be read or decrypted. */
  load(): string | null;
  remove(): void;
}

/** Builds a key store for a data folder; the core calls it once. */
export type KeyStoreFactory = (dataDir: string) => KeyStore;

function keyDir(dataDir: string): string {
  const dir = path.join(dataDir, 'sync');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Write-then-rename with fsync, created 0600: a crash leaves the old key or the new one. */
export function writeSecretFile(file: string, data: Buffer): void {
  const tmp = `${file}.tmp`;
  rmSync(tmp, { force: true });
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export const fileKeyStore: KeyStoreFactory = (dataDir) => {
  const file = path.join(keyDir(dataDir), 'workstation-key.pem');
  return {
    protection: 'file',
    save: (pem) => writeSecretFile(file, Buffer.from(pem, 'utf8')),
    load: () => (existsSync(file) ? readFileSync(file, 'utf8') : null),
    remove: () => rmSync(file, { force: true }),
  };
};

export function encryptedFileKeyStore(
  encrypt: (plain: string) => Buffer,
  decrypt: (cipher: Buffer) => string,
): KeyStoreFactory {
  return (dataDir) => {
    const file = path.join(keyDir(dataDir), 'workstation-key.enc');
    return {
      protection: 'os-encrypted',
      save: (pem) => writeSecretFile(file, encrypt(pem)),
      load: () => (existsSync(file) ? decrypt(readFileSync(file)) : null),
      remove: () => rmSync(file, { force: true }),
    };
  };
}
