// The documents' typeface: DejaVu Sans Condensed, regular and bold, from the dejavu-fonts-ttf
// package. PDF/A wants every font embedded (ISO 19005-2, 6.2.11.4); DejaVu covers Swedish and
// Finnish (å ä ö, š ž in loanwords) and far beyond, its licence permits embedding, and the
// condensed cut is within a few per cent of Helvetica's widths, so the documents keep their
// columns. Each document embeds only the glyphs it shows (a subset), named with the tag the PDF
// reference asks of a subset (a six-letter prefix and '+', ISO 32000-1 9.6.4).
// @pdf-lib/fontkit's build shapes the scripts it handles with its Indic and Universal shapers
// (Tifinagh, say, which DejaVu has) through transpiled generators that call a global
// regeneratorRuntime it never defines: without it, such text throws instead of being drawn.
import 'regenerator-runtime/runtime.js';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

export interface FontPair {
  regular: PDFFont;
  bold: PDFFont;
}

const FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf',
} as const;

/** The slice of Node this file needs. */
interface NodeParts {
  readFileSync(path: string): Uint8Array;
  createRequire(from: string): { resolve(id: string): string };
}

// src/shared is type-checked for the renderer too (src/renderer/tsconfig.json), without Node's
// types, so Node's modules are fetched at run time rather than imported. Only the workstation core
// and the central server make PDFs (test/shared/pdf/renderer-imports.test.ts keeps the renderer
// away from this module); elsewhere this says so instead of failing on an import.
function node(): NodeParts {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (!proc?.getBuiltinModule)
    throw new Error('PDF fonts are read from files: documents are made under Node only');
  const fs = proc.getBuiltinModule('node:fs') as Pick<NodeParts, 'readFileSync'>;
  const module = proc.getBuiltinModule('node:module') as Pick<NodeParts, 'createRequire'>;
  return { readFileSync: fs.readFileSync, createRequire: module.createRequire };
}

// Vite's CommonJS build of the Electron main process leaves import.meta empty ({}); there the
// module's own path is CommonJS's __filename (declared here: the renderer's check has no Node types).
declare const __filename: string | undefined;
const self = (): string => {
  const from =
    (import.meta as { url?: string }).url ?? (typeof __filename === 'string' ? __filename : undefined);
  if (!from) throw new Error('src/shared/pdf cannot tell where it is, so cannot find its fonts');
  return from;
};

const files = new Map<keyof typeof FILES, Uint8Array>();

/**
 * A font file's bytes, found the way Node finds a package: from this module's own place, which
 * is src/shared/pdf/ when run from source and dist/cli/ or .vite/build/ when bundled, each with
 * the project's node_modules above it. Read once per process.
 */
export function fontFile(weight: keyof typeof FILES): Uint8Array {
  let bytes = files.get(weight);
  if (!bytes) {
    const { readFileSync, createRequire } = node();
    bytes = readFileSync(createRequire(self()).resolve(FILES[weight]));
    files.set(weight, bytes);
  }
  return bytes;
}

/** A six-letter subset tag from the document's id, different for each font of the document. */
function subsetTag(seed: Uint8Array, index: number): string {
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + ((seed[i]! + index * 7 + i) % 26));
  return tag;
}

export async function embedFonts(doc: PDFDocument, seed: Uint8Array): Promise<FontPair> {
  doc.registerFontkit(fontkit);
  // One glyph per character: no ligatures, so what printable() checks is what is drawn, and a
  // copied "fi" stays two letters in every reader.
  const features = { liga: false, clig: false, dlig: false };
  const embed = (weight: keyof typeof FILES, name: string, index: number) =>
    doc.embedFont(fontFile(weight), {
      subset: true,
      customName: `${subsetTag(seed, index)}+${name}`,
      features,
    });
  return {
    regular: await embed('regular', 'DejaVuSansCondensed', 0),
    bold: await embed('bold', 'DejaVuSansCondensed-Bold', 1),
  };
}

const charsets = new WeakMap<PDFFont, Set<number>>();
const REPLACEMENT = '\uFFFD';

/**
 * Text as the font can show it. PDF/A forbids drawing the .notdef glyph (6.2.11.8), which is what
 * a character outside the font would become: such a character is shown as U+FFFD (DejaVu has it),
 * invisible format characters (variation selectors, joiners) it lacks are left out, and control
 * characters become spaces. Text is NFC-normalised first, so a decomposed "å" is the one glyph.
 */
export function printable(font: PDFFont, text: string): string {
  let shown = charsets.get(font);
  if (!shown) {
    shown = new Set(font.getCharacterSet());
    charsets.set(font, shown);
  }
  const fallback = shown.has(REPLACEMENT.codePointAt(0)!) ? REPLACEMENT : '?';
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (/\p{Cc}|[\u2028\u2029]/u.test(ch)) out += ' ';
    else if (shown.has(ch.codePointAt(0)!)) out += ch;
    else if (!/\p{Default_Ignorable_Code_Point}/u.test(ch)) out += fallback;
  }
  return out;
}
