// Debian's PDF tools as the tests' independent readers: poppler-utils (pdffonts, pdftotext,
// pdfinfo) and qpdf. .ci/run installs both; where one is missing, the tests that need it are
// skipped and say which binary they lack.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export const tools = ['pdffonts', 'pdftotext', 'pdfinfo', 'qpdf'] as const;
export type Tool = (typeof tools)[number];

const present = (bin: string) => spawnSync(bin, ['-v'], { stdio: 'ignore' }).error === undefined;
export const missing: Tool[] = tools.filter((t) => !present(t));
/** For it.skipIf: the reason is in the test's name (see `needs`). */
export const lacking = (...needed: Tool[]) => needed.some((t) => missing.includes(t));
export const needs = (...needed: Tool[]) => {
  const absent = needed.filter((t) => missing.includes(t));
  return absent.length === 0 ? '' : ` (skipped: ${absent.join(', ')} not installed)`;
};

const dir = mkdtempSync(path.join(tmpdir(), 'caredock-pdfa-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Writes the bytes to a file of their own, for the tools to read. */
export function file(bytes: Uint8Array): string {
  const name = path.join(dir, `doc-${++n}.pdf`);
  writeFileSync(name, bytes);
  return name;
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(tool: Tool, args: string[]): Run {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function runBytes(tool: Tool, args: string[]): Buffer {
  const r = spawnSync(tool, args, { maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.stderr.toString()}`);
  return r.stdout;
}

export interface FontRow {
  name: string;
  type: string;
  emb: string;
  sub: string;
  uni: string;
}

/** pdffonts' table; a name has no spaces, a type may ("CID TrueType"), so columns count from the right. */
export function pdffonts(pdf: string): FontRow[] {
  const r = run('pdffonts', [pdf]);
  if (r.status !== 0) throw new Error(`pdffonts: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cells = l.trim().split(/\s+/);
      const [emb, sub, uni] = cells.slice(-5, -2) as [string, string, string];
      return { name: cells[0]!, type: cells.slice(1, -6).join(' '), emb, sub, uni };
    });
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export interface QpdfObjects {
  trailer: Record<string, Json>;
  /** An object's value, or a stream's dictionary, by reference ("12 0 R"). */
  get(ref: Json): Record<string, Json>;
  all(): { ref: string; dict: Record<string, Json> }[];
}

/** The file's objects as qpdf reads them (qpdf --json=2). */
export function qpdfObjects(pdf: string): QpdfObjects {
  const json = JSON.parse(run('qpdf', ['--json=2', '--json-key=qpdf', pdf]).stdout) as {
    qpdf: [unknown, Record<string, { value?: Json; stream?: { dict: Json } }>];
  };
  const objects = json.qpdf[1];
  const dictOf = (o: { value?: Json; stream?: { dict: Json } } | undefined) =>
    (o?.value ?? o?.stream?.dict ?? {}) as Record<string, Json>;
  return {
    trailer: dictOf(objects['trailer']),
    get: (ref) => dictOf(objects[`obj:${String(ref)}`]),
    all: () =>
      Object.entries(objects)
        .filter(([k]) => k.startsWith('obj:'))
        .map(([k, o]) => ({ ref: k.slice(4), dict: dictOf(o) })),
  };
}

/** A stream's data after its filters, as qpdf decodes it. */
export function streamData(pdf: string, ref: string): Buffer {
  return runBytes('qpdf', [`--show-object=${ref.replace(/ 0 R$/, '')}`, '--filtered-stream-data', pdf]);
}
