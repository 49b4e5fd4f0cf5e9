// UI text, Swedish first, one file per area. Errors from the core are NOT here: they come from
// the shared error catalogue (src/shared/errors) through formatMessage, so every shell says the
// same thing.
import type { AuditAction, AuditDetailKey } from '../../../shared/domain/audit.ts';
import type { Message } from '../../../shared/errors/index.ts';
import { appMessages } from './app.ts';
import { dockingMessages } from './docking.ts';
import { integrationUiMessages } from './integrations.ts';
import { syncUiMessages } from './sync.ts';
import { workflowUiMessages } from './workflows.ts';
import { noticeUiMessages } from './notices.ts';
import { peopleUiMessages } from './people.ts';

export const messages = {
  ...appMessages,
  ...dockingMessages,
  ...workflowUiMessages,
  ...syncUiMessages,
  ...integrationUiMessages,
  ...noticeUiMessages,
  ...peopleUiMessages,
} as const satisfies Record<string, Message>;

export type MessageKey = keyof typeof messages;

/**
 * The name of every audit action the core records (src/shared/domain/audit.ts): one missing is
 * a type error. An older database may hold an action no longer recorded; it shows as its code.
 */
export const auditActionNames: Record<AuditAction, Message> = {
  'auth.setup': {
    sv: 'Första administratören skapad',
    fi: 'Ensimmäinen ylläpitäjä luotu',
    en: 'First administrator created',
  },
  'auth.login': { sv: 'Inloggning', fi: 'Kirjautuminen', en: 'Login' },
  'auth.loginFailed': { sv: 'Misslyckad inloggning', fi: 'Epäonnistunut kirjautuminen', en: 'Failed login' },
  'auth.logout': { sv: 'Utloggning', fi: 'Uloskirjautuminen', en: 'Logout' },
  'auth.idleLock': {
    sv: 'Skärmen låstes efter inaktivitet',
    fi: 'Näyttö lukittiin käyttämättömyyden vuoksi',
    en: 'Screen locked after inactivity',
  },
  'auth.unlock': { sv: 'Skärmen låstes upp', fi: 'Näytön lukitus avattiin', en: 'Screen unlocked' },
  'auth.passwordChanged': { sv: 'Lösenord bytt', fi: 'Salasana vaihdettu', en: 'Password changed' },
  'users.create': { sv: 'Användare skapad', fi: 'Käyttäjä luotu', en: 'User created' },
  'users.update': { sv: 'Användare ändrad', fi: 'Käyttäjää muutettu', en: 'User changed' },
  'users.resetPassword': { sv: 'Lösenord återställt', fi: 'Salasana palautettu', en: 'Password reset' },
  'settings.update': { sv: 'Inställningar ändrade', fi: 'Asetuksia muutettu', en: 'Settings changed' },
  'app.startDemo': { sv: 'Demot startat', fi: 'Demo käynnistetty', en: 'Demo started' },
  'staff.create': { sv: 'Personal tillagd', fi: 'Henkilöstöön lisätty', en: 'Staff member added' },
  'pens.update': { sv: 'Penna ändrad', fi: 'Kynää muutettu', en: 'Pen changed' },
  'pens.assign': { sv: 'Penna tilldelad', fi: 'Kynä osoitettu', en: 'Pen assigned' },
  'serialDocks.add': { sv: 'Seriell docka tillagd', fi: 'Sarjatelakka lisätty', en: 'Serial dock added' },
  'serialDocks.remove': {
    sv: 'Seriell docka borttagen',
    fi: 'Sarjatelakka poistettu',
    en: 'Serial dock removed',
  },
  'tags.enrol': { sv: 'Tagg registrerad', fi: 'Tunniste rekisteröity', en: 'Tag enrolled' },
  'docking.attachSimulator': {
    sv: 'Simulerad docka ansluten',
    fi: 'Simuloitu telakka liitetty',
    en: 'Simulated dock attached',
  },
  'registrations.manual': {
    sv: 'Manuell registrering',
    fi: 'Käsin tehty rekisteröinti',
    en: 'Manual registration',
  },
  'corrections.create': {
    sv: 'Registrering korrigerad',
    fi: 'Rekisteröintiä korjattu',
    en: 'Registration corrected',
  },
  'attestations.create': { sv: 'Period attesterad', fi: 'Jakso hyväksytty', en: 'Period attested' },
  'attestations.reopen': { sv: 'Attest öppnad', fi: 'Hyväksyntä avattu', en: 'Attestation reopened' },
  'recipients.open': {
    sv: 'Brukarens uppgifter öppnade',
    fi: 'Asiakkaan tiedot avattu',
    en: "Recipient's details opened",
  },
  'plans.create': { sv: 'Besök planerat', fi: 'Käynti suunniteltu', en: 'Visit planned' },
  'plans.update': {
    sv: 'Planerat besök ändrat',
    fi: 'Suunniteltua käyntiä muutettu',
    en: 'Planned visit changed',
  },
  'plans.cancel': {
    sv: 'Planerat besök inställt',
    fi: 'Suunniteltu käynti peruttu',
    en: 'Planned visit cancelled',
  },
  'reports.file': {
    sv: 'Avvikelse rapporterad till kommunen',
    fi: 'Poikkeama ilmoitettu kunnalle',
    en: 'Deviation reported to the municipality',
  },
  'plans.generate': {
    sv: 'Återkommande besök planerade',
    fi: 'Toistuvat käynnit suunniteltu',
    en: 'Recurring visits planned',
  },
  'billing.export': { sv: 'Underlag exporterat', fi: 'Korvausperuste viety', en: 'Billing basis exported' },
  'taskServices.set': {
    sv: 'Uppgiftskoder kopplade till insatser',
    fi: 'Tehtäväkoodit liitetty palveluihin',
    en: 'Task codes mapped to services',
  },
  'sync.install': {
    sv: 'Installerad för kommunen',
    fi: 'Asennettu kunnalle',
    en: 'Installed for the municipality',
  },
  'sync.reset': { sv: 'Installationen återställd', fi: 'Asennus palautettu', en: 'Installation reset' },
  'sync.setSourceAddress': {
    sv: 'Avsändaradress ändrad',
    fi: 'Lähdeosoite muutettu',
    en: 'Source address changed',
  },
  'sync.quarantine.retry': {
    sv: 'Karantänposter skickas igen',
    fi: 'Karanteeniin jääneet lähetetään uudelleen',
    en: 'Quarantined items sent again',
  },
  'jobs.channel.pause': { sv: 'Kanal pausad', fi: 'Kanava keskeytetty', en: 'Channel paused' },
  'jobs.channel.resume': { sv: 'Kanal återupptagen', fi: 'Kanava jatkuu', en: 'Channel resumed' },
  'jobs.retry': { sv: 'Jobb försöks igen', fi: 'Työ yritetään uudelleen', en: 'Job retried' },
  'jobs.markSent': {
    sv: 'Jobb markerat som skickat',
    fi: 'Työ merkitty lähetetyksi',
    en: 'Job marked as sent',
  },
  'jobs.discard': { sv: 'Jobb kasserat', fi: 'Työ hylätty', en: 'Job discarded' },
  'calendar.save': {
    sv: 'Exchange-inställningar ändrade',
    fi: 'Exchange-asetuksia muutettu',
    en: 'Exchange settings changed',
  },
  'calendar.turnOff': {
    sv: 'Exchange-kalendern avstängd',
    fi: 'Exchange-kalenteri poistettu käytöstä',
    en: 'Exchange calendar turned off',
  },
  'calendar.staff.save': {
    sv: 'Kalenderadress för personal ändrad',
    fi: 'Henkilöstön kalenteriosoitetta muutettu',
    en: "Staff member's calendar address changed",
  },
  'calendar.test': {
    sv: 'Exchange-anslutning testad',
    fi: 'Exchange-yhteys testattu',
    en: 'Exchange connection tested',
  },
  'calendar.reconcile': {
    sv: 'Avstämning av kalendrar begärd',
    fi: 'Kalentereiden täsmäytys pyydetty',
    en: 'Calendar reconciliation requested',
  },
  'notices.smtp.save': {
    sv: 'E-postinställningar ändrade',
    fi: 'Sähköpostiasetuksia muutettu',
    en: 'Email settings changed',
  },
  'notices.sms.save': {
    sv: 'SMS-inställningar ändrade',
    fi: 'Tekstiviestiasetuksia muutettu',
    en: 'SMS settings changed',
  },
  'notices.test': { sv: 'Testmeddelande skickat', fi: 'Testiviesti lähetetty', en: 'Test message sent' },
  'notices.rules.save': {
    sv: 'Aviseringsregler ändrade',
    fi: 'Ilmoitussääntöjä muutettu',
    en: 'Notice rules changed',
  },
  'recipients.contact': {
    sv: 'Brukarens kontaktuppgifter eller samtycke ändrade',
    fi: 'Asiakkaan yhteystietoja tai suostumusta muutettu',
    en: "Recipient's contact details or consent changed",
  },
  'staff.contact': {
    sv: 'Personalens kontaktuppgifter ändrade',
    fi: 'Henkilöstön yhteystietoja muutettu',
    en: 'Staff contact details changed',
  },
  'retention.run': { sv: 'Gallring utförd', fi: 'Karsinta tehty', en: 'Retention run' },
  'people.export': {
    sv: 'Personuppgifter exporterade',
    fi: 'Henkilötiedot viety',
    en: "A person's data exported",
  },
  'people.erase': {
    sv: 'Personuppgifter raderade',
    fi: 'Henkilötiedot poistettu',
    en: "A person's data erased",
  },
};

/** The name of every detail key the core writes beside an audit action: one missing is a type error. */
export const auditDetailNames: Record<AuditDetailKey, Message> = {
  address: { sv: 'Adress', fi: 'Osoite', en: 'Address' },
  attestation: { sv: 'Attest', fi: 'Hyväksyntä', en: 'Attestation' },
  correction: { sv: 'Rättelse', fi: 'Korjaus', en: 'Correction' },
  created: { sv: 'Skapade', fi: 'Luotu', en: 'Created' },
  format: { sv: 'Format', fi: 'Muoto', en: 'Format' },
  kind: { sv: 'Typ', fi: 'Tyyppi', en: 'Kind' },
  label: { sv: 'Etikett', fi: 'Nimike', en: 'Label' },
  masked: { sv: 'Skyddad identitet', fi: 'Turvakielto', en: 'Protected identity' },
  municipality: { sv: 'Kommun', fi: 'Kunta', en: 'Municipality' },
  name: { sv: 'Namn', fi: 'Nimi', en: 'Name' },
  pens: { sv: 'Pennor', fi: 'Kynät', en: 'Pens' },
  recipientId: { sv: 'Brukare', fi: 'Asiakas', en: 'Recipient' },
  retried: { sv: 'Försökta igen', fi: 'Yritetty uudelleen', en: 'Retried' },
  roles: { sv: 'Roller', fi: 'Roolit', en: 'Roles' },
  rows: { sv: 'Rader', fi: 'Rivit', en: 'Rows' },
  staffId: { sv: 'Personal', fi: 'Työntekijä', en: 'Staff' },
  from: { sv: 'Från', fi: 'Alkaen', en: 'From' },
  records: { sv: 'Poster', fi: 'Tietueet', en: 'Records' },
  registrations: { sv: 'Registreringar', fi: 'Rekisteröinnit', en: 'Registrations' },
  start: { sv: 'Start', fi: 'Alku', en: 'Start' },
  version: { sv: 'Version', fi: 'Versio', en: 'Version' },
  to: { sv: 'Till', fi: 'Asti', en: 'To' },
  active: { sv: 'Status', fi: 'Tila', en: 'Status' },
  displayName: { sv: 'Namn', fi: 'Nimi', en: 'Name' },
  seeProtected: {
    sv: 'Får se skyddad identitet',
    fi: 'Saa nähdä turvakieltotiedot',
    en: 'May see protected identities',
  },
  idleLockSeconds: { sv: 'Låsning efter (sekunder)', fi: 'Lukitus (sekuntia)', en: 'Lock after (seconds)' },
  defaultLanguage: { sv: 'Standardspråk', fi: 'Oletuskieli', en: 'Default language' },
  timeZone: { sv: 'Tidszon', fi: 'Aikavyöhyke', en: 'Time zone' },
  billingColumns: { sv: 'Kolumner i underlaget', fi: 'Perusteen sarakkeet', en: 'Billing basis columns' },
  attestOpenProblems: {
    sv: 'Attest med öppna problem',
    fi: 'Hyväksyntä avoimin ongelmin',
    en: 'Attesting with open problems',
  },
  unmatched: { sv: 'Omatchade', fi: 'Kohdistamattomat', en: 'Unmatched' },
  unknownStaff: { sv: 'Okänd personal', fi: 'Tuntematon työntekijä', en: 'Unknown staff' },
  unknownTag: { sv: 'Okänd tagg', fi: 'Tuntematon tagi', en: 'Unknown tag' },
  reason: { sv: 'Orsak', fi: 'Syy', en: 'Reason' },
  consent: { sv: 'Samtycke', fi: 'Suostumus', en: 'Consent' },
  enabled: { sv: 'Påslagen', fi: 'Käytössä', en: 'Turned on' },
  phone: { sv: 'Telefon', fi: 'Puhelin', en: 'Phone' },
  port: { sv: 'Port', fi: 'Portti', en: 'Port' },
  sender: { sv: 'Avsändare', fi: 'Lähettäjä', en: 'Sender' },
  country: { sv: 'Land', fi: 'Maa', en: 'Country' },
  email: { sv: 'E-post', fi: 'Sähköposti', en: 'Email' },
  security: { sv: 'Säkerhet', fi: 'Suojaus', en: 'Security' },
  authType: { sv: 'Inloggningssätt', fi: 'Tunnistautumistapa', en: 'Sign-in method' },
  secretReplaced: { sv: 'Hemlighet bytt', fi: 'Salaisuus vaihdettu', en: 'Secret replaced' },
  url: { sv: 'Adress', fi: 'Osoite', en: 'Address' },
  privacy: { sv: 'Detaljnivå i kalendern', fi: 'Kalenterin tarkkuustaso', en: 'Calendar detail level' },
  plans: { sv: 'Besök att skriva om', fi: 'Uudelleen kirjoitettavat käynnit', en: 'Visits to rewrite' },
  set: { sv: 'Adress angiven', fi: 'Osoite annettu', en: 'Address given' },
};
