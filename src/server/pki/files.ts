// Secrets (private keys, the admin token) are written 0600 from the first byte: created with
// that mode rather than chmod-ed after, so there is no moment another user could read them.
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';

export function writeSecretFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, content, { mode: 0o600, flag: 'w' });
  chmodSync(file, 0o600); // an existing file keeps its old mode on overwrite
}

export function writePublicFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, content, { mode: 0o644 });
}
