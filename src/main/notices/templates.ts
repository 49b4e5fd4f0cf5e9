// The rules' default texts and how a template becomes a message: the values a placeholder may
// take (never a personnummer, door code or key information), in the recipient's language, with a
// protected recipient's name left out entirely. An email template's first line is its subject.
import type { NoticeRules, Templates } from '../../shared/api/procedures/notices.ts';
import { renderTemplate, type TemplateValues } from '../../shared/domain/notices.ts';
import type { Language } from '../../shared/errors/index.ts';

const locales: Record<Language, string> = { sv: 'sv-SE', fi: 'fi-FI', en: 'en-GB' };

// Building a formatter costs far more than using one; a day-before run formats thousands of times.
const formatters = new Map<string, Record<'date' | 'weekday' | 'time', Intl.DateTimeFormat>>();

function formattersFor(lang: Language, timeZone: string) {
  const key = `${lang}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    const make = (o: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(locales[lang], { timeZone, ...o });
    f = {
      date: make({ day: 'numeric', month: 'long' }),
      weekday: make({ weekday: 'long' }),
      time: make({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    formatters.set(key, f);
  }
  return f;
}

/** Date, weekday and time of an instant as a person in the municipality reads them. */
export function whenValues(instant: number, timeZone: string, lang: Language): TemplateValues {
  const at = new Date(instant);
  const f = formattersFor(lang, timeZone);
  return { date: f.date.format(at), weekday: f.weekday.format(at), time: f.time.format(at) };
}

export interface NoticeSubject {
  name: string;
  protectedIdentity: boolean;
}

/** A recipient's name, or nothing at all for a protected identity. */
export function nameValue(r: NoticeSubject | null): TemplateValues {
  return r && !r.protectedIdentity && r.name.trim() !== '' ? { name: r.name.trim() } : {};
}

export function render(t: Templates, lang: Language, values: TemplateValues): string {
  return renderTemplate(t[lang], values);
}

export function emailParts(text: string): { subject: string; text: string } {
  const [first = '', ...rest] = text.split('\n');
  const body = rest.join('\n').trim();
  return { subject: first.trim().slice(0, 200) || 'CareDock', text: body || first.trim() };
}

export const systemNames: Record<'docking' | 'sync', Record<Language, string>> = {
  docking: { sv: 'Dockningen', fi: 'Telakointi', en: 'Docking' },
  sync: {
    sv: 'Synkroniseringen med kommunen',
    fi: 'Synkronointi kunnan kanssa',
    en: 'Sync with the municipality',
  },
};

export const testTexts: Record<Language, { subject: string; body: string; sms: string }> = {
  sv: {
    subject: 'Test från CareDock',
    body: 'Det här är ett testmeddelande från CareDock. E-posten är rätt inställd.',
    sms: 'Test från CareDock: SMS-kanalen är rätt inställd.',
  },
  fi: {
    subject: 'Testi CareDockista',
    body: 'Tämä on CareDockin testiviesti. Sähköposti on määritetty oikein.',
    sms: 'Testi CareDockista: tekstiviestikanava on määritetty oikein.',
  },
  en: {
    subject: 'Test from CareDock',
    body: 'This is a test message from CareDock. Email is set up correctly.',
    sms: 'Test from CareDock: the SMS channel is set up correctly.',
  },
};

export const defaultRules: NoticeRules = {
  dayBefore: {
    enabled: false,
    sendAt: '16:00',
    sms: {
      sv: 'Hej {name}! Påminnelse: hemtjänsten kommer {weekday} {date} kl. {time}. Hälsningar {provider}',
      fi: 'Hei {name}! Muistutus: kotihoito tulee {weekday} {date} klo {time}. Terveisin {provider}',
      en: 'Hello {name}! Reminder: home care visits you on {weekday} {date} at {time}. Regards, {provider}',
    },
  },
  lateChange: {
    enabled: false,
    staffChannel: 'sms',
    sms: {
      sv: 'Hej {name}! Hemtjänstens besök {weekday} {date} har ny tid: kl. {time}. Hälsningar {provider}',
      fi: 'Hei {name}! Kotihoidon käynnin {weekday} {date} uusi aika on klo {time}. Terveisin {provider}',
      en: 'Hello {name}! The home-care visit on {weekday} {date} is now at {time}. Regards, {provider}',
    },
    cancelledSms: {
      sv: 'Hej {name}! Hemtjänstens besök {weekday} {date} kl. {time} är inställt. Hälsningar {provider}',
      fi: 'Hei {name}! Kotihoidon käynti {weekday} {date} klo {time} on peruttu. Terveisin {provider}',
      en: 'Hello {name}! The home-care visit on {weekday} {date} at {time} is cancelled. Regards, {provider}',
    },
    staffText: {
      sv: 'Ändrat besök {weekday} {date} kl. {time} (mindre än ett dygn kvar). Se planeringen i CareDock.',
      fi: 'Muutettu käynti {weekday} {date} klo {time} (alle vuorokausi jäljellä). Katso suunnitelma CareDockista.',
      en: 'Changed visit {weekday} {date} at {time} (less than a day ahead). See the plan in CareDock.',
    },
  },
  orderChanged: {
    enabled: false,
    to: [],
    email: {
      sv: 'Ny eller ändrad beställning från kommunen\nEn beställning kom eller ändrades {weekday} {date} kl. {time}. Öppna CareDock → Beställningar för att se den.',
      fi: 'Uusi tai muutettu tilaus kunnalta\nTilaus saapui tai muuttui {weekday} {date} klo {time}. Avaa CareDock → Tilaukset nähdäksesi sen.',
      en: 'New or changed order from the municipality\nAn order arrived or changed on {weekday} {date} at {time}. Open CareDock → Orders to see it.',
    },
  },
  missedVisit: {
    enabled: false,
    to: [],
    email: {
      sv: 'Missat besök {date} kl. {time}\nEtt planerat besök {weekday} {date} kl. {time} saknar registreringar efter dockningen. Öppna CareDock → Planering.',
      fi: 'Väliin jäänyt käynti {date} klo {time}\nSuunnitellulta käynniltä {weekday} {date} klo {time} puuttuu rekisteröinnit telakoinnin jälkeen. Avaa CareDock → Suunnittelu.',
      en: 'Missed visit {date} at {time}\nA planned visit on {weekday} {date} at {time} has no registrations after the docking. Open CareDock → Planning.',
    },
  },
  failing: {
    enabled: false,
    afterMinutes: 60,
    to: [],
    email: {
      sv: '{system} fungerar inte\n{system} har misslyckats sedan {since}. Öppna CareDock och se felet under Admin.',
      fi: '{system} ei toimi\n{system} on epäonnistunut {since} lähtien. Avaa CareDock ja katso virhe kohdasta Ylläpito.',
      en: '{system} is failing\n{system} has failed since {since}. Open CareDock and see the error under Admin.',
    },
  },
};
