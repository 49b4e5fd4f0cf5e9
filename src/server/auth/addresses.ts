// Source addresses: normalised so "::ffff:127.0.0.2" (IPv4 seen on a dual-stack socket) and
// "127.0.0.2" compare equal, and X-Forwarded-For believed only when a trusted proxy sent it.
import { isIP } from 'node:net';

export function normaliseAddress(address: string): string | null {
  let a = address.trim();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (mapped?.[1]) a = mapped[1];
  const kind = isIP(a);
  if (kind === 4)
    return a
      .split('.')
      .map((p) => String(Number(p)))
      .join('.');
  if (kind === 6) return expandIpv6(a);
  return null;
}

/** Full lowercase form without zero compression, so two spellings of one address match. */
function expandIpv6(a: string): string {
  const [head = '', tail] = a.toLowerCase().split('::', 2);
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail ("::1.2.3.4") is two groups.
  const fix = (groups: string[]): string[] =>
    groups.flatMap((g) => {
      if (!g.includes('.')) return [g];
      const n = g.split('.').map(Number);
      return [
        (((n[0] ?? 0) << 8) | (n[1] ?? 0)).toString(16),
        (((n[2] ?? 0) << 8) | (n[3] ?? 0)).toString(16),
      ];
    });
  const hh = fix(h);
  const tt = fix(t);
  const fill = tail === undefined ? [] : Array<string>(8 - hh.length - tt.length).fill('0');
  return [...hh, ...fill, ...tt].map((g) => g.padStart(4, '0')).join(':');
}

export function isLoopback(address: string): boolean {
  const a = normaliseAddress(address);
  if (a === null) return false;
  return a.startsWith('127.') || a === '0000:0000:0000:0000:0000:0000:0000:0001';
}

/**
 * The client's address: the socket's peer, unless the peer is a trusted proxy — then walk
 * X-Forwarded-For from the right, skipping trusted proxies, and take the first other address.
 * Everything left of that could have been written by the client itself.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: ReadonlySet<string>,
): string | null {
  const peer = socketAddress === undefined ? null : normaliseAddress(socketAddress);
  if (peer === null || !trustedProxies.has(peer) || forwardedFor === undefined) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i] ?? '');
    if (hop === null) return null; // a garbled header from our own proxy: believe nothing
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}

export function trustedProxySet(list: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const p of list) {
    const n = normaliseAddress(p);
    if (n === null) throw new Error(`trustedProxies: "${p}" is not an IP address`);
    set.add(n);
  }
  return set;
}
