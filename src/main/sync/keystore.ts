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
  /** Removes the key and any pending one. */
  remove(): void;
  /**
   * Certificate renewal keeps the new key beside the current one until its certificate is
   * stored: written first (so a retry after a crash asks for the same key again), then moved
   * over the current key by one rename, so at every instant one of the two files is whole.
   */
  savePending(privateKeyPem: string): void;
  loadPending(): string | null;
  /** The pending key becomes the key (an atomic rename); nothing happens when none is pending. */
  promotePending(): void;
  removePending(): void;
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

/** Renames over `file` and syncs the folder, so the rename itself survives a power cut. */
function promote(pending: string, file: string): void {
  if (!existsSync(pending)) return;
  renameSync(pending, file);
  try {
    const fd = openSync(path.dirname(file), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  }
}

/** The current key and the pending one, in one format (plain or encrypted). */
function twoSlotStore(
  protection: KeyStore['protection'],
  file: string,
  encode: (pem: string) => Buffer,
  decode: (data: Buffer) => string,
): KeyStore {
  const pending = `${file}.next`;
  const read = (f: string): string | null => (existsSync(f) ? decode(readFileSync(f)) : null);
  return {
    protection,
    save: (pem) => writeSecretFile(file, encode(pem)),
    load: () => read(file),
    remove: () => {
      rmSync(pending, { force: true });
      rmSync(file, { force: true });
    },
    savePending: (pem) => writeSecretFile(pending, encode(pem)),
    loadPending: () => read(pending),
    promotePending: () => promote(pending, file),
    removePending: () => rmSync(pending, { force: true }),
  };
}

export const fileKeyStore: KeyStoreFactory = (dataDir) =>
  twoSlotStore(
    'file',
    path.join(keyDir(dataDir), 'workstation-key.pem'),
    (pem) => Buffer.from(pem, 'utf8'),
    (data) => data.toString('utf8'),
  );

export function encryptedFileKeyStore(
  encrypt: (plain: string) => Buffer,
  decrypt: (cipher: Buffer) => string,
): KeyStoreFactory {
  return (dataDir) =>
    twoSlotStore('os-encrypted', path.join(keyDir(dataDir), 'workstation-key.enc'), encrypt, decrypt);
}
