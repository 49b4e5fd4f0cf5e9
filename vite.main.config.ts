import { defineConfig } from 'vite';

// Native modules and what loads files at run time stay outside the bundle; forge.config.ts
// copies them (and what they depend on) into the package.
export const nativeExternals = [
  'better-sqlite3',
  'better-sqlite3-multiple-ciphers',
  'serialport',
  'usb',
  'pino',
  'pino-roll',
  'ws',
  // The demo's embedded central server: PGlite loads its wasm and data files by path.
  '@electric-sql/pglite',
  'fastify',
  'pg',
  // The PDF documents' font files, read by path (src/shared/pdf/fonts.ts).
  'dejavu-fonts-ttf',
];

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export default defineConfig({
  build: {
    rollupOptions: {
      // Names and patterns, not a function: forge merges this list with its own (electron, the
      // Node built-ins), and the bundler takes a list of strings and patterns or one function.
      external: nativeExternals.flatMap((name) => [name, new RegExp(`^${escape(name)}/`)]),
    },
  },
});
