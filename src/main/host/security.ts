import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'caredock_session';

/** Hosts and origins the loopback host answers to; anything else is a DNS-rebinding attempt. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/**
 * A header given exactly once, or null. Node keeps the first of some repeated headers (Host,
 * Content-Type) and drops the rest, so a second one could say something the check never saw.
 */
export function singleHeader(req: IncomingMessage, name: string): string | null {
  const values = req.headersDistinct[name];
  return values?.length === 1 ? (values[0] ?? null) : null;
}

export function hostOk(req: IncomingMessage, port: number): boolean {
  const host = singleHeader(req, 'host');
  return host !== null && allowedHosts(port).has(host.toLowerCase());
}

/**
 * The request target as a path on this host, or null. Only origin-form ("/api/x") is ours:
 * an absolute-form target ("http://other/api/x") or a protocol-relative one ("//other/x") would
 * make the URL parser answer for another host than the one the Host check saw.
 */
export function requestPath(req: IncomingMessage): URL | null {
  const target = req.url ?? '';
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** application/json, with at most a UTF-8 charset: not application/jsonfoo, not text/plain. */
export function isJsonContentType(header: string | null): boolean {
  if (header === null) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === '' || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

/** The procedure name in /api/<name>, decoded; null when its escapes are malformed. */
export function procedureFromPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname.slice('/api/'.length));
  } catch {
    return null;
  }
}

/**
 * State-changing requests and WebSocket upgrades must name our own origin. A plain GET may come
 * without one (a typed URL), but if it names an origin it must be ours.
 */
export function originOk(req: IncomingMessage, port: number, required: boolean): boolean {
  const given = req.headersDistinct.origin;
  if (given === undefined) return !required;
  const origin = singleHeader(req, 'origin');
  return origin !== null && allowedOrigins(port).has(origin.toLowerCase());
}

/** The cookie's value when the request carries it exactly once (two would be ambiguous). */
export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  const found: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) found.push(part.slice(eq + 1).trim());
  }
  return found.length === 1 ? found[0]! : null;
}

export function sessionCookie(value: string): string {
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/`;
}

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const baseHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
