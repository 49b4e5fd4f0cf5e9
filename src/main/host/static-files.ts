import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  immutable: boolean;
}

/**
 * Files of the built renderer. Paths are resolved inside `root` only; anything that would
 * step outside it is treated as not found. Unknown routes without an extension get index.html
 * so a reload on a deep link still opens the app.
 */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const resolved = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (resolved !== root && !resolved.startsWith(root + path.sep)) return null;
  let file = resolved;
  const info = await stat(file).catch(() => null);
  if (!info || info.isDirectory()) {
    if (path.extname(decoded) !== '') return null;
    file = path.join(root, 'index.html');
  }
  const body = await readFile(file).catch(() => null);
  if (!body) return null;
  const ext = path.extname(file);
  return {
    body,
    type: types[ext] ?? 'application/octet-stream',
    immutable: file.includes(`${path.sep}assets${path.sep}`),
  };
}
