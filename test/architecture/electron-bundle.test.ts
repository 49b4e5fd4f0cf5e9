// The Electron main process loads its bundle at every start; the demo's embedded central server
// (src/server, PGlite, fastify) must stay out of it and load only when the demo is asked for.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

interface Chunk {
  file: string;
  bytes: number;
  atStart: boolean;
  modules: string[];
  imports: string[];
}

const serverPackages = ['@electric-sql/pglite', 'fastify', 'pg'];
const carriesServer = (c: Chunk) =>
  c.modules.some((m) => m.startsWith('src/server/') || m.startsWith('src/cli/')) ||
  c.imports.some((i) => serverPackages.some((p) => i === p || i.startsWith(`${p}/`)));

describe('the Electron main bundle', () => {
  it('loads no central server at start; the demo comes in a chunk of its own', () => {
    const chunks = JSON.parse(
      execFileSync(process.execPath, [path.join(root, 'scripts/main-bundle.mjs'), '--json'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      }),
    ) as Chunk[];
    const atStart = chunks.filter((c) => c.atStart);
    expect(atStart.some((c) => c.modules.includes('src/main/electron/main.ts'))).toBe(true);
    expect(atStart.some((c) => c.modules.includes('src/main/core.ts'))).toBe(true);
    expect(atStart.filter(carriesServer).map((c) => c.file)).toEqual([]);
    const demo = chunks.filter((c) => !c.atStart && c.modules.includes('src/cli/demo.ts'));
    expect(demo).toHaveLength(1);
    expect(demo[0]!.modules.some((m) => m.startsWith('src/server/'))).toBe(true);
  });
});
