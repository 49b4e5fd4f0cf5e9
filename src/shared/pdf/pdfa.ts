// What makes a pdf-lib document PDF/A-2b (ISO 19005-2) beyond its fonts: the identification in
// XMP, an Info dictionary that agrees with it, a document id in the trailer (6.1.3), and an
// OutputIntent with an ICC profile that says what DeviceRGB means (6.2.3, 6.2.4.3). pdf-lib
// already writes the rest the way PDF/A wants it: a %PDF-1.7 header with a binary comment, no
// encryption, and no transparency unless asked for (we never ask: no opacity anywhere).
import { PDFHexString, PDFName, PDFString, type PDFDocument, type PDFRef } from 'pdf-lib';
import { srgbIccProfile } from './srgb-icc.ts';
import { metadataText, xmpPacket } from './xmp.ts';

export interface PdfAFacts {
  title: string;
  author: string;
  language: string;
  /** In whole seconds: XMP and the Info dictionary must name the same instant. */
  createdAt: Date;
  creatorTool: string;
  producer: string;
  /** 16 bytes: the trailer's id, and the XMP DocumentID. */
  id: Uint8Array;
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

export function writePdfA(doc: PDFDocument, facts: PdfAFacts, structTreeRoot: PDFRef): void {
  const { context, catalog } = doc;
  const title = metadataText(facts.title);
  const author = metadataText(facts.author);
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor(author);
  doc.setCreator(facts.creatorTool);
  doc.setProducer(facts.producer);
  doc.setCreationDate(facts.createdAt);
  doc.setModificationDate(facts.createdAt);
  doc.setLanguage(facts.language);

  const id = hex(facts.id);
  context.trailerInfo.ID = context.obj([PDFHexString.of(id), PDFHexString.of(id)]);

  // The packet goes in uncompressed, as UTF-8: pdf-lib's string streams would write Latin-1.
  const xmp = new TextEncoder().encode(xmpPacket({ ...facts, title, author, documentId: id }));
  const metadata = context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));

  const profile = context.register(context.flateStream(srgbIccProfile(), { N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: profile,
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));

  // Tagged (14.7): the structure tree, and the flag that says the content is marked.
  catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  catalog.set(PDFName.of('StructTreeRoot'), structTreeRoot);
}
