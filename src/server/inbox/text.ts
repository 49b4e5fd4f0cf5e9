// What a citizen reads in the 1177 inbox: a title and a DocBook text made with the builder, so it
// can hold only what 1177 shows. Times in Swedish local time; no staff names, no door codes, no
// personnummer — the provider's name and the visit's times are all it says.
import { z } from 'zod';
import {
  article,
  listitem,
  para,
  serialiseDocBook,
  term,
  variablelist,
  varlistentry,
} from '../../../integrations/patientportal/index.ts';
import { isoInstantSchema } from '../../shared/sync/ids.ts';

const slot = z.object({ start: isoInstantSchema, end: isoInstantSchema });

export const inboxContent = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('moved'), providerName: z.string(), from: slot, to: slot }),
  z.object({ reason: z.literal('cancelled'), providerName: z.string(), visit: slot }),
  z.object({
    reason: z.literal('weekly'),
    providerName: z.string(),
    /** ISO week, 2026-W49. */
    week: z.string().regex(/^\d{4}-W\d{2}$/),
    visits: z.array(slot).max(200),
  }),
]);
export type InboxContent = z.infer<typeof inboxContent>;
export type InboxLanguage = 'sv' | 'en';

const ZONE = 'Europe/Stockholm';
const LOCALE: Record<InboxLanguage, string> = { sv: 'sv-SE', en: 'en-GB' };

function day(iso: string, lang: InboxLanguage): string {
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date(iso));
}

function clock(iso: string, lang: InboxLanguage): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone: ZONE, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

const times = (s: { start: string; end: string }, lang: InboxLanguage) =>
  `${clock(s.start, lang)}–${clock(s.end, lang)}`;
const when = (s: { start: string; end: string }, lang: InboxLanguage) =>
  lang === 'sv' ? `${day(s.start, lang)} kl. ${times(s, lang)}` : `${day(s.start, lang)}, ${times(s, lang)}`;

const WORDS = {
  sv: {
    movedTitle: 'Ändrad tid för ditt hemtjänstbesök',
    moved: (from: string, to: string) => `Ditt besök ${from} är flyttat till ${to}.`,
    cancelledTitle: 'Inställt hemtjänstbesök',
    cancelled: (at: string) => `Ditt besök ${at} är inställt.`,
    weeklyTitle: (week: string) => `Dina hemtjänstbesök vecka ${week}`,
    weekly: 'Så här är dina besök planerade nästa vecka:',
    none: 'Inga besök är planerade nästa vecka.',
    contact: (provider: string) => `Har du frågor? Kontakta ${provider}. Svara inte på det här meddelandet.`,
  },
  en: {
    movedTitle: 'New time for your home care visit',
    moved: (from: string, to: string) => `Your visit on ${from} has been moved to ${to}.`,
    cancelledTitle: 'Home care visit cancelled',
    cancelled: (at: string) => `Your visit on ${at} has been cancelled.`,
    weeklyTitle: (week: string) => `Your home care visits in week ${week}`,
    weekly: 'These are your planned visits next week:',
    none: 'No visits are planned next week.',
    contact: (provider: string) => `Questions? Contact ${provider}. Do not reply to this message.`,
  },
} as const;

export function inboxText(c: InboxContent, lang: InboxLanguage): { title: string; docbook: string } {
  const w = WORDS[lang];
  const contact = para(w.contact(c.providerName));
  switch (c.reason) {
    case 'moved':
      return {
        title: w.movedTitle,
        docbook: serialiseDocBook(article(para(w.moved(when(c.from, lang), when(c.to, lang))), contact)),
      };
    case 'cancelled':
      return {
        title: w.cancelledTitle,
        docbook: serialiseDocBook(article(para(w.cancelled(when(c.visit, lang))), contact)),
      };
    case 'weekly': {
      const week = String(Number(c.week.slice(6)));
      const body =
        c.visits.length === 0
          ? [para(w.none)]
          : [
              para(w.weekly),
              variablelist(
                ...c.visits.map((v) => varlistentry(term(day(v.start, lang)), listitem(times(v, lang)))),
              ),
            ];
      return { title: w.weeklyTitle(week), docbook: serialiseDocBook(article(...body, contact)) };
    }
  }
}
