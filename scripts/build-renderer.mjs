// Builds the Svelte renderer into dist/renderer for the headless host (Electron's forge build
// makes its own copy). --if-missing skips the build when one is already there.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (process.argv.includes('--if-missing') && existsSync(path.join(root, 'dist/renderer/index.html')))
  process.exit(0);
await build({ configFile: path.join(root, 'vite.renderer.config.ts'), logLevel: 'warn' });
console.log('renderer built in dist/renderer');
