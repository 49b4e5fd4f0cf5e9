// The view in the address: `#/providers` or `#/providers/<id>`, so back, forward and a bookmark
// work. The skip link's `#main` is not a route.
export const route = $state<{ path: string; param: string | null }>(parse(window.location.hash));

function parse(hash: string): { path: string; param: string | null } {
  if (!hash.startsWith('#/')) return { path: '', param: null };
  const [path = '', ...rest] = hash.slice(2).split('/');
  return { path, param: rest.length ? decodeURIComponent(rest.join('/')) : null };
}

/** Set when the person moved to another view: its heading then takes focus. */
export const headingFocus = { pending: false };

export function listenToHash(): () => void {
  const onChange = (): void => {
    if (!window.location.hash.startsWith('#/')) return;
    const next = parse(window.location.hash);
    headingFocus.pending = true;
    route.path = next.path;
    route.param = next.param;
  };
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function href(path: string, param?: string): string {
  return `#/${path}${param === undefined ? '' : `/${encodeURIComponent(param)}`}`;
}

/** Replaces the address without a history entry (a view the account may not see). */
export function replaceRoute(path: string): void {
  window.history.replaceState(null, '', `#/${path}`);
  route.path = path;
  route.param = null;
}
