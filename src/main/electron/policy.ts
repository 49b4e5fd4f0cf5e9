/** The renderer's CSP. In development Vite's dev server also needs its own origin for HMR. */
export function contentSecurityPolicyFor(devServerUrl: string | undefined): string {
  const dev = devServerUrl ? new URL(devServerUrl) : null;
  const connect = dev ? `'self' ${dev.origin} ws://${dev.host}` : "'self'";
  return [
    "default-src 'self'",
    `script-src 'self'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A 16×16 teal square with a white dock mark; a real icon set replaces it with the installer. */
export const trayIconDataUrl =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAIUlEQVR4nGNgyMv7TxEe3AbAwKgBI8cAUgH1DSAbD7gBAJRPMEd1UlF5AAAAAElFTkSuQmCC';
