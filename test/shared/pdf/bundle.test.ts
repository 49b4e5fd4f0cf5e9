// The documents are made from bundles as well as from source: the caredock command runs as one
// esbuild bundle in dist/cli (scripts/build-cli.mjs), and the Electron main process as Vite's
// CommonJS build in .vite/build (electron-forge's config with vite.main.config.ts). In both,
// src/shared/pdf's own place is the bundle's, and in the CommonJS one import.meta is empty: the
// fonts must still be found. Each test bundles a small program the same way, into a folder as deep
// in the project as those two, and has it make a PDF.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { file, lacking, needs, pdffonts } from './pdf-tools.ts';

const root = path.resolve(import.meta.dirname, '../../..');
mkdirSync(path.join(root, 'dist'), { recursive: true });
const dir = mkdtempSync(path.join(root, 'dist', 'pdf-bundle-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A program that writes a person export to the file named by its first argument. */
function probe(name: string): string {
  const entry = path.join(dir, `${name}.ts`);
  writeFileSync(
    entry,
    `import { writeFileSync } from 'node:fs';
import { personPdf } from ${JSON.stringify(path.join(root, 'src/main/people/pdf.ts'))};
void personPdf('Åsa Öberg', 'šž', [{ title: 'Besök', lines: ['ÅÄÖ'] }]).then((bytes) =>
  writeFileSync(process.argv[2]!, bytes),
);
`,
  );
  return entry;
}

function fontsMadeBy(bundle: string) {
  const out = path.join(dir, `${path.basename(bundle)}.pdf`);
  execFileSync(process.execPath, [bundle, out], { cwd: dir, timeout: 60_000 });
  const fonts = pdffonts(file(readFileSync(out)));
  expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
    'DejaVuSansCondensed',
    'DejaVuSansCondensed-Bold',
  ]);
  for (const f of fonts) expect(f).toMatchObject({ emb: 'yes', sub: 'yes' });
}

describe('a bundled program finds the fonts and embeds them', () => {
  it.skipIf(lacking('pdffonts'))(`as the command's esbuild bundle${needs('pdffonts')}`, async () => {
    const outfile = path.join(dir, 'cli', 'probe.mjs');
    // The options scripts/build-cli.mjs bundles the command with.
    await esbuild({
      entryPoints: [probe('cli-entry')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      banner: {
        js: "import { createRequire as __caredockRequire } from 'node:module'; const require = __caredockRequire(import.meta.url);",
      },
      logLevel: 'silent',
    });
    // pdf-lib and fontkit are inside the bundle; the font files stay in node_modules.
    expect(readFileSync(outfile, 'utf8')).not.toMatch(/from ["']pdf-lib["']/);
    fontsMadeBy(outfile);
  });

  it.skipIf(lacking('pdffonts'))(
    `as the Electron main process's CommonJS build${needs('pdffonts')}`,
    async () => {
      const { build } = await import('vite');
      // Not in the package's exports, so by path, as scripts/main-bundle.mjs takes it.
      const forge = path.join(
        root,
        'node_modules/@electron-forge/plugin-vite/dist/config/vite.main.config.js',
      );
      const { getConfig } = (await import(pathToFileURL(forge).href)) as {
        getConfig: (env: unknown, user: unknown) => { build: Record<string, unknown> };
      };
      const user = (
        (await import(pathToFileURL(path.join(root, 'vite.main.config.ts')).href)) as { default: unknown }
      ).default;
      const config = getConfig(
        {
          root,
          mode: 'production',
          command: 'build',
          forgeConfig: { renderer: [] },
          forgeConfigSelf: { entry: probe('main-entry'), config: 'vite.main.config.ts', target: 'main' },
        },
        user,
      );
      const outDir = path.join(dir, 'vite');
      await build({ ...config, configFile: false, logLevel: 'silent', build: { ...config.build, outDir } });
      fontsMadeBy(path.join(outDir, 'main-entry.cjs'));
    },
  );
});
