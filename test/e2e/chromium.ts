/** Debian's Chromium; Playwright never downloads a browser for this project. */
export const chromiumPath = process.env.CAREDOCK_CHROMIUM ?? '/usr/bin/chromium';
