// Builds the municipality console's web page into dist/console, where the central server
// serves it from. --if-missing skips the build when one is already there.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (process.argv.includes('--if-missing') && existsSync(path.join(root, 'dist/console/index.html')))
  process.exit(0);
await build({ configFile: path.join(root, 'vite.console.config.ts'), logLevel: 'warn' });
console.log('console built in dist/console');
