// Sealing door codes and key information at rest: AES-256-GCM under a 32-byte key in a file of its
// own (DATA/keys/secrets.key, 0600, made at first use; CAREDOCK_SECRETS_KEY_FILE puts it
// elsewhere, e.g. on a volume the database backups do not include). A copy of the database alone
// reveals no code. The additional data binds each sealed value to its provider and recipient, so
// a sealed value moved to another row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const VERSION = 'v1';

export const homeAccess = z.object({
  doorCode: z.string().max(64).nullable(),
  keyInformation: z.string().max(500).nullable(),
});
export type HomeAccess = z.infer<typeof homeAccess>;

export class SecretSealer {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /** Reads the key file, making one when there is none yet. */
  static open(file: string): SecretSealer {
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // 'wx': two processes starting at once cannot both write a key; the loser reads the winner's.
      try {
        writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    chmodSync(file, 0o600);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`the secrets key ${file} is not 32 bytes of base64`);
    return new SecretSealer(key);
  }

  seal(value: HomeAccess, bindTo: readonly string[]): string {
    return this.sealText(JSON.stringify(value), bindTo);
  }

  /** null when the value does not open with this key for this row (wrong key, moved, altered). */
  unseal(sealed: string, bindTo: readonly string[]): HomeAccess | null {
    const text = this.unsealText(sealed, bindTo);
    if (text === null) return null;
    try {
      const parsed = homeAccess.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Any secret text (an integration's credentials), bound to the row it belongs to. */
  sealText(text: string, bindTo: readonly string[]): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(bindTo.join('\n')));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  unsealText(sealed: string, bindTo: readonly string[]): string | null {
    if (!sealed.startsWith(`${VERSION}:`)) return null;
    const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64');
    if (raw.length < 29) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(bindTo.join('\n')));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

const sealers = new Map<string, SecretSealer>();

/** One sealer per key file for the life of the process (the key is read once). */
export function sealerFor(keyFile: string): SecretSealer {
  let s = sealers.get(keyFile);
  if (!s) {
    s = SecretSealer.open(keyFile);
    sealers.set(keyFile, s);
  }
  return s;
}
