// A PDF's text as a reader sees it, page by page: pdf-lib compresses its streams, so the bytes
// themselves say nothing about what the document shows.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfPages(base64: string): Promise<string[]> {
  const data = new Uint8Array(Buffer.from(base64, 'base64'));
  const task = getDocument({ data, useSystemFonts: false });
  const pdf = await task.promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await task.destroy();
  return pages;
}
