// The PROXY protocol (haproxy's, v1 text and v2 binary) on the sync listener, for a TCP load
// balancer that passes TLS through: the workstation's certificate still reaches this process, and
// the balancer says in a header before the TLS bytes which address the workstation connected from.
// The fixed-IP check needs that address. The header is believed only from the listed balancers; a
// connection from anywhere else is plain TLS, so a client that writes a header of its own fails
// the handshake instead of choosing its address.
import type { Server } from 'node:https';
import type { Socket } from 'node:net';
import proxyProtocol from 'proxy-protocol-js';
import type { Logger } from 'pino';
import { normaliseAddress } from '../auth/addresses.ts';

const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
/** The v1 header is at most 107 bytes with its CRLF (the specification's own bound). */
const V1_MAX = 107;
/** 16 fixed bytes and at most 216 of addresses, plus TLVs: haproxy sends a few hundred at most. */
const V2_MAX = 16 + 1024;
/** A balancer writes the header at once; a connection that does not is dropped after this. */
const HEADER_TIMEOUT_MS = 5_000;

export interface ProxiedSource {
  /** The workstation's address as the balancer saw it; null for a LOCAL (health-check) connection. */
  address: string | null;
}

/** The outcome of looking at the first bytes from a balancer. */
export type HeaderResult =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'header'; length: number; source: ProxiedSource };

function v4(bytes: readonly number[]): string {
  return bytes.join('.');
}

function v6(bytes: readonly number[]): string | null {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return normaliseAddress(groups.join(':'));
}

/** Reads a PROXY header off the front of `buf`: how long it is and whom it names. */
export function readProxyHeader(buf: Buffer): HeaderResult {
  const probe = Math.min(buf.length, V2_SIGNATURE.length);
  if (buf.subarray(0, probe).equals(V2_SIGNATURE.subarray(0, probe))) {
    if (buf.length < 16) return { kind: 'incomplete' };
    const length = 16 + buf.readUInt16BE(14);
    if (length > V2_MAX) return { kind: 'invalid', reason: 'v2 header too long' };
    if (buf.length < length) return { kind: 'incomplete' };
    try {
      const parsed = proxyProtocol.V2ProxyProtocol.parse(new Uint8Array(buf.subarray(0, length)));
      if (parsed.command === proxyProtocol.Command.LOCAL)
        return { kind: 'header', length, source: { address: null } };
      const a = parsed.proxyAddress;
      if (a instanceof proxyProtocol.IPv4ProxyAddress)
        return { kind: 'header', length, source: { address: normaliseAddress(v4(a.sourceAddress.address)) } };
      if (a instanceof proxyProtocol.IPv6ProxyAddress)
        return { kind: 'header', length, source: { address: v6(a.sourceAddress.address) } };
      // AF_UNIX or unspecified: no address the fixed-IP check could accept.
      return { kind: 'header', length, source: { address: null } };
    } catch (err) {
      return {
        kind: 'invalid',
        reason: `v2 header: ${(err as { message?: string }).message ?? 'unreadable'}`,
      };
    }
  }
  const prefix = 'PROXY ';
  const head = buf.subarray(0, Math.min(buf.length, prefix.length)).toString('latin1');
  if (!prefix.startsWith(head)) return { kind: 'invalid', reason: 'no PROXY header' };
  const end = buf.indexOf('\r\n');
  if (end < 0)
    return buf.length >= V1_MAX ? { kind: 'invalid', reason: 'v1 header too long' } : { kind: 'incomplete' };
  const length = end + 2;
  if (length > V1_MAX) return { kind: 'invalid', reason: 'v1 header too long' };
  const line = buf.subarray(0, length).toString('latin1');
  if (line === 'PROXY UNKNOWN\r\n' || line.startsWith('PROXY UNKNOWN '))
    return { kind: 'header', length, source: { address: null } };
  try {
    const parsed = proxyProtocol.V1ProxyProtocol.parse(line);
    const address = normaliseAddress(parsed.source.ipAddress);
    if (address === null) return { kind: 'invalid', reason: 'v1 header: bad source address' };
    return { kind: 'header', length, source: { address } };
  } catch (err) {
    return { kind: 'invalid', reason: `v1 header: ${(err as { message?: string }).message ?? 'unreadable'}` };
  }
}

/** Where a TLS socket's connection came from, as far as the PROXY protocol says. */
export interface ProxySources {
  /**
   * undefined: the peer is not a balancer (use its own address); otherwise what the balancer's
   * header named (null: no usable address).
   */
  sourceOf(socket: {
    remoteAddress?: string | undefined;
    remotePort?: number | undefined;
  }): ProxiedSource | undefined;
}

const keyOf = (address: string | undefined, port: number | undefined): string =>
  `${address ?? ''}|${port ?? ''}`;

/**
 * Makes `server` read a PROXY header from every connection a balancer opens, before TLS starts.
 * Node's TLS server starts the handshake from its own 'connection' listener; that listener is
 * taken off and called once the header has been read and the rest of the bytes put back.
 * The TLS socket keeps the raw socket's peer address and port, and a connection's (address, port)
 * is unique on one listener while it lives, so that pair finds the header again.
 */
export function acceptProxyProtocol(
  server: Server,
  balancers: ReadonlySet<string>,
  log: Logger,
): ProxySources {
  const startTls = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const sources = new Map<string, ProxiedSource>();
  server.on('connection', (raw: Socket) => {
    const peer = normaliseAddress(raw.remoteAddress ?? '');
    if (peer === null || !balancers.has(peer)) {
      for (const l of startTls) l.call(server, raw);
      return;
    }
    const key = keyOf(raw.remoteAddress, raw.remotePort);
    let buf: Buffer = Buffer.alloc(0);
    const drop = (reason: string): void => {
      log.warn(
        { errorCode: 'sync.invalidRequest', reason, balancer: peer },
        'connection refused: PROXY header',
      );
      raw.destroy();
    };
    const timer = setTimeout(() => drop('no PROXY header in time'), HEADER_TIMEOUT_MS);
    timer.unref();
    const onData = (chunk: Buffer): void => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const r = readProxyHeader(buf);
      if (r.kind === 'incomplete') return;
      clearTimeout(timer);
      raw.removeListener('data', onData);
      if (r.kind === 'invalid') {
        drop(r.reason);
        return;
      }
      raw.pause();
      sources.set(key, r.source);
      raw.once('close', () => sources.delete(key));
      const rest = buf.subarray(r.length);
      if (rest.length > 0) raw.unshift(rest);
      for (const l of startTls) l.call(server, raw);
    };
    raw.on('data', onData);
    raw.once('close', () => clearTimeout(timer));
  });
  return {
    sourceOf: (socket) => {
      const peer = normaliseAddress(socket.remoteAddress ?? '');
      if (peer === null || !balancers.has(peer)) return undefined;
      return sources.get(keyOf(socket.remoteAddress, socket.remotePort)) ?? { address: null };
    },
  };
}
