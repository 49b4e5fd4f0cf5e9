import type { Message } from './types.ts';

/**
 * The job queue and the outside channels (email, SMS). Each code is what an adapter answers or
 * what a person sees in Admin → Integrations; the text says what to do, never how it failed.
 */
export const integrationErrors = {
  // ── the queue ──
  'jobs.leaseExpired': {
    sv: 'Jobbet avbröts när CareDock stängdes eller hängde sig. Det körs igen av sig självt.',
    fi: 'Työ keskeytyi, kun CareDock suljettiin tai jumittui. Se ajetaan uudelleen itsestään.',
    en: 'The job was interrupted when CareDock stopped or hung. It runs again by itself.',
  },
  'jobs.unknownOutcome': {
    sv: 'CareDock vet inte om meddelandet nådde fram innan avbrottet. Kontrollera i leverantörens logg och välj sedan ”Skickat” eller ”Skicka igen” under Admin → Integrationer.',
    fi: 'CareDock ei tiedä, menikö viesti perille ennen katkosta. Tarkista palveluntarjoajan lokista ja valitse sitten ”Lähetetty” tai ”Lähetä uudelleen” kohdassa Ylläpito → Integraatiot.',
    en: 'CareDock cannot tell whether the message got through before the interruption. Check the provider’s log, then choose “Sent” or “Send again” under Admin → Integrations.',
  },
  'jobs.discarded': {
    sv: 'Jobbet har kasserats av {actor}: {reason}. Inget mer skickas.',
    fi: 'Käyttäjä {actor} hylkäsi työn: {reason}. Mitään ei enää lähetetä.',
    en: 'The job was discarded by {actor}: {reason}. Nothing more is sent.',
  },
  'jobs.notFound': {
    sv: 'Jobbet {id} finns inte. Uppdatera listan.',
    fi: 'Työtä {id} ei ole. Päivitä luettelo.',
    en: 'Job {id} does not exist. Refresh the list.',
  },
  'jobs.wrongState': {
    sv: 'Jobbet {id} är {state} och kan inte {action} nu. Uppdatera listan.',
    fi: 'Työn {id} tila on {state}, eikä sille voi nyt tehdä toimintoa {action}. Päivitä luettelo.',
    en: 'Job {id} is {state} and cannot be {action} now. Refresh the list.',
  },
  'jobs.unknownKind': {
    sv: 'Jobbtypen {kind} finns inte i den här versionen av CareDock. Uppdatera CareDock eller kassera jobbet.',
    fi: 'Työtyyppiä {kind} ei ole tässä CareDockin versiossa. Päivitä CareDock tai hylkää työ.',
    en: 'The job kind {kind} does not exist in this version of CareDock. Update CareDock or discard the job.',
  },
  'jobs.payloadInvalid': {
    sv: 'Jobbets uppgifter går inte att läsa ({kind}). Kassera jobbet och gör om ändringen som skapade det.',
    fi: 'Työn tietoja ei voi lukea ({kind}). Hylkää työ ja tee sen luonut muutos uudelleen.',
    en: 'The job’s details cannot be read ({kind}). Discard the job and redo the change that created it.',
  },
  'jobs.adapterFailed': {
    sv: 'Kanalen {channel} fick ett oväntat fel. CareDock försöker igen; kontakta support om det upprepas.',
    fi: 'Kanavassa {channel} tapahtui odottamaton virhe. CareDock yrittää uudelleen; ota yhteys tukeen, jos se toistuu.',
    en: 'The {channel} channel hit an unexpected error. CareDock tries again; contact support if it repeats.',
  },
  'jobs.channelPausedByAdmin': {
    sv: 'Kanalen {channel} är pausad av en administratör. Återuppta den under Admin → Integrationer.',
    fi: 'Ylläpitäjä on keskeyttänyt kanavan {channel}. Jatka sitä kohdassa Ylläpito → Integraatiot.',
    en: 'The {channel} channel is paused by an admin. Resume it under Admin → Integrations.',
  },
  'jobs.channelUnknown': {
    sv: 'Kanalen {channel} finns inte. Uppdatera sidan.',
    fi: 'Kanavaa {channel} ei ole. Päivitä sivu.',
    en: 'The channel {channel} does not exist. Refresh the page.',
  },
  'jobs.reasonRequired': {
    sv: 'Skriv varför jobbet kasseras; det sparas i loggen.',
    fi: 'Kirjoita, miksi työ hylätään; syy tallennetaan lokiin.',
    en: 'Write why the job is discarded; it is kept in the log.',
  },

  // ── email (SMTP) ──
  'smtp.notConfigured': {
    sv: 'E-post är inte inställd. En administratör fyller i SMTP-servern under Admin → Aviseringar → E-post.',
    fi: 'Sähköpostia ei ole määritetty. Ylläpitäjä täyttää SMTP-palvelimen kohdassa Ylläpito → Ilmoitukset → Sähköposti.',
    en: 'Email is not set up. An admin fills in the SMTP server under Admin → Notices → Email.',
  },
  'smtp.connectionFailed': {
    sv: 'E-postservern {host} går inte att nå. CareDock försöker igen; kontrollera adress, port och nätverk om det dröjer.',
    fi: 'Sähköpostipalvelimeen {host} ei saada yhteyttä. CareDock yrittää uudelleen; tarkista osoite, portti ja verkko, jos tilanne jatkuu.',
    en: 'The mail server {host} cannot be reached. CareDock tries again; check the address, port and network if it lasts.',
  },
  'smtp.temporaryFailure': {
    sv: 'E-postservern bad CareDock vänta ({reply}). Meddelandet skickas igen senare av sig självt.',
    fi: 'Sähköpostipalvelin pyysi CareDockia odottamaan ({reply}). Viesti lähetetään myöhemmin uudelleen itsestään.',
    en: 'The mail server asked CareDock to wait ({reply}). The message is sent again later by itself.',
  },
  'smtp.rejected': {
    sv: 'E-postservern tog inte emot meddelandet ({reply}). Kontrollera mottagarens adress; meddelandet skickas inte igen.',
    fi: 'Sähköpostipalvelin ei ottanut viestiä vastaan ({reply}). Tarkista vastaanottajan osoite; viestiä ei lähetetä uudelleen.',
    en: 'The mail server refused the message ({reply}). Check the recipient’s address; the message is not sent again.',
  },
  'smtp.authFailed': {
    sv: 'E-postservern godtog inte inloggningen. E-posten är pausad: en administratör rättar användare, lösenord eller OAuth-inställningar under Admin → Aviseringar → E-post och återupptar.',
    fi: 'Sähköpostipalvelin ei hyväksynyt kirjautumista. Sähköposti on keskeytetty: ylläpitäjä korjaa käyttäjän, salasanan tai OAuth-asetukset kohdassa Ylläpito → Ilmoitukset → Sähköposti ja jatkaa.',
    en: 'The mail server did not accept the sign-in. Email is paused: an admin corrects the user, password or OAuth settings under Admin → Notices → Email and resumes.',
  },
  'smtp.tlsFailed': {
    sv: 'En säker anslutning till e-postservern {host} gick inte att upprätta (TLS). E-posten är pausad: en administratör kontrollerar port och TLS-läge och återupptar.',
    fi: 'Suojattua yhteyttä sähköpostipalvelimeen {host} ei voitu muodostaa (TLS). Sähköposti on keskeytetty: ylläpitäjä tarkistaa portin ja TLS-tilan ja jatkaa.',
    en: 'A secure connection to the mail server {host} could not be made (TLS). Email is paused: an admin checks the port and TLS mode and resumes.',
  },
  'smtp.oauthTokenFailed': {
    sv: 'CareDock fick ingen OAuth-token för e-posten från {authority}. E-posten är pausad: en administratör kontrollerar klient-id, hemlighet och klientorganisation och återupptar.',
    fi: 'CareDock ei saanut sähköpostin OAuth-tunnusta palvelusta {authority}. Sähköposti on keskeytetty: ylläpitäjä tarkistaa asiakastunnuksen, salaisuuden ja vuokraajan ja jatkaa.',
    en: 'CareDock got no OAuth token for email from {authority}. Email is paused: an admin checks the client id, secret and tenant and resumes.',
  },
  'smtp.addressInvalid': {
    sv: 'E-postadressen {address} är inte giltig. Rätta den och försök igen.',
    fi: 'Sähköpostiosoite {address} ei kelpaa. Korjaa se ja yritä uudelleen.',
    en: 'The email address {address} is not valid. Correct it and try again.',
  },

  // ── SMS ──
  'sms.notConfigured': {
    sv: 'SMS är inte inställt. En administratör väljer leverantör under Admin → Aviseringar → SMS.',
    fi: 'Tekstiviestejä ei ole määritetty. Ylläpitäjä valitsee palveluntarjoajan kohdassa Ylläpito → Ilmoitukset → Tekstiviestit.',
    en: 'SMS is not set up. An admin chooses a provider under Admin → Notices → SMS.',
  },
  'sms.numberInvalid': {
    sv: 'Telefonnumret {number} är inte ett giltigt mobilnummer. Rätta det hos mottagaren.',
    fi: 'Puhelinnumero {number} ei ole kelvollinen matkapuhelinnumero. Korjaa se vastaanottajan tietoihin.',
    en: 'The phone number {number} is not a valid mobile number. Correct it on the recipient.',
  },
  'sms.countryNotSupported': {
    sv: 'Numret {number} är inte svenskt eller finskt. CareDock skickar SMS bara till Sverige (+46) och Finland (+358).',
    fi: 'Numero {number} ei ole ruotsalainen eikä suomalainen. CareDock lähettää tekstiviestejä vain Ruotsiin (+46) ja Suomeen (+358).',
    en: 'The number {number} is neither Swedish nor Finnish. CareDock sends SMS only to Sweden (+46) and Finland (+358).',
  },
  'sms.senderInvalid': {
    sv: 'Avsändarnamnet får vara högst 11 tecken, bara a–z, A–Z, 0–9, mellanslag och . - _ (inte å, ä, ö), eller ett telefonnummer. Rätta det under Admin → Aviseringar → SMS.',
    fi: 'Lähettäjän nimessä saa olla enintään 11 merkkiä, vain a–z, A–Z, 0–9, välilyönti ja . - _ (ei å, ä, ö), tai puhelinnumero. Korjaa se kohdassa Ylläpito → Ilmoitukset → Tekstiviestit.',
    en: 'The sender name may have at most 11 characters, only a–z, A–Z, 0–9, space and . - _ (no å, ä, ö), or be a phone number. Correct it under Admin → Notices → SMS.',
  },
  'sms.textEmpty': {
    sv: 'Meddelandet är tomt. Skriv en text i mallen.',
    fi: 'Viesti on tyhjä. Kirjoita malliin teksti.',
    en: 'The message is empty. Write a text in the template.',
  },
  'sms.textTooLong': {
    sv: 'Meddelandet blir {segments} SMS-delar; högst {max} tillåts. Korta texten.',
    fi: 'Viestistä tulee {segments} tekstiviestiosaa; enintään {max} sallitaan. Lyhennä tekstiä.',
    en: 'The message takes {segments} SMS parts; at most {max} are allowed. Shorten the text.',
  },
  'sms.insecureUrl': {
    sv: 'SMS-leverantörens adress måste börja med https://. Rätta adressen under Admin → Aviseringar → SMS.',
    fi: 'Tekstiviestipalvelun osoitteen on alettava https://. Korjaa osoite kohdassa Ylläpito → Ilmoitukset → Tekstiviestit.',
    en: 'The SMS provider’s address must start with https://. Correct the address under Admin → Notices → SMS.',
  },
  'sms.authFailed': {
    sv: 'SMS-leverantören {provider} godtog inte kontot eller lösenordet. SMS är pausat: en administratör rättar uppgifterna under Admin → Aviseringar → SMS och återupptar.',
    fi: 'Tekstiviestipalvelu {provider} ei hyväksynyt tiliä tai salasanaa. Tekstiviestit on keskeytetty: ylläpitäjä korjaa tiedot kohdassa Ylläpito → Ilmoitukset → Tekstiviestit ja jatkaa.',
    en: 'The SMS provider {provider} did not accept the account or password. SMS is paused: an admin corrects them under Admin → Notices → SMS and resumes.',
  },
  'sms.rateLimited': {
    sv: 'SMS-leverantören {provider} ber CareDock skicka långsammare. Meddelandena skickas senare av sig själva.',
    fi: 'Tekstiviestipalvelu {provider} pyytää CareDockia lähettämään hitaammin. Viestit lähetetään myöhemmin itsestään.',
    en: 'The SMS provider {provider} asks CareDock to send more slowly. The messages are sent later by themselves.',
  },
  'sms.gatewayUnavailable': {
    sv: 'SMS-leverantören {provider} svarar inte just nu. CareDock försöker igen av sig självt.',
    fi: 'Tekstiviestipalvelu {provider} ei vastaa juuri nyt. CareDock yrittää uudelleen itsestään.',
    en: 'The SMS provider {provider} is not answering right now. CareDock tries again by itself.',
  },
  'sms.gatewayRejected': {
    sv: 'SMS-leverantören {provider} tog inte emot meddelandet (kod {code}). Kontrollera numret och texten; meddelandet skickas inte igen.',
    fi: 'Tekstiviestipalvelu {provider} ei ottanut viestiä vastaan (koodi {code}). Tarkista numero ja teksti; viestiä ei lähetetä uudelleen.',
    en: 'The SMS provider {provider} refused the message (code {code}). Check the number and the text; the message is not sent again.',
  },
  'sms.tlsFailed': {
    sv: 'En säker anslutning till SMS-leverantören {provider} ({host}) gick inte att upprätta. SMS är pausat: en administratör kontrollerar adressen under Admin → Aviseringar → SMS och återupptar.',
    fi: 'Suojattua yhteyttä tekstiviestipalveluun {provider} ({host}) ei voitu muodostaa. Tekstiviestit on keskeytetty: ylläpitäjä tarkistaa osoitteen kohdassa Ylläpito → Ilmoitukset → Tekstiviestit ja jatkaa.',
    en: 'A secure connection to the SMS provider {provider} ({host}) could not be made. SMS is paused: an admin checks the address under Admin → Notices → SMS and resumes.',
  },
  'sms.expired': {
    sv: 'SMS:et skickades inte: det hann bli för sent (nattvila eller besöket har redan börjat). Inget mer görs.',
    fi: 'Tekstiviestiä ei lähetetty: oli jo liian myöhäistä (yörauha tai käynti on jo alkanut). Mitään ei enää tehdä.',
    en: 'The SMS was not sent: it got too late (quiet hours, or the visit has begun). Nothing more is done.',
  },
  'sms.unknownOutcome': {
    sv: 'Svaret från SMS-leverantören {provider} kom aldrig. CareDock kontrollerar i leverantörens logg innan något skickas igen.',
    fi: 'Tekstiviestipalvelun {provider} vastaus ei koskaan saapunut. CareDock tarkistaa palvelun lokista ennen kuin mitään lähetetään uudelleen.',
    en: 'The answer from the SMS provider {provider} never came. CareDock checks the provider’s log before anything is sent again.',
  },

  // ── channel secrets ──
  'secrets.unreadable': {
    sv: 'Den sparade hemligheten för {name} går inte att läsa (den kan ha sparats av en annan Windows-användare). Ange den igen under Admin → Integrationer.',
    fi: 'Kohteen {name} tallennettua salaisuutta ei voi lukea (sen on voinut tallentaa toinen Windows-käyttäjä). Anna se uudelleen kohdassa Ylläpito → Integraatiot.',
    en: 'The stored secret for {name} cannot be read (another Windows user may have stored it). Enter it again under Admin → Integrations.',
  },
} as const satisfies Record<string, Message>;
