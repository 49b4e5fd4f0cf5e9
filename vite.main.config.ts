import { defineConfig } from 'vite';

// Native modules and what loads files at run time stay outside the bundle; forge.config.ts
// copies them (and what they depend on) into the package.
export const nativeExternals = [
  'better-sqlite3',
  'serialport',
  'usb',
  'pino',
  'pino-roll',
  'ws',
  // The demo's embedded central server: PGlite loads its wasm and data files by path.
  '@electric-sql/pglite',
  'fastify',
  'pg',
];

export default defineConfig({
  build: {
    rollupOptions: {
      external: (id) => nativeExternals.some((name) => id === name || id.startsWith(`${name}/`)),
    },
  },
});
