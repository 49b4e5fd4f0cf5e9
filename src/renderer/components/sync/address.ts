// A light check of a source address before the round trip; the core decides (node:net isIP).
import type { MessageKey } from '../../lib/messages/index.ts';

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ipv6 = /^[0-9a-fA-F:.]+$/;

/** undefined when empty (the OS chooses) or plausibly an IP address. */
export function addressError(value: string): MessageKey | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (ipv4.test(v) || (v.includes(':') && ipv6.test(v) && v.length <= 64)) return undefined;
  return 'sync.source.invalid';
}
