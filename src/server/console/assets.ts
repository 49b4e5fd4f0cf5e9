// The console's built web page (dist/console, made by scripts/build-console.mjs), found by
// walking up from this module so the sources and the bundled CLI both find it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function consoleAssetsDir(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'dist', 'console');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    dir = path.dirname(dir);
  }
  return null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** One file of the page: a plain name in assets/ (no path of any kind), or null. */
export function readAsset(dir: string, name: string): { body: Buffer; type: string } | null {
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.')) return null;
  const file = path.join(dir, name === 'index.html' ? '' : 'assets', name);
  const type = TYPES[path.extname(name)];
  if (type === undefined || !existsSync(file)) return null;
  return { body: readFileSync(file), type };
}
