// src/shared/pdf reads font files under Node, which src/shared may do only while the renderer (a
// sandboxed web page) never loads it. Lint sees one file's imports; this follows them: from every
// renderer file through every relative import it reaches, no module of src/shared/pdf.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const pdfDir = path.join(root, 'src/shared/pdf') + path.sep;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|svelte)$/.test(name) ? [full] : [];
  });
}

/** Relative specifiers of static imports, re-exports and dynamic imports. */
const specifiers = (source: string) =>
  [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);

describe('the renderer', () => {
  it('never reaches src/shared/pdf, directly or through other modules', () => {
    const seen = new Set<string>();
    const reached: string[] = [];
    const queue = files(path.join(root, 'src/renderer'));
    expect(queue.length).toBeGreaterThan(20);
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      if (file.startsWith(pdfDir)) reached.push(path.relative(root, file));
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const target = path.resolve(path.dirname(file), spec);
        if (existsSync(target) && statSync(target).isFile()) queue.push(target);
      }
    }
    // The walk does go into src/shared (so it would see src/shared/pdf if it were imported).
    expect([...seen].some((f) => f.startsWith(path.join(root, 'src/shared/api')))).toBe(true);
    expect(reached).toEqual([]);
  });

  it('would be caught: the walk finds src/shared/pdf from a module that imports it', () => {
    const billing = readFileSync(path.join(root, 'src/main/billing/pdf.ts'), 'utf8');
    expect(specifiers(billing)).toContain('../../shared/pdf/index.ts');
  });
});
