import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's logic imports its .svelte.ts modules (runes); the plugin compiles them as the
  // app's build does, so test/renderer can run them under Node.
  plugins: [svelte({ configFile: false })],
  test: {
    include: ['test/**/*.test.ts', 'drivers/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
