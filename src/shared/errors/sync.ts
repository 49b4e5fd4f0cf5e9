import type { Message } from './types.ts';

/**
 * Sync and installation messages. The channel codes carry the central server's code
 * names (src/shared/sync/errors.ts) so an answer maps one to one; each message says what to do.
 */
export const syncErrors = {
  'sync.notInstalled': {
    sv: 'Datorn är inte installerad för någon kommun. En administratör installerar den under Admin → Installation.',
    fi: 'Tietokonetta ei ole asennettu millekään kunnalle. Ylläpitäjä asentaa sen kohdassa Ylläpito → Asennus.',
    en: 'This PC is not installed for a municipality. An admin installs it under Admin → Installation.',
  },
  'sync.alreadyInstalled': {
    sv: 'Datorn är redan installerad för {municipality}. För att byta kommun: återställ installationen först under Admin → Installation.',
    fi: 'Tietokone on jo asennettu kunnalle {municipality}. Kunnan vaihtamiseksi nollaa asennus ensin kohdassa Ylläpito → Asennus.',
    en: 'This PC is already installed for {municipality}. To switch municipality, reset the installation first under Admin → Installation.',
  },
  'sync.profileInvalid': {
    sv: 'Installationsprofilen går inte att läsa. Be kommunens systemadministratör om en ny profilfil.',
    fi: 'Asennusprofiilia ei voi lukea. Pyydä kunnan järjestelmänvalvojalta uusi profiilitiedosto.',
    en: 'The install profile cannot be read. Ask the municipality’s system admin for a new profile file.',
  },
  'sync.enrolmentCodeInvalid': {
    sv: 'Registreringskoden är okänd, redan använd eller har gått ut. Be kommunens systemadministratör om en ny kod.',
    fi: 'Rekisteröintikoodi on tuntematon, jo käytetty tai vanhentunut. Pyydä kunnan järjestelmänvalvojalta uusi koodi.',
    en: 'The enrolment code is unknown, already used or expired. Ask the municipality’s system admin for a new code.',
  },
  'sync.enrolmentRefused': {
    sv: 'Kommunens server godtog inte registreringen: koden är okänd, redan använd eller har gått ut, eller så är datorns adress {address} inte registrerad för utföraren. Kontrollera koden och be kommunens systemadministratör om en ny kod eller att registrera {address}.',
    fi: 'Kunnan palvelin ei hyväksynyt rekisteröintiä: koodi on tuntematon, jo käytetty tai vanhentunut, tai tietokoneen osoitetta {address} ei ole rekisteröity palveluntuottajalle. Tarkista koodi ja pyydä kunnan järjestelmänvalvojalta uusi koodi tai osoitteen {address} rekisteröintiä.',
    en: 'The municipality’s server did not accept the enrolment: the code is unknown, already used or expired, or this PC’s address {address} is not registered for the provider. Check the code, and ask the municipality’s system admin for a new code or to register {address}.',
  },
  'sync.tooManyAttempts': {
    sv: 'För många registreringsförsök från den här adressen. Vänta {minutes} minuter och försök igen med rätt kod.',
    fi: 'Liian monta rekisteröintiyritystä tästä osoitteesta. Odota {minutes} minuuttia ja yritä uudelleen oikealla koodilla.',
    en: 'Too many enrolment attempts from this address. Wait {minutes} minutes, then try again with the right code.',
  },
  'sync.enrolmentCsrInvalid': {
    sv: 'Kommunens server godtog inte datorns certifikatbegäran. Försök igen; kontakta CareDocks support om det upprepas.',
    fi: 'Kunnan palvelin ei hyväksynyt tietokoneen varmennepyyntöä. Yritä uudelleen; ota yhteys CareDockin tukeen, jos se toistuu.',
    en: 'The municipality’s server did not accept this PC’s certificate request. Try again; contact CareDock support if it repeats.',
  },
  'sync.enrolmentMismatch': {
    sv: 'Servern svarade med ett certifikat som inte hör till den här datorn eller kommunen. Inget har sparats; kontakta kommunens systemadministratör.',
    fi: 'Palvelin vastasi varmenteella, joka ei kuulu tälle tietokoneelle tai kunnalle. Mitään ei tallennettu; ota yhteys kunnan järjestelmänvalvojaan.',
    en: 'The server answered with a certificate that does not belong to this PC or municipality. Nothing was saved; contact the municipality’s system admin.',
  },
  'sync.renewalCsrInvalid': {
    sv: 'Kommunens server godtog inte datorns begäran om ett nytt certifikat. Datorn fortsätter synka med det nuvarande och försöker igen vid nästa synkning; kontakta CareDocks support om det upprepas.',
    fi: 'Kunnan palvelin ei hyväksynyt tietokoneen pyyntöä uudesta varmenteesta. Tietokone synkronoi edelleen nykyisellä varmenteella ja yrittää uudelleen seuraavalla synkronoinnilla; ota yhteys CareDockin tukeen, jos se toistuu.',
    en: 'The municipality’s server did not accept this PC’s request for a new certificate. The PC keeps syncing with the current one and tries again at the next sync; contact CareDock support if it repeats.',
  },
  'sync.renewalTooSoon': {
    sv: 'Datorn fick nyss ett nytt certifikat och måste vänta {minutes} minuter innan den kan begära ett till. Inget behöver göras; synkningen fortsätter.',
    fi: 'Tietokone sai juuri uuden varmenteen ja voi pyytää seuraavaa vasta {minutes} minuutin kuluttua. Mitään ei tarvitse tehdä; synkronointi jatkuu.',
    en: 'This PC just got a new certificate and must wait {minutes} minutes before asking for another. Nothing needs doing; sync goes on.',
  },
  'sync.renewalMismatch': {
    sv: 'Servern svarade med ett nytt certifikat som inte hör till den här datorns nyckel eller kommunen. Det sparades inte; datorn synkar med det nuvarande certifikatet och försöker igen. Kontakta kommunens systemadministratör om det upprepas.',
    fi: 'Palvelin vastasi uudella varmenteella, joka ei kuulu tämän tietokoneen avaimelle tai kunnalle. Sitä ei tallennettu; tietokone synkronoi nykyisellä varmenteella ja yrittää uudelleen. Ota yhteys kunnan järjestelmänvalvojaan, jos se toistuu.',
    en: 'The server answered with a new certificate that does not belong to this PC’s key or municipality. It was not saved; the PC syncs with the current certificate and tries again. Contact the municipality’s system admin if it repeats.',
  },
  'sync.certificateMissing': {
    sv: 'Servern fick inget certifikat från datorn. Återställ och installera om under Admin → Installation med en ny registreringskod.',
    fi: 'Palvelin ei saanut tietokoneen varmennetta. Nollaa ja asenna uudelleen kohdassa Ylläpito → Asennus uudella rekisteröintikoodilla.',
    en: 'The server received no certificate from this PC. Reset and reinstall under Admin → Installation with a new enrolment code.',
  },
  'sync.certificateInvalid': {
    sv: 'Datorns certifikat är inte utfärdat av kommunens server. Återställ och installera om med en ny registreringskod.',
    fi: 'Tietokoneen varmennetta ei ole myöntänyt kunnan palvelin. Nollaa ja asenna uudelleen uudella rekisteröintikoodilla.',
    en: 'This PC’s certificate was not issued by the municipality’s server. Reset and reinstall with a new enrolment code.',
  },
  'sync.certificateExpired': {
    sv: 'Datorns certifikat har gått ut ({date}). Be kommunens systemadministratör om en ny registreringskod, återställ och installera om under Admin → Installation. Registreringarna finns kvar på datorn.',
    fi: 'Tietokoneen varmenne on vanhentunut ({date}). Pyydä kunnan järjestelmänvalvojalta uusi rekisteröintikoodi, nollaa ja asenna uudelleen kohdassa Ylläpito → Asennus. Rekisteröinnit säilyvät tietokoneella.',
    en: 'This PC’s certificate has expired ({date}). Ask the municipality’s system admin for a new enrolment code, then reset and reinstall under Admin → Installation. Registrations stay on this PC.',
  },
  'sync.certificateRevoked': {
    sv: 'Kommunen har spärrat datorns certifikat. Fråga kommunens systemadministratör varför; en ny installation kräver en ny registreringskod.',
    fi: 'Kunta on mitätöinyt tietokoneen varmenteen. Kysy syytä kunnan järjestelmänvalvojalta; uusi asennus vaatii uuden rekisteröintikoodin.',
    en: 'The municipality has revoked this PC’s certificate. Ask the municipality’s system admin why; a new installation needs a new enrolment code.',
  },
  'sync.certificateUnknown': {
    sv: 'Kommunens server känner inte igen datorn. Be kommunens systemadministratör om en ny registreringskod och installera om.',
    fi: 'Kunnan palvelin ei tunnista tietokonetta. Pyydä kunnan järjestelmänvalvojalta uusi rekisteröintikoodi ja asenna uudelleen.',
    en: 'The municipality’s server does not recognise this PC. Ask the municipality’s system admin for a new enrolment code and reinstall.',
  },
  'sync.addressNotRegistered': {
    sv: 'Datorns adress {address} är inte registrerad för {provider}. Be kommunens systemadministratör registrera den och tryck sedan Försök igen.',
    fi: 'Tietokoneen osoitetta {address} ei ole rekisteröity palveluntuottajalle {provider}. Pyydä kunnan järjestelmänvalvojaa rekisteröimään se ja paina sitten Yritä uudelleen.',
    en: 'This PC’s address {address} is not registered for {provider}. Ask the municipality’s system admin to register it, then press Retry.',
  },
  'sync.wrongMunicipality': {
    sv: 'Certifikatet hör till en annan kommun än installationsprofilen. Återställ installationen och installera med rätt profil och kod.',
    fi: 'Varmenne kuuluu eri kunnalle kuin asennusprofiili. Nollaa asennus ja asenna oikealla profiililla ja koodilla.',
    en: 'The certificate belongs to another municipality than the install profile. Reset the installation and install with the right profile and code.',
  },
  'sync.updateRequired': {
    sv: 'Kommunens server kräver CareDock {version} eller senare. Uppdatera CareDock; inget går förlorat under tiden.',
    fi: 'Kunnan palvelin vaatii CareDockin version {version} tai uudemman. Päivitä CareDock; mitään ei menetetä sillä välin.',
    en: 'The municipality’s server needs CareDock {version} or later. Update CareDock; nothing is lost meanwhile.',
  },
  'sync.unreachable': {
    sv: 'Kommunens server går inte att nå. CareDock försöker igen av sig själv och registreringarna ligger säkert kvar på datorn. Kontrollera nätverket om det dröjer.',
    fi: 'Kunnan palvelimeen ei saada yhteyttä. CareDock yrittää itse uudelleen, ja rekisteröinnit ovat turvassa tietokoneella. Tarkista verkko, jos tilanne jatkuu.',
    en: 'The municipality’s server cannot be reached. CareDock keeps trying by itself and the registrations are safe on this PC. Check the network if it lasts.',
  },
  'sync.serverBusy': {
    sv: 'Kommunens server är upptagen eller har ett fel. CareDock försöker igen av sig själv; inget går förlorat.',
    fi: 'Kunnan palvelin on varattu tai siinä on vika. CareDock yrittää itse uudelleen; mitään ei menetetä.',
    en: 'The municipality’s server is busy or has a fault. CareDock tries again by itself; nothing is lost.',
  },
  'sync.serverUntrusted': {
    sv: 'Servern kunde inte visa att den är kommunens server (certifikatet stämmer inte med installationsprofilen). Synkningen är pausad; kontakta kommunens systemadministratör.',
    fi: 'Palvelin ei pystynyt osoittamaan olevansa kunnan palvelin (varmenne ei vastaa asennusprofiilia). Synkronointi on keskeytetty; ota yhteys kunnan järjestelmänvalvojaan.',
    en: 'The server could not prove it is the municipality’s server (its certificate does not match the install profile). Sync is paused; contact the municipality’s system admin.',
  },
  'sync.invalidRequest': {
    sv: 'Kommunens server förstod inte CareDocks begäran. CareDock försöker igen; uppdatera CareDock eller kontakta support om det dröjer.',
    fi: 'Kunnan palvelin ei ymmärtänyt CareDockin pyyntöä. CareDock yrittää uudelleen; päivitä CareDock tai ota yhteys tukeen, jos tilanne jatkuu.',
    en: 'The municipality’s server did not understand CareDock’s request. CareDock tries again; update CareDock or contact support if it lasts.',
  },
  'sync.sourceAddressInvalid': {
    sv: 'Adressen {address} tillhör inte den här datorn. Välj en av datorns adresser eller lämna fältet tomt under Admin → Installation.',
    fi: 'Osoite {address} ei kuulu tälle tietokoneelle. Valitse jokin tietokoneen osoitteista tai jätä kenttä tyhjäksi kohdassa Ylläpito → Asennus.',
    en: 'The address {address} does not belong to this PC. Choose one of this PC’s addresses or leave it empty under Admin → Installation.',
  },
  'sync.keyMissing': {
    sv: 'Datorns privata nyckel saknas eller kan inte läsas. Återställ och installera om med en ny registreringskod.',
    fi: 'Tietokoneen yksityinen avain puuttuu tai sitä ei voi lukea. Nollaa ja asenna uudelleen uudella rekisteröintikoodilla.',
    en: 'This PC’s private key is missing or cannot be read. Reset and reinstall with a new enrolment code.',
  },
  'sync.resetUnsynced': {
    sv: '{count} poster har inte nått kommunens server än. Synka dem (och hantera karantänen) innan installationen återställs.',
    fi: '{count} tietuetta ei ole vielä saapunut kunnan palvelimelle. Synkronoi ne (ja käsittele karanteeni) ennen asennuksen nollaamista.',
    en: '{count} items have not reached the municipality’s server yet. Sync them (and deal with the quarantine) before resetting the installation.',
  },
  'sync.conflict': {
    sv: 'Servern har redan en annan post med samma id. Posten finns kvar på datorn i karantän; kontakta CareDocks support.',
    fi: 'Palvelimella on jo eri tietue samalla tunnisteella. Tietue säilyy tietokoneella karanteenissa; ota yhteys CareDockin tukeen.',
    en: 'The server already holds a different item with the same id. The item stays on this PC in quarantine; contact CareDock support.',
  },
  'sync.invalidItem': {
    sv: 'Servern godtog inte posten eftersom den är ofullständig eller felaktig. Rätta posten och tryck Försök igen; kontakta support om det upprepas.',
    fi: 'Palvelin ei hyväksynyt tietuetta, koska se on puutteellinen tai virheellinen. Korjaa tietue ja paina Yritä uudelleen; ota yhteys tukeen, jos se toistuu.',
    en: 'The server refused the item as incomplete or malformed. Correct it and press Retry; contact support if it repeats.',
  },
  'sync.unknownReference': {
    sv: 'Registreringen som rättelsen gäller har inte nått servern än. CareDock försöker igen av sig själv.',
    fi: 'Rekisteröinti, jota korjaus koskee, ei ole vielä saapunut palvelimelle. CareDock yrittää itse uudelleen.',
    en: 'The registration this correction refers to has not reached the server yet. CareDock tries again by itself.',
  },
  'sync.itemTooLarge': {
    sv: 'Posten är för stor för att skickas. Den ligger kvar i karantän på datorn; kontakta CareDocks support.',
    fi: 'Tietue on liian suuri lähetettäväksi. Se säilyy karanteenissa tietokoneella; ota yhteys CareDockin tukeen.',
    en: 'The item is too large to send. It stays in quarantine on this PC; contact CareDock support.',
  },
} as const satisfies Record<string, Message>;
