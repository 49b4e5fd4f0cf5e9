import type { Message } from './types.ts';

/**
 * The municipality console on the central server: sign-in, its second factor and what the
 * system administrators do there. Read by a municipality's systemförvaltare in a browser.
 */
export const consoleErrors = {
  'console.totpInvalid': {
    sv: 'Engångskoden stämmer inte. Skriv in de sex siffror som appen visar just nu.',
    fi: 'Kertakäyttökoodi ei täsmää. Anna sovelluksen juuri nyt näyttämät kuusi numeroa.',
    en: 'The one-time code does not match. Enter the six digits the app shows right now.',
  },
  'console.totpReplayed': {
    sv: 'Den engångskoden har redan använts. Vänta tills appen visar en ny kod och skriv in den.',
    fi: 'Tämä kertakäyttökoodi on jo käytetty. Odota, että sovellus näyttää uuden koodin, ja anna se.',
    en: 'That one-time code has already been used. Wait until the app shows a new code and enter it.',
  },
  'console.recoveryInvalid': {
    sv: 'Reservkoden stämmer inte eller har redan använts. Varje reservkod fungerar en gång.',
    fi: 'Varakoodi ei täsmää tai se on jo käytetty. Kukin varakoodi toimii kerran.',
    en: 'The recovery code does not match or has been used already. Each recovery code works once.',
  },
  'console.totpNotStarted': {
    sv: 'Börja med att visa QR-koden och lägg till kontot i din autentiseringsapp.',
    fi: 'Näytä ensin QR-koodi ja lisää tili todennussovellukseesi.',
    en: 'First show the QR code and add the account to your authenticator app.',
  },
  'console.sessionExpired': {
    sv: 'Du har loggats ut efter en tids inaktivitet. Logga in igen.',
    fi: 'Sinut on kirjattu ulos, koska olit jonkin aikaa toimettomana. Kirjaudu uudelleen.',
    en: 'You were signed out after a period without activity. Sign in again.',
  },
  'console.csrf': {
    sv: 'Begäran kom inte från konsolens egen sida och gjordes inte. Ladda om sidan och försök igen.',
    fi: 'Pyyntö ei tullut konsolin omalta sivulta, eikä sitä tehty. Lataa sivu uudelleen ja yritä uudestaan.',
    en: 'The request did not come from the console’s own page and was not carried out. Reload the page and try again.',
  },
  'console.wrongListener': {
    sv: 'Den här adressen hör till arbetsstationernas synkronisering, inte till konsolen. Använd konsolens adress.',
    fi: 'Tämä osoite kuuluu työasemien synkronointiin, ei konsoliin. Käytä konsolin osoitetta.',
    en: 'This address belongs to the workstations’ sync, not to the console. Use the console’s address.',
  },
  'console.notFound': {
    sv: '”{id}” finns inte (längre). Uppdatera vyn och välj igen.',
    fi: '”{id}” ei ole (enää) olemassa. Päivitä näkymä ja valitse uudelleen.',
    en: '“{id}” does not exist (any more). Refresh the view and choose again.',
  },
  'console.exists': {
    sv: '”{id}” finns redan. Välj ett annat id eller öppna det som finns.',
    fi: '”{id}” on jo olemassa. Valitse toinen tunnus tai avaa olemassa oleva.',
    en: '“{id}” already exists. Choose another id or open the existing one.',
  },
  'console.addressInvalid': {
    sv: '”{address}” är inte en IP-adress. Skriv utförarens fasta adress, till exempel 192.0.2.10.',
    fi: '”{address}” ei ole IP-osoite. Kirjoita palveluntuottajan kiinteä osoite, esimerkiksi 192.0.2.10.',
    en: '“{address}” is not an IP address. Enter the provider’s fixed address, for example 192.0.2.10.',
  },
  'console.accountInactive': {
    sv: 'Kontot är avstängt. Be en kommunadministratör att öppna det igen.',
    fi: 'Tili on poistettu käytöstä. Pyydä kunnan pääkäyttäjää avaamaan se uudelleen.',
    en: 'The account is switched off. Ask a municipality admin to open it again.',
  },
  'console.lastAdmin': {
    sv: 'Det måste finnas minst en aktiv kommunadministratör. Utse en annan först.',
    fi: 'Vähintään yhden kunnan pääkäyttäjän on oltava aktiivinen. Nimeä ensin toinen.',
    en: 'There must be at least one active municipality admin. Appoint another one first.',
  },
  'console.ssoUnavailable': {
    sv: 'Kommunens inloggningstjänst svarar inte just nu. Försök igen om en stund eller logga in med lösenord och engångskod.',
    fi: 'Kunnan kirjautumispalvelu ei vastaa juuri nyt. Yritä hetken kuluttua uudelleen tai kirjaudu salasanalla ja kertakäyttökoodilla.',
    en: 'The municipality’s sign-in service is not answering right now. Try again in a while, or sign in with password and one-time code.',
  },
  'console.ssoFailed': {
    sv: 'Inloggningen via kommunens inloggningstjänst kunde inte slutföras. Börja om från konsolens startsida.',
    fi: 'Kirjautumista kunnan kirjautumispalvelun kautta ei voitu viedä loppuun. Aloita alusta konsolin etusivulta.',
    en: 'Signing in through the municipality’s sign-in service could not be completed. Start again from the console’s front page.',
  },
  'console.ssoNoRole': {
    sv: 'Du är inloggad hos kommunen men har ingen roll i konsolen. Be den som förvaltar kommunens inloggningstjänst att ge dig en.',
    fi: 'Olet kirjautunut kunnan palveluun, mutta sinulla ei ole roolia konsolissa. Pyydä kunnan kirjautumispalvelun ylläpitäjää antamaan sinulle rooli.',
    en: 'You are signed in with the municipality but have no role in the console. Ask whoever manages the municipality’s sign-in service to give you one.',
  },
} as const satisfies Record<string, Message>;
