// The request target, judged before the router sees it. The router decodes and normalises a
// path; a check that reads the raw URL and a router that matches the decoded one disagree about
// what was asked for. So only one spelling of each path is let through: origin-form, no
// percent-escape of a character that needs none, no encoded separators, no dot segments.
// Everything else is answered 400 before routing.

/** RFC 3986 §2.3: never needs an escape; an escape of one is a second spelling of the same path. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * Escapes that would change how the path splits or decodes: "/" and "\" (segment separators
 * to some routers), "%" (double encoding), NUL.
 */
const SEPARATOR_ESCAPES = new Set(['2F', '5C', '25', '00']);

/** Why this request target is refused, or null when it is an ordinary origin-form path. */
export function refuseRequestTarget(target: string | undefined): string | null {
  if (target === undefined || target === '') return 'empty request target';
  // Absolute-form (`GET https://host/…`) and asterisk-form: a server that is not a proxy needs
  // neither, and a router may strip the scheme and host a raw-URL check did not.
  if (!target.startsWith('/')) return 'not an origin-form request target';
  if (target.startsWith('//')) return 'request target starts with //';
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (path.includes('\\')) return 'backslash in the path';
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return 'control or non-ASCII character in the path';
    if (path[i] !== '%') continue;
    const hex = path.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return 'malformed percent-escape in the path';
    const upper = hex.toUpperCase();
    if (SEPARATOR_ESCAPES.has(upper)) return `encoded %${upper} in the path`;
    const ch = String.fromCharCode(parseInt(hex, 16));
    if (UNRESERVED.test(ch)) return `over-encoded "${ch}" in the path`;
    i += 2;
  }
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..')) return 'dot segment in the path';
  if (segments.slice(0, -1).some((s) => s === '')) return 'empty segment in the path';
  if (q >= 0) {
    const query = target.slice(q + 1);
    const bad = /%(?![0-9A-Fa-f]{2})/.exec(query);
    if (bad) return 'malformed percent-escape in the query';
  }
  return null;
}
