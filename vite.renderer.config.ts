import { fileURLToPath } from 'node:url';
import { defineConfig, type ConfigEnv, type Plugin } from 'vite';
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
  const meta = `<meta http-equiv="Content-Security-Policy" content="${rendererCsp.replaceAll("'", '&#39;')}" />`;
  return {
    name: 'caredock-csp-meta',
    apply: 'build',
    // Right after the charset, before anything the policy governs.
    transformIndexHtml: (html) => html.replace(/(<meta charset="utf-8" \/>)/, `$1\n    ${meta}`),
  };
}

/**
 * Where the built UI goes: dist/renderer for the headless host (`caredock serve`), or, when
 * electron-forge's Vite plugin loads this file (it passes `forgeConfigSelf`), the
 * .vite/renderer/<name> folder the Electron main process loads it from. Forge merges its own
 * defaults under ours, so our outDir would otherwise win and the packaged app would have no UI.
 */
function outDir(env: ConfigEnv): string {
  const forge = (env as ConfigEnv & { forgeConfigSelf?: { name?: string } }).forgeConfigSelf;
  if (forge) return fileURLToPath(new URL(`./.vite/renderer/${forge.name ?? ''}`, import.meta.url));
  return fileURLToPath(new URL('./dist/renderer', import.meta.url));
}

export default defineConfig((env) => ({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [svelte({ configFile: false }), cspMeta()],
  build: {
    outDir: outDir(env),
    emptyOutDir: true,
    target: 'es2023',
    // No inline assets: every script and style is a file, as the CSP requires.
    assetsInlineLimit: 0,
  },
}));
