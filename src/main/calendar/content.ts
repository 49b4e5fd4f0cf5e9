// What a calendar item says. Outlook is read on phones and shared screens, so the admin chooses
// how much it shows (Admin → Integrationer → Exchange) and the default shows little: "Besök",
// the time, the recipient's initials and area. No level ever shows a personnummer, a door code
// or key information, and a recipient with protected identity is only ever "Besök".
import type { Language } from '../../shared/errors/index.ts';
import { redactSensitive } from '../../shared/domain/sensitive-text.ts';
import { localParts } from '../../shared/domain/time.ts';

export const calendarPrivacyLevels = ['minimal', 'standard', 'detailed'] as const;
export type CalendarPrivacy = (typeof calendarPrivacyLevels)[number];

export interface VisitForCalendar {
  start: number;
  end: number;
  timeZone: string;
  recipient: { name: string; address: string | null; protectedIdentity: boolean } | null;
  /** Service codes planned for the visit. */
  tasks: string[];
  /** The other performer of a double-staffed visit, by name. */
  partner: string | null;
}

const words = {
  sv: {
    visit: 'Besök',
    note: 'Planerat i CareDock. Ändringar görs i CareDock; en ändring här skrivs över.',
    with: 'Tillsammans med',
    tasks: 'Insatser',
  },
  fi: {
    visit: 'Käynti',
    note: 'Suunniteltu CareDockissa. Muutokset tehdään CareDockissa; täällä tehty muutos korvataan.',
    with: 'Yhdessä',
    tasks: 'Palvelut',
  },
  en: {
    visit: 'Visit',
    note: 'Planned in CareDock. Changes are made in CareDock; a change made here is overwritten.',
    with: 'Together with',
    tasks: 'Services',
  },
} as const;

/** "Anna-Lena Berg" → "A.B.": a name's first letters, so the performer knows whom without a full name. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => `${[...w][0]?.toUpperCase() ?? ''}.`)
    .join('');
}

/** The area of an address "Storgatan 1, 123 45 Västerås": its last part without the postcode. */
export function areaOf(address: string | null): string {
  if (!address) return '';
  const parts = address
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length < 2) return '';
  return (parts.at(-1) ?? '').replace(/\d[\d\s]*/g, '').trim();
}

/** The street part of an address, with anything shaped like a code taken out. */
function street(address: string | null): string {
  if (!address) return '';
  return redactSensitive(address.split(',')[0]?.trim() ?? '', '…');
}

export function calendarText(
  level: CalendarPrivacy,
  visit: VisitForCalendar,
  lang: Language,
): { subject: string; body: string; location: string } {
  const w = words[lang];
  const r = visit.recipient;
  if (level === 'minimal' || r === null || r.protectedIdentity)
    return { subject: w.visit, body: w.note, location: '' };
  const from = localParts(visit.start, visit.timeZone).time;
  const to = localParts(visit.end, visit.timeZone).time;
  if (level === 'standard') {
    const area = areaOf(r.address);
    const subject = [w.visit, `${from}–${to}`, initials(r.name), area].filter((s) => s.length > 0).join(' ');
    return { subject, body: w.note, location: area };
  }
  const lines = [
    `${w.visit} ${from}–${to}: ${r.name}`,
    ...(visit.tasks.length > 0 ? [`${w.tasks}: ${visit.tasks.join(', ')}`] : []),
    ...(visit.partner ? [`${w.with} ${visit.partner}`] : []),
    '',
    w.note,
  ];
  return {
    subject: redactSensitive(`${w.visit} ${r.name}`, '…'),
    body: redactSensitive(lines.join('\n'), '…'),
    location: street(r.address),
  };
}
