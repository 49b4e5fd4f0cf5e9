import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * The municipality console's page, served by the central server from dist/console (see
 * src/server/console/assets.ts: index.html at the top, every other file a plain name in assets/).
 * The server sends the page's CSP as a header, so nothing may be inline: no inlined assets.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/console', import.meta.url)),
  base: '/',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: fileURLToPath(new URL('./dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2023',
    assetsDir: 'assets',
    assetsInlineLimit: 0,
  },
});
