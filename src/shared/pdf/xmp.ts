// The document's XMP metadata packet (ISO 16684-1), which PDF/A reads its identification from
// (ISO 19005-2, 6.6): pdfaid part 2, conformance B. Every property that also stands in the
// Info dictionary says the same thing there (6.6.3): title, author, creator tool, producer and
// the two dates, all in whole seconds, UTC.

export interface XmpFacts {
  title: string;
  author: string;
  language: string;
  createdAt: Date;
  creatorTool: string;
  producer: string;
  /** The trailer's document id, as 32 hex digits. */
  documentId: string;
}

/**
 * Metadata text both places can hold alike: XML 1.0 has no place for most control characters,
 * lone surrogates, U+FFFE and U+FFFF, and an XML reader turns a CR into LF, so line breaks and
 * tabs become spaces (a title is one line) and the rest is left out.
 */
export function metadataText(s: string): string {
  return s.replace(/[\t\n\r]/g, ' ').replace(/[^\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

const escape = (s: string) =>
  metadataText(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** 2026-05-01T10:00:00Z: the XMP form of the same instant as the Info dictionary's D:20260501100000Z. */
export const xmpDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const uuid = (hex: string) =>
  `uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

export function xmpPacket(f: XmpFacts): string {
  const when = xmpDate(f.createdAt);
  // The BOM in begin="" is U+FEFF, written out (UTF-8: EF BB BF) as the packet wrapper asks.
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escape(f.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${escape(f.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>${escape(f.language)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>${when}</xmp:CreateDate>
   <xmp:ModifyDate>${when}</xmp:ModifyDate>
   <xmp:MetadataDate>${when}</xmp:MetadataDate>
   <xmp:CreatorTool>${escape(f.creatorTool)}</xmp:CreatorTool>
   <pdf:Producer>${escape(f.producer)}</pdf:Producer>
   <xmpMM:DocumentID>${uuid(f.documentId)}</xmpMM:DocumentID>
   <xmpMM:InstanceID>${uuid(f.documentId)}</xmpMM:InstanceID>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
