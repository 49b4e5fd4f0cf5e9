// Builds the Electron main-process bundle exactly as electron-forge's Vite plugin does (its own
// config function, our vite.main.config.ts), into a scratch folder, and prints each output file
// with its size, whether a start loads it, and whether it carries the central server
// (`node scripts/main-bundle.mjs [--json]`). `electron-forge package` cannot run
// where there is no Electron binary; this needs none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Not in the package's exports, so by path: the function forge itself builds the main config with.
const forgeMainConfig = path.join(
  root,
  'node_modules/@electron-forge/plugin-vite/dist/config/vite.main.config.js',
);
const { getConfig } = await import(pathToFileURL(forgeMainConfig).href);

/** Output chunks: file name, bytes, whether a start loads it, and the modules it holds. */
export async function buildMainBundle() {
  const outDir = mkdtempSync(path.join(tmpdir(), 'caredock-main-bundle-'));
  const forgeEnv = {
    root,
    mode: 'production',
    command: 'build',
    forgeConfig: { renderer: [{ name: 'main_window' }] },
    forgeConfigSelf: { entry: 'src/main/electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
  };
  const user = (await import(pathToFileURL(path.join(root, 'vite.main.config.ts')).href)).default;
  const config = getConfig(forgeEnv, user);
  try {
    const result = await build({
      ...config,
      configFile: false,
      logLevel: 'silent',
      build: { ...config.build, outDir, write: false },
    });
    const chunks = (Array.isArray(result) ? result : [result])
      .flatMap((r) => r.output)
      .filter((o) => o.type === 'chunk');
    // What a start loads: the entry and every chunk it requires statically, transitively.
    const atStart = new Set();
    const visit = (name) => {
      if (atStart.has(name)) return;
      atStart.add(name);
      for (const i of chunks.find((c) => c.fileName === name)?.imports ?? []) visit(i);
    };
    for (const c of chunks) if (c.isEntry) visit(c.fileName);
    return chunks.map((o) => ({
      file: o.fileName,
      bytes: Buffer.byteLength(o.code),
      atStart: atStart.has(o.fileName),
      modules: Object.keys(o.modules).map((m) => path.relative(root, m)),
      imports: [...o.imports, ...o.dynamicImports],
    }));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const chunks = await buildMainBundle();
  if (process.argv.includes('--json')) {
    console.log(
      JSON.stringify(
        chunks.map(({ file, bytes, atStart, modules, imports }) => ({
          file,
          bytes,
          atStart,
          modules,
          imports,
        })),
      ),
    );
    process.exit(0);
  }
  for (const chunk of chunks) {
    const server = chunk.modules.filter((m) => m.startsWith('src/server/')).length;
    const pglite = chunk.imports.some((i) => i.startsWith('@electric-sql/pglite'));
    console.log(
      `${chunk.file}: ${(chunk.bytes / 1024).toFixed(1)} KiB, ${chunk.modules.length} modules` +
        `${chunk.atStart ? ' (loaded at start)' : ' (loaded on request)'}` +
        `, ${server} of src/server${pglite ? ', imports PGlite' : ''}`,
    );
  }
}
