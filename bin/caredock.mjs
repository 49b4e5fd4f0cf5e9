#!/usr/bin/env node
// The caredock command. It runs the bundle in dist/cli when that is newer than every source
// file (npm run build:cli), else the TypeScript sources directly through Node 24's type
// stripping, so a fresh clone and a developer mid-edit both run what is in the tree.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`caredock needs Node 24 LTS; this is Node ${process.versions.node}.`);
  process.exit(1);
}

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundle = path.join(root, 'dist', 'cli', 'caredock.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'renderer' && entry.name !== 'node_modules')
        newest = Math.max(newest, newestSource(full));
    } else if (entry.name.endsWith('.ts')) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

function bundleIsFresh() {
  if (process.env.CAREDOCK_FROM_SOURCE) return false;
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  return built > Math.max(...['src', 'drivers', 'integrations'].map((d) => newestSource(path.join(root, d))));
}

const entry = bundleIsFresh()
  ? pathToFileURL(bundle).href
  : pathToFileURL(path.join(root, 'src', 'cli', 'main.ts')).href;
/**
 * Resolves once everything written to the stream so far has been handed to the operating system
 * (a write's callback runs after every earlier write's), or the stream can take no more.
 */
function flushed(stream) {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) return resolve();
    stream.once('error', () => resolve());
    stream.write('', () => resolve());
  });
}

const { main } = await import(entry);
const code = await main(process.argv.slice(2));
// Output to a pipe is asynchronous: exiting now would drop what the reader has not taken yet,
// and a command would end early with success. Wait for stdout and stderr first.
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
// Native device bindings (USB hot-plug) may hold the event loop open after everything closed.
process.exit(code);
