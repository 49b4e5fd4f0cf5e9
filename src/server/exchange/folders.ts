// The drop folders of the file exchange: DATA/exchange/<municipality>/in (what the municipality's
// system writes into, by SFTP or a share), archive (every file taken, with its result file beside
// it) and out (what CareDock writes back). A file in in/ is taken only once its writer has said it
// is finished, by an empty marker NAME.ready beside it: a half-written file is never read.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataPaths } from '../paths.ts';

export const READY_SUFFIX = '.ready';
/** A file a server process has taken to import: `.taking-<uuid>.<name>` in in/. */
export const CLAIM_PREFIX = '.taking-';
const CLAIM_PATTERN = /^\.taking-[0-9a-f-]{36}\.(.+)$/;

export interface ExchangeFolders {
  in: string;
  archive: string;
  out: string;
}

export function foldersOf(paths: DataPaths, municipalityId: string): ExchangeFolders {
  const root = path.join(paths.exchangeDir, municipalityId);
  return { in: path.join(root, 'in'), archive: path.join(root, 'archive'), out: path.join(root, 'out') };
}

export function ensureFolders(f: ExchangeFolders): void {
  for (const dir of [f.in, f.archive, f.out]) mkdirSync(dir, { recursive: true, mode: 0o750 });
}

export type FileFormat = 'bfu' | 'mfu';

/** The format a dropped file is read as, by its name: .xml is BFU orders, .csv MFU recipients. */
export function formatOfName(name: string): FileFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xml')) return 'bfu';
  if (lower.endsWith('.csv')) return 'mfu';
  return null;
}

/** Files in in/ whose writer has finished (NAME.ready exists), oldest first. */
export function readyFiles(f: ExchangeFolders): { name: string; file: string; marker: string }[] {
  if (!existsSync(f.in)) return [];
  const names = new Set(readdirSync(f.in));
  const ready = [];
  for (const name of names) {
    if (name.startsWith('.') || name.endsWith(READY_SUFFIX) || !names.has(name + READY_SUFFIX)) continue;
    const file = path.join(f.in, name);
    if (!statSync(file).isFile()) continue;
    ready.push({ name, file, marker: file + READY_SUFFIX, mtime: statSync(file).mtimeMs });
  }
  return ready
    .sort((a, b) => a.mtime - b.mtime || (a.name < b.name ? -1 : 1))
    .map(({ mtime: _m, ...r }) => r);
}

/**
 * A name in archive/ (or out/) that is not taken yet: the file's own name, with the time it was
 * taken in front so a file dropped twice keeps both copies.
 */
export function archiveName(f: ExchangeFolders, name: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let candidate = `${stamp}_${name}`;
  for (let n = 2; existsSync(path.join(f.archive, candidate)); n++) candidate = `${stamp}-${n}_${name}`;
  return candidate;
}

/** Moves a taken file into archive/ and drops its marker; both in the same file system. */
export function moveToArchive(f: ExchangeFolders, file: string, archived: string): void {
  renameSync(file, path.join(f.archive, archived));
}

/** Puts files whose claim was last touched before `before` back under their name, with a marker. */
export function returnAbandonedClaims(f: ExchangeFolders, before: number): string[] {
  if (!existsSync(f.in)) return [];
  const back: string[] = [];
  for (const entry of readdirSync(f.in)) {
    const m = CLAIM_PATTERN.exec(entry);
    if (!m) continue;
    const claimed = path.join(f.in, entry);
    try {
      if (statSync(claimed).mtimeMs >= before) continue;
      const file = path.join(f.in, m[1]!);
      if (existsSync(file)) continue;
      renameSync(claimed, file);
      writeFileSync(file + READY_SUFFIX, '');
      back.push(m[1]!);
    } catch {
      // Another process returned or finished it meanwhile.
    }
  }
  return back;
}
