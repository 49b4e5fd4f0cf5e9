import type { DeviationKind } from '../domain/deviations.ts';
import type { Message } from './types.ts';

/** Office and coordinator work: refusals, plan warnings, why something is a deviation, report labels. */
export const workflowMessages = {
  'attest.locked': {
    sv: 'Perioden {month} är attesterad och låst. En administratör måste öppna den innan något ändras.',
    fi: 'Jakso {month} on hyväksytty ja lukittu. Ylläpitäjän on avattava se ennen muutoksia.',
    en: 'The period {month} is attested and locked. An administrator must reopen it before anything changes.',
  },
  'attest.already': {
    sv: '{month} är redan attesterad.',
    fi: '{month} on jo hyväksytty.',
    en: '{month} is already attested.',
  },
  'attest.openProblems': {
    sv: '{month} har öppna problem: omatchade registreringar {unmatched}, okänd personal {unknownStaff}, okänd tagg {unknownTag}. Åtgärda dem, eller bekräfta att du attesterar med just dessa.',
    fi: 'Kuukaudella {month} on avoimia ongelmia: parittomat rekisteröinnit {unmatched}, tuntematon työntekijä {unknownStaff}, tuntematon tagi {unknownTag}. Korjaa ne tai vahvista, että hyväksyt juuri nämä.',
    en: '{month} has open problems: unmatched registrations {unmatched}, unknown staff {unknownStaff}, unknown tag {unknownTag}. Fix them, or confirm that you attest with exactly these.',
  },
  'attest.problemsForbidden': {
    sv: '{month} kan inte attesteras med öppna problem (omatchade {unmatched}, okänd personal {unknownStaff}, okänd tagg {unknownTag}). Åtgärda dem först; en administratör har valt den regeln.',
    fi: 'Kuukautta {month} ei voi hyväksyä avoimin ongelmin (parittomat {unmatched}, tuntematon työntekijä {unknownStaff}, tuntematon tagi {unknownTag}). Korjaa ne ensin; ylläpitäjä on valinnut tämän säännön.',
    en: '{month} cannot be attested with open problems (unmatched {unmatched}, unknown staff {unknownStaff}, unknown tag {unknownTag}). Fix them first; an administrator chose this rule.',
  },
  'time.endBeforeStart': {
    sv: 'Sluttiden {end} ligger före starttiden {start}. Rätta tiderna, eller välj att besöket går över midnatt.',
    fi: 'Päättymisaika {end} on ennen alkamisaikaa {start}. Korjaa ajat tai valitse, että käynti jatkuu yli keskiyön.',
    en: 'The end {end} is before the start {start}. Fix the times, or choose that the visit runs past midnight.',
  },
  'time.emptyRange': {
    sv: 'Slutet måste ligga efter början. Rätta tiderna.',
    fi: 'Lopun on oltava alun jälkeen. Korjaa ajat.',
    en: 'The end must be after the start. Fix the times.',
  },
  'correction.reattributeNeedsOne': {
    sv: 'Välj personal för en penna eller brukare för en tagg.',
    fi: 'Valitse kynälle työntekijä tai tagille asiakas.',
    en: 'Choose a staff member for a pen or a recipient for a tag.',
  },
  'taskServices.duplicate': {
    sv: 'En uppgiftskod finns två gånger. Varje kod kan bara höra till en insats.',
    fi: 'Tehtäväkoodi on kahdesti. Kukin koodi voi kuulua vain yhteen palveluun.',
    en: 'A task code is listed twice. Each code can belong to one service only.',
  },
  'attest.notLocked': {
    sv: 'Attesten är redan öppnad.',
    fi: 'Hyväksyntä on jo avattu.',
    en: 'The attestation is already reopened.',
  },
  'people.notFound': {
    sv: 'Ingen brukare med det personnumret finns på den här datorn.',
    fi: 'Tällä tietokoneella ei ole asiakasta tällä henkilötunnuksella.',
    en: 'No recipient with that personal identity number is held on this PC.',
  },
  'people.erasureNotAllowed': {
    sv: 'Kommunens regler tillåter inte radering här. Kontakta kommunens registratur.',
    fi: 'Kunnan säännöt eivät salli poistoa täällä. Ota yhteyttä kunnan kirjaamoon.',
    en: "The municipality's rules do not allow erasure here. Contact the municipality's registry.",
  },
  'people.notConfirmed': {
    sv: 'Den centrala servern har inte raderat personen ännu. Be kommunens administratör radera först och synka sedan.',
    fi: 'Keskuspalvelin ei ole vielä poistanut henkilöä. Pyydä kunnan ylläpitäjää poistamaan ensin ja synkronoi sitten.',
    en: 'The central server has not erased the person yet. Ask the municipality’s administrator to erase first, then sync.',
  },
  'people.pdfTitle': { sv: 'Registerutdrag', fi: 'Rekisteriote', en: 'Data export' },
  'people.pdfRegistrations': { sv: 'Registreringar', fi: 'Rekisteröinnit', en: 'Registrations' },
  'people.pdfVisits': { sv: 'Besök', fi: 'Käynnit', en: 'Visits' },
  'people.pdfPlans': { sv: 'Planerade besök', fi: 'Suunnitellut käynnit', en: 'Planned visits' },
  'people.pdfOrders': { sv: 'Beslut', fi: 'Päätökset', en: 'Orders' },
  'people.pdfNotices': { sv: 'Utskick', fi: 'Lähetykset', en: 'Notices' },
  'people.pdfAudit': {
    sv: 'Vem har öppnat uppgifterna',
    fi: 'Kuka on avannut tiedot',
    en: 'Who opened the data',
  },
  'workflow.reportNeedsVisit': {
    sv: 'Välj besöket som avvikelsen gäller. Bara en fri anmälan kan skickas utan besök.',
    fi: 'Valitse käynti, jota poikkeama koskee. Vain vapaamuotoisen ilmoituksen voi lähettää ilman käyntiä.',
    en: 'Choose the visit the deviation is about. Only a free-text notice can be sent without a visit.',
  },
  'workflow.reportNeedsMinutes': {
    sv: 'Ange hur många minuter besöket var försenat eller för kort.',
    fi: 'Kerro, montako minuuttia käynti myöhästyi tai jäi lyhyeksi.',
    en: 'Enter how many minutes late or short the visit was.',
  },
  'workflow.notFound': {
    sv: 'Posten finns inte längre. Ladda om vyn.',
    fi: 'Tietuetta ei enää ole. Lataa näkymä uudelleen.',
    en: 'The item no longer exists. Reload the view.',
  },
  'plan.overlap': {
    sv: 'Krockar med ett annat besök för samma person ({time}).',
    fi: 'Päällekkäin saman henkilön toisen käynnin kanssa ({time}).',
    en: 'Overlaps another visit of the same person ({time}).',
  },
  'plan.outsideOrder': {
    sv: 'Besöket {date} ligger utanför beställningens giltighet ({validFrom}–{validTo}).',
    fi: 'Käynti {date} on tilauksen voimassaolon ulkopuolella ({validFrom}–{validTo}).',
    en: 'The visit on {date} is outside the order’s validity ({validFrom}–{validTo}).',
  },
  'plan.overGranted': {
    sv: 'Planerad tid {plannedMinutes} min överstiger beviljad tid {grantedMinutes} min för {month}.',
    fi: 'Suunniteltu aika {plannedMinutes} min ylittää myönnetyn ajan {grantedMinutes} min kuukaudelle {month}.',
    en: 'Planned time {plannedMinutes} min exceeds the granted {grantedMinutes} min for {month}.',
  },
  'plan.noOrder': {
    sv: 'Brukaren har ingen giltig beställning {date}.',
    fi: 'Asiakkaalla ei ole voimassa olevaa tilausta {date}.',
    en: 'The recipient has no valid order on {date}.',
  },
  'deviation.unmatchedArrive': {
    sv: 'Ankomst utan avgång: ingen avgångsregistrering hos samma brukare inom 12 timmar.',
    fi: 'Saapuminen ilman lähtöä: samalla asiakkaalla ei ole lähtörekisteröintiä 12 tunnin sisällä.',
    en: 'Arrival without departure: no departure at the same home within 12 hours.',
  },
  'deviation.unmatchedDepart': {
    sv: 'Avgång utan ankomst: ingen öppen ankomst hos samma brukare före den.',
    fi: 'Lähtö ilman saapumista: samalla asiakkaalla ei ole avointa saapumista ennen sitä.',
    en: 'Departure without arrival: no open arrival at the same home before it.',
  },
  'deviation.taskOutsideVisit': {
    sv: 'Insats registrerad utanför ett besök.',
    fi: 'Tehtävä rekisteröity käynnin ulkopuolella.',
    en: 'A task was registered outside a visit.',
  },
  'deviation.overlap': {
    sv: 'Två besök av samma person överlappar i tid.',
    fi: 'Saman henkilön kaksi käyntiä ovat päällekkäin.',
    en: 'Two visits by the same person overlap in time.',
  },
  'deviation.unplanned': {
    sv: 'Utfört besök utan planerat besök för samma brukare och person.',
    fi: 'Toteutunut käynti ilman suunniteltua käyntiä samalle asiakkaalle ja henkilölle.',
    en: 'A performed visit with no planned visit for the same home and person.',
  },
  'deviation.missed': {
    sv: 'Planerat besök utan registrering: missat besök.',
    fi: 'Suunniteltu käynti ilman rekisteröintiä: väliin jäänyt käynti.',
    en: 'Planned visit with no registration: a missed visit.',
  },
  'deviation.late': {
    sv: 'Besöket började {minutes} minuter efter planerad tid.',
    fi: 'Käynti alkoi {minutes} minuuttia suunniteltua myöhemmin.',
    en: 'The visit began {minutes} minutes after the planned time.',
  },
  'deviation.tooShort': {
    sv: 'Besöket varade {minutes} minuter, under hälften av planerad tid.',
    fi: 'Käynti kesti {minutes} minuuttia, alle puolet suunnitellusta.',
    en: 'The visit lasted {minutes} minutes, under half the planned time.',
  },
  'deviation.tooLong': {
    sv: 'Besöket varade {minutes} minuter, över en och en halv gång planerad tid.',
    fi: 'Käynti kesti {minutes} minuuttia, yli puolitoista kertaa suunniteltu.',
    en: 'The visit lasted {minutes} minutes, over one and a half times the planned time.',
  },
  'billing.pdfTitle': { sv: 'Underlag för ersättning', fi: 'Korvausperuste', en: 'Billing basis' },
  'billing.pdfGenerated': { sv: 'Skapat', fi: 'Luotu', en: 'Generated' },
  'billing.colRecipient': { sv: 'Brukare', fi: 'Asiakas', en: 'Recipient' },
  'billing.colId': { sv: 'Brukar-ID', fi: 'Asiakastunnus', en: 'Recipient id' },
  'billing.colService': { sv: 'Insats', fi: 'Palvelu', en: 'Service' },
  'billing.colGranted': { sv: 'Beviljad (h)', fi: 'Myönnetty (h)', en: 'Granted (h)' },
  'billing.colPlanned': { sv: 'Planerad (h)', fi: 'Suunniteltu (h)', en: 'Planned (h)' },
  'billing.colPerformed': { sv: 'Utförd (h)', fi: 'Toteutunut (h)', en: 'Performed (h)' },
  'billing.chartTitle': {
    sv: 'Planerad och utförd tid per vecka',
    fi: 'Suunniteltu ja toteutunut aika viikoittain',
    en: 'Planned and performed time per week',
  },
  'billing.total': { sv: 'Summa', fi: 'Yhteensä', en: 'Total' },
  'billing.colDeviations': { sv: 'Avvikelser', fi: 'Poikkeamat', en: 'Deviations' },
  'billing.pdfProvider': { sv: 'Utförare: {name}', fi: 'Palveluntuottaja: {name}', en: 'Provider: {name}' },
  'billing.pdfMunicipality': { sv: 'Kommun: {name}', fi: 'Kunta: {name}', en: 'Municipality: {name}' },
  'billing.pdfNotInstalled': {
    sv: 'ej installerad mot en kommun',
    fi: 'ei asennettu kunnalle',
    en: 'not installed for a municipality',
  },
  'billing.pdfPeriod': {
    sv: 'Period: {from} – {to}',
    fi: 'Jakso: {from} – {to}',
    en: 'Period: {from} – {to}',
  },
  'billing.pdfAttested': {
    sv: 'Attesterad av {who} {when}, version {version}',
    fi: 'Hyväksynyt {who} {when}, versio {version}',
    en: 'Attested by {who} on {when}, version {version}',
  },
  'billing.pdfNotAttested': {
    sv: 'Ej attesterad: preliminärt underlag som kan ändras',
    fi: 'Ei hyväksytty: alustava peruste, joka voi muuttua',
    en: 'Not attested: a preliminary basis that may change',
  },
  'billing.pdfLate': {
    sv: 'Registreringar som kom efter attesten och inte ingår: {count}',
    fi: 'Hyväksynnän jälkeen tulleet rekisteröinnit, jotka eivät sisälly: {count}',
    en: 'Registrations that came after the attest and are not included: {count}',
  },
  'billing.pdfPage': {
    sv: 'Sida {page} av {pages}',
    fi: 'Sivu {page}/{pages}',
    en: 'Page {page} of {pages}',
  },
  'billing.masked': { sv: 'Skyddad identitet', fi: 'Turvakielto', en: 'Protected identity' },
} as const satisfies Record<string, Message>;

/** Every deviation kind has its explanation: a missing one is a type error here. */
const _everyDeviationExplained: Record<`deviation.${DeviationKind}`, Message> = workflowMessages;
