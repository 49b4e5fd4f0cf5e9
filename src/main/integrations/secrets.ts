// Channel secrets (SMTP password, OAuth client secret, SMS gateway password) are kept like the
// workstation's private key (sync/keystore.ts): never in the database in clear, never in a log.
// Headless: one 0600 file per secret in a 0700 folder; Electron: the same files encrypted with
// the OS keychain through safeStorage (src/main/electron/main.ts plugs it in).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CareDockError } from '../../shared/errors/index.ts';
import { writeSecretFile } from '../sync/keystore.ts';

export const secretNames = [
  'smtp.password',
  'smtp.oauthClientSecret',
  'sms.password',
  'exchange.password',
  'exchange.clientSecret',
] as const;
export type SecretName = (typeof secretNames)[number];

export interface SecretStore {
  readonly protection: 'file' | 'os-encrypted';
  get(name: SecretName): string | null;
  set(name: SecretName, value: string): void;
  remove(name: SecretName): void;
  has(name: SecretName): boolean;
}

export type SecretStoreFactory = (dataDir: string) => SecretStore;

function dir(dataDir: string): string {
  const d = path.join(dataDir, 'secrets');
  mkdirSync(d, { recursive: true, mode: 0o700 });
  return d;
}

function store(
  dataDir: string,
  protection: SecretStore['protection'],
  ext: string,
  encode: (plain: string) => Buffer,
  decode: (stored: Buffer) => string,
): SecretStore {
  const file = (name: SecretName) => path.join(dir(dataDir), `${name}.${ext}`);
  return {
    protection,
    get(name) {
      const f = file(name);
      if (!existsSync(f)) return null;
      try {
        return decode(readFileSync(f));
      } catch {
        throw new CareDockError('secrets.unreadable', { name });
      }
    },
    set: (name, value) => writeSecretFile(file(name), encode(value)),
    remove: (name) => rmSync(file(name), { force: true }),
    has: (name) => existsSync(file(name)),
  };
}

export const fileSecretStore: SecretStoreFactory = (dataDir) =>
  store(
    dataDir,
    'file',
    'secret',
    (s) => Buffer.from(s, 'utf8'),
    (b) => b.toString('utf8'),
  );

export function encryptedSecretStore(
  encrypt: (plain: string) => Buffer,
  decrypt: (cipher: Buffer) => string,
): SecretStoreFactory {
  return (dataDir) => store(dataDir, 'os-encrypted', 'enc', encrypt, decrypt);
}
