import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** The renderer's Content-Security-Policy; the shells send the same one as a header. */
export const rendererCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "img-src 'self' data:",
].join('; ');

/**
 * Puts the CSP into the built index.html as well (defence in depth for a page opened without the
 * shells' header). Only at build time: Vite's dev server injects component styles inline.
 */
function cspMeta(): Plugin {
  return {
    name: 'caredock-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: rendererCsp }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [svelte(), cspMeta()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2023',
    // No inline assets: every script and style is a file, as the CSP requires.
    assetsInlineLimit: 0,
  },
});
