import type { Message } from './types.ts';

/**
 * The performers' Exchange calendars (Admin → Integrationer → Exchange), through EWS on-premises
 * or Microsoft Graph online. What an adapter answers and what the admin reads; the text says
 * what to do, never how it failed.
 */
export const calendarErrors = {
  'calendar.notConfigured': {
    sv: 'Exchange-kalendern är inte inställd. En administratör fyller i den under Admin → Integrationer → Exchange.',
    fi: 'Exchange-kalenteria ei ole määritetty. Ylläpitäjä täyttää sen kohdassa Ylläpito → Integraatiot → Exchange.',
    en: 'The Exchange calendar is not set up. An admin fills it in under Admin → Integrations → Exchange.',
  },
  'calendar.insecureUrl': {
    sv: 'Adressen till Exchange måste börja med https://. Rätta den under Admin → Integrationer → Exchange.',
    fi: 'Exchange-osoitteen on alettava https://. Korjaa se kohdassa Ylläpito → Integraatiot → Exchange.',
    en: 'The Exchange address must start with https://. Correct it under Admin → Integrations → Exchange.',
  },
  'calendar.connectionFailed': {
    sv: 'Exchange-servern {host} går inte att nå. CareDock försöker igen; kontrollera adress och nätverk om det dröjer.',
    fi: 'Exchange-palvelimeen {host} ei saada yhteyttä. CareDock yrittää uudelleen; tarkista osoite ja verkko, jos tilanne jatkuu.',
    en: 'The Exchange server {host} cannot be reached. CareDock tries again; check the address and network if it lasts.',
  },
  'calendar.tlsFailed': {
    sv: 'Exchange-serverns certifikat godtas inte. Kontrollera adressen eller lägg in organisationens CA-certifikat under Admin → Integrationer → Exchange.',
    fi: 'Exchange-palvelimen varmennetta ei hyväksytä. Tarkista osoite tai lisää organisaation CA-varmenne kohdassa Ylläpito → Integraatiot → Exchange.',
    en: 'The Exchange server’s certificate is not accepted. Check the address or add the organisation’s CA certificate under Admin → Integrations → Exchange.',
  },
  'calendar.authFailed': {
    sv: 'Exchange godtar inte inloggningen. Kontrollera tjänstekontot och lösenordet (eller appens hemlighet) under Admin → Integrationer → Exchange.',
    fi: 'Exchange ei hyväksy kirjautumista. Tarkista palvelutili ja salasana (tai sovelluksen salaisuus) kohdassa Ylläpito → Integraatiot → Exchange.',
    en: 'Exchange does not accept the sign-in. Check the service account and password (or the app’s secret) under Admin → Integrations → Exchange.',
  },
  'calendar.tokenFailed': {
    sv: 'CareDock fick ingen åtkomsttoken från Microsoft Entra ID. Kontrollera klientorganisation, app-id och hemlighet under Admin → Integrationer → Exchange.',
    fi: 'CareDock ei saanut käyttöoikeustunnusta Microsoft Entra ID:ltä. Tarkista vuokraaja, sovellustunnus ja salaisuus kohdassa Ylläpito → Integraatiot → Exchange.',
    en: 'CareDock got no access token from Microsoft Entra ID. Check the tenant, app id and secret under Admin → Integrations → Exchange.',
  },
  'calendar.accessDenied': {
    sv: 'Tjänstekontot får inte skriva i kalendern för {mailbox}. Exchange-administratören ger kontot rätt att agera som användaren (impersonation eller Calendars.ReadWrite).',
    fi: 'Palvelutili ei saa kirjoittaa käyttäjän {mailbox} kalenteriin. Exchange-ylläpitäjä antaa tilille oikeuden toimia käyttäjänä (impersonation tai Calendars.ReadWrite).',
    en: 'The service account may not write to the calendar of {mailbox}. The Exchange admin grants it the right to act as the user (impersonation or Calendars.ReadWrite).',
  },
  'calendar.mailboxNotFound': {
    sv: 'Exchange hittar ingen brevlåda för {mailbox}. Rätta kalenderadressen för personalen under Admin → Integrationer → Exchange.',
    fi: 'Exchange ei löydä postilaatikkoa {mailbox}. Korjaa henkilöstön kalenteriosoite kohdassa Ylläpito → Integraatiot → Exchange.',
    en: 'Exchange finds no mailbox for {mailbox}. Correct the staff member’s calendar address under Admin → Integrations → Exchange.',
  },
  'calendar.serverBusy': {
    sv: 'Exchange ber CareDock vänta en stund. Kalendern uppdateras av sig själv när servern svarar igen.',
    fi: 'Exchange pyytää CareDockia odottamaan hetken. Kalenteri päivittyy itsestään, kun palvelin vastaa taas.',
    en: 'Exchange asks CareDock to wait a while. The calendar updates by itself when the server answers again.',
  },
  'calendar.conflict': {
    sv: 'Kalenderposten ändrades i Exchange samtidigt. CareDock läser om den och försöker igen.',
    fi: 'Kalenterimerkintää muutettiin Exchangessa samaan aikaan. CareDock lukee sen uudelleen ja yrittää uudelleen.',
    en: 'The calendar item changed in Exchange at the same time. CareDock reads it again and tries again.',
  },
  'calendar.timeout': {
    sv: 'Exchange svarade inte i tid. CareDock försöker igen och letar först upp posten, så att ingen dubblett uppstår.',
    fi: 'Exchange ei vastannut ajoissa. CareDock yrittää uudelleen ja etsii ensin merkinnän, jotta kaksoiskappaletta ei synny.',
    en: 'Exchange did not answer in time. CareDock tries again and looks the item up first, so no duplicate appears.',
  },
  'calendar.rejected': {
    sv: 'Exchange avvisade kalenderposten (felkod {reference}). Kontakta CareDocks support med felkoden.',
    fi: 'Exchange hylkäsi kalenterimerkinnän (virhekoodi {reference}). Ota yhteyttä CareDockin tukeen ja kerro virhekoodi.',
    en: 'Exchange refused the calendar item (error code {reference}). Contact CareDock support with the error code.',
  },
  'calendar.unexpectedAnswer': {
    sv: 'Exchange svarade på ett sätt som CareDock inte förstår. CareDock försöker igen; kontrollera adressen om det dröjer.',
    fi: 'Exchange vastasi tavalla, jota CareDock ei ymmärrä. CareDock yrittää uudelleen; tarkista osoite, jos tilanne jatkuu.',
    en: 'Exchange answered in a way CareDock does not understand. CareDock tries again; check the address if it lasts.',
  },
  'calendar.addressInvalid': {
    sv: 'Kalenderadressen {address} går inte att använda. Skriv den som namn@exempel.se.',
    fi: 'Kalenteriosoitetta {address} ei voi käyttää. Kirjoita se muodossa nimi@esimerkki.fi.',
    en: 'The calendar address {address} cannot be used. Write it like name@example.com.',
  },
} as const satisfies Record<string, Message>;
