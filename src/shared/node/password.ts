import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// Shared by the workstation's users and the central server's console accounts. It lives in
// src/shared/node, the part of src/shared that needs Node and that the renderer never sees.

/** scrypt: memory-hard, in Node's standard library, so no native add-on to ship. */
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { N: n, r: R, p: P, maxmem: 256 * n * R + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** Format: scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>, so the cost can rise later. */
export async function hashPassword(password: string, costLog2: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, 2 ** costLog2);
  return ['scrypt', costLog2, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const costLog2 = Number(parts[1]);
  if (!Number.isInteger(costLog2) || costLog2 < 10 || costLog2 > 20) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  const key = await derive(password, salt, 2 ** costLog2);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const MIN_PASSWORD_LENGTH = 10;
