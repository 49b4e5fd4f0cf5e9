// Bundles the caredock command (CLI, headless host, central server) into one file. Node can run
// the TypeScript sources directly, but loading hundreds of small modules (drizzle alone has
// ~450) takes over a second; one bundled file starts in a fraction of that. bin/caredock.mjs
// uses the bundle only while it is newer than every source file.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// Runtime dependencies stay in node_modules: native add-ons, wasm, and what loads files by name.
const keepExternal = [
  'better-sqlite3',
  'better-sqlite3-multiple-ciphers',
  'serialport',
  'usb',
  'pino',
  'pino-roll',
  'ws',
  '@electric-sql/pglite',
  'pg',
  'fastify',
  'nodemailer',
  'pg-boss',
  '@azure/msal-node',
];
for (const name of keepExternal)
  if (!pkg.dependencies?.[name]) throw new Error(`${name} is not a dependency`);

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: 'linked',
  external: keepExternal.flatMap((n) => [n, `${n}/*`]),
  // Bundled CommonJS dependencies may call require().
  banner: {
    js: "import { createRequire as __caredockRequire } from 'node:module'; const require = __caredockRequire(import.meta.url);",
  },
  logLevel: 'warning',
};
// The file exchange's import thread (src/server/exchange/isolatedImport.ts) loads its bundle from
// beside the command's.
await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(root, 'src/cli/main.ts')],
    outfile: path.join(root, 'dist/cli/caredock.mjs'),
  }),
  build({
    ...common,
    entryPoints: [path.join(root, 'src/server/exchange/importThread.ts')],
    outfile: path.join(root, 'dist/cli/import-thread.mjs'),
  }),
]);
if (!process.argv.includes('--quiet')) console.log('caredock command bundled in dist/cli');
