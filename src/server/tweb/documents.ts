// The documents CareDock files into TWeb, as PDF/A-2b (src/shared/pdf): a deviation report or a
// notice as the provider's office sent it, and an attested month's basis. Finnish first with
// Swedish beside, as the municipality's case handlers read them. A recipient is named by name and
// the municipality's id, never by personnummer; a protected identity by id alone.
import { createHash } from 'node:crypto';
import { localParts } from '../../shared/domain/time.ts';
import { sectionedPdf, type PdfSection } from '../../shared/pdf/index.ts';
import type { AttestationItem, DeviationReportItem } from '../../shared/sync/pushItems.ts';

const ZONE = 'Europe/Helsinki';

export interface Parties {
  municipality: string;
  provider: string;
  /** Who the report is about, as the handler may see it; null when about no one. */
  recipient: string | null;
}

const both = (fi: string, sv: string) => `${fi} / ${sv}`;
/** The same document for the same item, byte for byte, however often it is made (a retry resends it). */
const idOf = (itemId: string) =>
  new Uint8Array(createHash('sha256').update(`caredock-pdf:${itemId}`).digest()).slice(0, 16);
function when(iso: string): string {
  const p = localParts(Date.parse(iso), ZONE);
  return `${p.day}.${p.month}.${p.year} ${p.time}`;
}

export const DEVIATION_TITLES: Record<DeviationReportItem['kind'], { fi: string; sv: string }> = {
  missed: { fi: 'Käynti jäi toteutumatta', sv: 'Besök blev inte av' },
  late: { fi: 'Käynti myöhästyi', sv: 'Besöket var försenat' },
  short: { fi: 'Käynti jäi lyhyeksi', sv: 'Besöket var för kort' },
  notice: { fi: 'Ilmoitus', sv: 'Anmälan' },
};

/** The case's or document's title, in Finnish and in Swedish. */
export function deviationTitles(item: DeviationReportItem): { fi: string; sv: string } {
  const t = DEVIATION_TITLES[item.kind];
  return item.kind === 'notice'
    ? { fi: 'Ilmoitus', sv: 'Anmälan' }
    : { fi: `Poikkeamailmoitus: ${t.fi}`, sv: `Avvikelserapport: ${t.sv}` };
}

export function deviationTitle(item: DeviationReportItem): string {
  const t = deviationTitles(item);
  return both(t.fi, t.sv);
}

export function deviationPdf(item: DeviationReportItem, parties: Parties): Promise<Uint8Array> {
  const t = DEVIATION_TITLES[item.kind];
  const facts = [
    `${both('Palveluntuottaja', 'Utförare')}: ${parties.provider}`,
    `${both('Kunta', 'Kommun')}: ${parties.municipality}`,
    `${both('Laji', 'Slag')}: ${both(t.fi, t.sv)}`,
    ...(parties.recipient ? [`${both('Asiakas', 'Brukare')}: ${parties.recipient}`] : []),
    ...(item.visitStart ? [`${both('Suunniteltu käynti', 'Planerat besök')}: ${when(item.visitStart)}`] : []),
    ...(item.minutes !== null
      ? [
          `${item.kind === 'late' ? both('Myöhässä', 'Försenat') : both('Lyhyempi', 'Kortare')}: ${item.minutes} min`,
        ]
      : []),
    `${both('Ilmoittanut', 'Rapporterad av')}: ${item.filedBy}, ${when(item.filedAt)}`,
  ];
  const sections: PdfSection[] = [
    { title: both('Tiedot', 'Uppgifter'), lines: facts },
    { title: both('Kuvaus', 'Beskrivning'), lines: item.text.split(/\r?\n/) },
  ];
  if (item.attachments.length > 0)
    sections.push({
      title: both('Liitteet', 'Bilagor'),
      lines: item.attachments.map((a) => `${a.name} (${a.mediaType})`),
    });
  return sectionedPdf(
    {
      title: deviationTitle(item),
      author: parties.provider,
      language: 'fi',
      createdAt: new Date(item.filedAt),
      documentId: idOf(item.id),
    },
    `${parties.provider} → ${parties.municipality}`,
    sections,
  );
}

export function basisTitles(item: AttestationItem): { fi: string; sv: string } {
  const month = item.periodStart.slice(0, 7);
  return { fi: `Hyväksytty kuukausiperuste ${month}`, sv: `Attesterat månadsunderlag ${month}` };
}

export function basisTitle(item: AttestationItem): string {
  const t = basisTitles(item);
  return both(t.fi, t.sv);
}

/** The attested month as the provider attested it: per recipient and service, the minutes. */
export function basisPdf(
  item: AttestationItem,
  parties: Omit<Parties, 'recipient'>,
  recipientName: (id: string) => string,
): Promise<Uint8Array> {
  const rows = item.figures?.rows ?? [];
  const h = (m: number) => (m / 60).toFixed(2).replace('.', ',');
  const lines = rows.map(
    (r) =>
      `${recipientName(r.recipientId)} — ${r.serviceCode} ${r.serviceName}: ` +
      `${both('myönnetty', 'beviljat')} ${h(r.grantedMinutes)} h, ${both('suunniteltu', 'planerat')} ${h(r.plannedMinutes)} h, ` +
      `${both('toteutunut', 'utfört')} ${h(r.performedMinutes)} h, ${both('poikkeamat', 'avvikelser')} ${r.deviations}`,
  );
  const total = rows.reduce((s, r) => s + r.performedMinutes, 0);
  return sectionedPdf(
    {
      title: basisTitle(item),
      author: parties.provider,
      language: 'fi',
      createdAt: new Date(item.attestedAt),
      documentId: idOf(item.id),
    },
    `${parties.provider} → ${parties.municipality}`,
    [
      {
        title: both('Hyväksyntä', 'Attest'),
        lines: [
          `${both('Kausi', 'Period')}: ${item.periodStart} – ${item.periodEnd}`,
          `${both('Hyväksynyt', 'Attesterat av')}: ${item.attestedBy}, ${when(item.attestedAt)}`,
          `${both('Versio', 'Version')}: ${item.version ?? 1}`,
          `${both('Rekisteröintejä', 'Registreringar')}: ${item.registrationCount}`,
          `${both('Toteutunut yhteensä', 'Utfört totalt')}: ${h(total)} h`,
          ...(item.note ? [`${both('Huomautus', 'Anmärkning')}: ${item.note}`] : []),
        ],
      },
      { title: both('Asiakkaittain', 'Per brukare'), lines: lines.length > 0 ? lines : ['—'] },
    ],
  );
}
