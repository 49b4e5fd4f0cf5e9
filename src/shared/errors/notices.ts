import type { Message } from './types.ts';

/** Setting up notices (Admin → Aviseringar) and a recipient's contact details and consent. */
export const noticeErrors = {
  'notices.addressInvalid': {
    sv: 'E-postadressen i fältet {field} går inte att använda ({address}). Skriv en adress som namn@exempel.se utan namn eller mellanslag.',
    fi: 'Kentän {field} sähköpostiosoitetta ei voi käyttää ({address}). Kirjoita osoite muodossa nimi@esimerkki.fi ilman nimeä tai välilyöntejä.',
    en: 'The email address in {field} cannot be used ({address}). Write an address like name@example.com without a name or spaces.',
  },
  'notices.smtpUserRequired': {
    sv: 'Inloggning med lösenord behöver ett användarnamn. Fyll i det eller välj ”Ingen inloggning”.',
    fi: 'Salasanalla kirjautuminen tarvitsee käyttäjätunnuksen. Täytä se tai valitse ”Ei kirjautumista”.',
    en: 'Signing in with a password needs a user name. Fill it in or choose “No sign-in”.',
  },
  'notices.oauthFieldsRequired': {
    sv: 'OAuth2 behöver användare (brevlådan), klient-id (tenant) och app-id. Fyll i alla tre.',
    fi: 'OAuth2 tarvitsee käyttäjän (postilaatikko), vuokraajan tunnuksen ja sovellustunnuksen. Täytä kaikki kolme.',
    en: 'OAuth2 needs the user (the mailbox), the tenant and the app id. Fill in all three.',
  },
  'notices.secretRequired': {
    sv: 'Inget hemligt värde är sparat för {field}. Skriv in det en gång; det visas aldrig igen.',
    fi: 'Kentälle {field} ei ole tallennettu salaista arvoa. Kirjoita se kerran; sitä ei näytetä enää.',
    en: 'No secret is saved for {field}. Type it in once; it is never shown again.',
  },
  'notices.insecureUrl': {
    sv: 'Adressen måste börja med https://. Fråga leverantören efter den säkra adressen.',
    fi: 'Osoitteen on alettava https://. Kysy palveluntarjoajalta suojattua osoitetta.',
    en: 'The address must start with https://. Ask the provider for the secure address.',
  },
  'notices.placeholderUnknown': {
    sv: 'Mallen använder {placeholder}, som CareDock inte fyller i. Använd bara fälten som listas under mallen.',
    fi: 'Mallipohja käyttää kenttää {placeholder}, jota CareDock ei täytä. Käytä vain mallipohjan alla lueteltuja kenttiä.',
    en: 'The template uses {placeholder}, which CareDock does not fill. Use only the fields listed below the template.',
  },
  'notices.templateEmpty': {
    sv: 'En påslagen regel behöver en mall på varje språk ({language} saknas). Skriv mallen eller stäng av regeln.',
    fi: 'Käytössä oleva sääntö tarvitsee mallipohjan jokaisella kielellä ({language} puuttuu). Kirjoita mallipohja tai poista sääntö käytöstä.',
    en: 'A rule that is on needs a template in every language ({language} is missing). Write it or turn the rule off.',
  },
  'notices.templateTooLong': {
    sv: 'SMS-mallen blir {segments} delar; högst {max} skickas. Korta texten.',
    fi: 'Tekstiviestipohjasta tulee {segments} osaa; enintään {max} lähetetään. Lyhennä tekstiä.',
    en: 'The SMS template takes {segments} parts; at most {max} are sent. Shorten the text.',
  },
  'notices.sendAtQuiet': {
    sv: 'Sändtiden {time} ligger i nattvilan (21–08). Välj en tid mellan 08:00 och 20:59.',
    fi: 'Lähetysaika {time} osuu yörauhaan (21–08). Valitse aika väliltä 08:00–20:59.',
    en: 'The send time {time} falls in the quiet hours (21–08). Choose a time between 08:00 and 20:59.',
  },
  'notices.recipientsRequired': {
    sv: 'Regeln ”{rule}” är påslagen men har ingen mottagare. Lägg till minst en e-postadress.',
    fi: 'Sääntö ”{rule}” on käytössä, mutta sillä ei ole vastaanottajaa. Lisää vähintään yksi sähköpostiosoite.',
    en: 'The rule “{rule}” is on but has nobody to send to. Add at least one email address.',
  },
  'notices.consentNeedsContact': {
    sv: 'Samtycke kan bara registreras med ett mobilnummer eller en e-postadress. Fyll i minst ett av dem.',
    fi: 'Suostumuksen voi kirjata vain matkapuhelinnumeron tai sähköpostiosoitteen kanssa. Täytä vähintään toinen.',
    en: 'Consent can be recorded only with a mobile number or an email address. Fill in at least one.',
  },
  'notices.contactProtected': {
    sv: 'Brukaren har skyddad identitet. Bara en användare med behörighet att se skyddade uppgifter kan läsa eller ändra kontaktuppgifterna.',
    fi: 'Asiakkaalla on turvakielto. Vain käyttäjä, jolla on oikeus nähdä suojatut tiedot, voi lukea tai muuttaa yhteystietoja.',
    en: 'The recipient has a protected identity. Only a user allowed to see protected details can read or change the contact details.',
  },
} as const satisfies Record<string, Message>;
