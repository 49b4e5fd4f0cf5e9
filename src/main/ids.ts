import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// One call to the OS random source per 256 ids: docking makes tens of thousands of ids a second.
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let poolAt = 0;

function randomSixteen(): Buffer {
  if (poolAt >= pool.length) {
    pool = randomBytes(16 * POOL_IDS);
    poolAt = 0;
  }
  const out = Buffer.from(pool.subarray(poolAt, poolAt + 16));
  poolAt += 16;
  return out;
}

/**
 * UUIDv7 (RFC 9562): 48-bit Unix ms, then random bits. Within one millisecond a 12-bit counter in
 * rand_a keeps ids from this process strictly increasing, so they sort in creation order.
 */
export function uuidv7(now = Date.now()): string {
  if (now <= lastMs) {
    counter++;
    if (counter > 0xfff) {
      lastMs++;
      counter = 0;
    }
  } else {
    lastMs = now;
    counter = 0;
  }
  const bytes = randomSixteen();
  const ms = lastMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
