// UI text of the sync status and Admin → Installation, Swedish first.
import type { Message } from '../../../shared/errors/index.ts';

export const syncUiMessages = {
  // ── The status in the header ──────────────────────────────────────────────────────────────
  'sync.label': { sv: 'Synkning', fi: 'Synkronointi', en: 'Sync' },
  'sync.state.idle': { sv: 'Synkad', fi: 'Synkronoitu', en: 'Synced' },
  'sync.state.syncing': { sv: 'Synkar …', fi: 'Synkronoidaan …', en: 'Syncing …' },
  'sync.state.paused': {
    sv: 'Synkningen är pausad',
    fi: 'Synkronointi on keskeytetty',
    en: 'Sync is paused',
  },
  'sync.state.error': {
    sv: 'Synkningen misslyckades',
    fi: 'Synkronointi epäonnistui',
    en: 'Sync failed',
  },
  'sync.state.notInstalled': { sv: 'Inte installerad', fi: 'Ei asennettu', en: 'Not installed' },
  'sync.waiting': { sv: 'Väntar: {count}', fi: 'Odottaa: {count}', en: 'Waiting: {count}' },
  'sync.quarantined': {
    sv: 'I karantän: {count}',
    fi: 'Karanteenissa: {count}',
    en: 'In quarantine: {count}',
  },
  'sync.lastSuccess': {
    sv: 'Senast synkad {time}',
    fi: 'Viimeksi synkronoitu {time}',
    en: 'Last synced {time}',
  },
  'sync.lastSuccess.never': { sv: 'Aldrig synkad', fi: 'Ei vielä synkronoitu', en: 'Never synced' },
  'sync.now': { sv: 'Synka nu', fi: 'Synkronoi nyt', en: 'Sync now' },
  'sync.retry': { sv: 'Försök igen', fi: 'Yritä uudelleen', en: 'Retry' },
  'sync.nextAttempt': {
    sv: 'Nästa försök: {time}',
    fi: 'Seuraava yritys: {time}',
    en: 'Next attempt: {time}',
  },
  'sync.installLink': { sv: 'Installera datorn', fi: 'Asenna tietokone', en: 'Install this PC' },
  'sync.done': {
    sv: 'Synkat: {sent} skickade, {rejected} avvisade, {pulled} hämtade.',
    fi: 'Synkronoitu: {sent} lähetetty, {rejected} hylätty, {pulled} haettu.',
    en: 'Synced: {sent} sent, {rejected} refused, {pulled} fetched.',
  },

  // ── Admin → Installation: status ──────────────────────────────────────────────────────────
  'sync.intro': {
    sv: 'Här kopplas datorn till kommunens server. Registreringar skickas dit över en krypterad förbindelse, och brukare, beställningar och personal hämtas därifrån.',
    fi: 'Täällä tietokone yhdistetään kunnan palvelimeen. Rekisteröinnit lähetetään sinne salatun yhteyden kautta, ja asiakkaat, tilaukset ja henkilöstö haetaan sieltä.',
    en: 'Here this PC is connected to the municipality’s server. Registrations are sent there over an encrypted connection, and recipients, orders and staff are fetched from it.',
  },
  'sync.loading': {
    sv: 'Hämtar installationens status …',
    fi: 'Haetaan asennuksen tilaa …',
    en: 'Fetching the installation’s status …',
  },
  'sync.status.title': { sv: 'Installationen', fi: 'Asennus', en: 'The installation' },
  'sync.status.state': { sv: 'Synkning', fi: 'Synkronointi', en: 'Sync' },
  'sync.status.municipality': { sv: 'Kommun', fi: 'Kunta', en: 'Municipality' },
  'sync.status.provider': { sv: 'Utförare', fi: 'Palveluntuottaja', en: 'Provider' },
  'sync.status.workstation': { sv: 'Den här datorn', fi: 'Tämä tietokone', en: 'This PC' },
  'sync.status.server': { sv: 'Kommunens server', fi: 'Kunnan palvelin', en: 'Municipality’s server' },
  'sync.status.certificate': {
    sv: 'Certifikatet gäller till',
    fi: 'Varmenne voimassa',
    en: 'Certificate valid until',
  },
  'sync.status.certificateSoon': {
    sv: 'Går ut om {days} dagar. CareDock förnyar det själv vid nästa synkning; inget behöver göras så länge synkningen fungerar.',
    fi: 'Vanhenee {days} päivän kuluttua. CareDock uusii sen itse seuraavalla synkronoinnilla; mitään ei tarvitse tehdä, kun synkronointi toimii.',
    en: 'Expires in {days} days. CareDock renews it by itself at the next sync; nothing needs doing while sync works.',
  },
  'sync.status.certificateRenewed': {
    sv: 'Förnyat {date}',
    fi: 'Uusittu {date}',
    en: 'Renewed {date}',
  },
  'sync.status.certificateRenewalFailed': {
    sv: 'Senaste förnyelsen misslyckades: {reason}',
    fi: 'Viimeisin uusiminen epäonnistui: {reason}',
    en: 'The last renewal failed: {reason}',
  },
  'sync.status.certificateExpired': {
    sv: 'Har gått ut. Be kommunens systemadministratör om en ny registreringskod, återställ och installera om.',
    fi: 'On vanhentunut. Pyydä kunnan järjestelmänvalvojalta uusi rekisteröintikoodi, nollaa ja asenna uudelleen.',
    en: 'Has expired. Ask the municipality’s system admin for a new enrolment code, then reset and reinstall.',
  },
  'sync.status.keyProtection': { sv: 'Nyckelskydd', fi: 'Avaimen suojaus', en: 'Key protection' },
  'sync.key.file': {
    sv: 'Fil på datorn som bara CareDocks användarkonto kan läsa',
    fi: 'Tiedosto tietokoneella, jota vain CareDockin käyttäjätili voi lukea',
    en: 'A file on this PC that only CareDock’s user account can read',
  },
  'sync.key.osEncrypted': {
    sv: 'Krypterad med operativsystemets nyckelring',
    fi: 'Salattu käyttöjärjestelmän avainnipulla',
    en: 'Encrypted with the operating system’s keychain',
  },
  'sync.status.seenAddress': {
    sv: 'Datorns adress enligt servern',
    fi: 'Tietokoneen osoite palvelimen mukaan',
    en: 'This PC’s address as the server saw it',
  },
  'sync.status.seenAddress.unknown': {
    sv: 'Visas efter första lyckade synkningen',
    fi: 'Näytetään ensimmäisen onnistuneen synkronoinnin jälkeen',
    en: 'Shown after the first successful sync',
  },
  'sync.status.clock': {
    sv: 'Klockskillnad mot servern',
    fi: 'Kellon ero palvelimeen',
    en: 'Clock difference to the server',
  },
  'sync.status.clock.unknown': { sv: 'Inte mätt än', fi: 'Ei vielä mitattu', en: 'Not measured yet' },
  'sync.status.clock.skewed': {
    sv: 'Datorns klocka går fel med {offset}. Ställ klockan rätt; synkningen fortsätter ändå.',
    fi: 'Tietokoneen kello on väärässä {offset}. Korjaa kello; synkronointi jatkuu silti.',
    en: 'This PC’s clock is off by {offset}. Set the clock right; sync carries on meanwhile.',
  },
  'sync.status.lastSuccess': {
    sv: 'Senaste lyckade synkning',
    fi: 'Viimeisin onnistunut synkronointi',
    en: 'Last successful sync',
  },
  'sync.status.never': { sv: 'Aldrig', fi: 'Ei koskaan', en: 'Never' },
  'sync.status.reconcile': { sv: 'Senaste avstämning', fi: 'Viimeisin täsmäytys', en: 'Last reconciliation' },
  'sync.reconcileNow': { sv: 'Stäm av nu', fi: 'Täsmäytä nyt', en: 'Reconcile now' },
  'sync.reconcile.hint': {
    sv: 'Avstämningen jämför dag för dag det servern har med det datorn har skickat och skickar om det som saknas. Den görs också av sig själv en gång om dygnet.',
    fi: 'Täsmäytys vertaa päivä kerrallaan palvelimen tietoja tietokoneen lähettämiin ja lähettää puuttuvat uudelleen. Se tehdään myös itsestään kerran vuorokaudessa.',
    en: 'Reconciliation compares, day by day, what the server holds with what this PC has sent, and re-sends what is missing. It also runs by itself once a day.',
  },
  'sync.reconciled': {
    sv: 'Avstämningen är klar. Jämförda dagar: {days}. Dagar som skilde sig: {differing}. Poster som skickas om: {resent}.',
    fi: 'Täsmäytys on valmis. Verratut päivät: {days}. Poikenneet päivät: {differing}. Uudelleen lähetettävät tietueet: {resent}.',
    en: 'Reconciliation done. Days compared: {days}. Days that differed: {differing}. Items to re-send: {resent}.',
  },

  // ── Admin → Installation: install ─────────────────────────────────────────────────────────
  'sync.install.title': {
    sv: 'Installera för en kommun',
    fi: 'Asenna kunnalle',
    en: 'Install for a municipality',
  },
  'sync.install.intro': {
    sv: 'Du behöver installationsprofilen (en fil från kommunens systemadministratör) och en registreringskod. Koden kan bara användas en gång.',
    fi: 'Tarvitset asennusprofiilin (tiedosto kunnan järjestelmänvalvojalta) ja rekisteröintikoodin. Koodia voi käyttää vain kerran.',
    en: 'You need the install profile (a file from the municipality’s system admin) and an enrolment code. The code can be used only once.',
  },
  'sync.install.file': {
    sv: 'Installationsprofil (fil)',
    fi: 'Asennusprofiili (tiedosto)',
    en: 'Install profile (file)',
  },
  'sync.install.file.hint': {
    sv: 'Välj filen som kommunen skickade. Dess text visas i fältet nedanför.',
    fi: 'Valitse kunnan lähettämä tiedosto. Sen teksti näkyy alla olevassa kentässä.',
    en: 'Choose the file the municipality sent. Its text appears in the field below.',
  },
  'sync.install.fileRead': { sv: 'Läste {name}.', fi: 'Luettiin {name}.', en: 'Read {name}.' },
  'sync.install.fileUnreadable': {
    sv: 'Filen {name} gick inte att läsa. Välj den igen eller klistra in texten nedan.',
    fi: 'Tiedostoa {name} ei voitu lukea. Valitse se uudelleen tai liitä teksti alle.',
    en: 'The file {name} could not be read. Choose it again or paste its text below.',
  },
  'sync.install.profile': { sv: 'Profilens text', fi: 'Profiilin teksti', en: 'The profile’s text' },
  'sync.install.profile.hint': {
    sv: 'Fylls i när du väljer filen. Du kan också klistra in texten ur profilfilen här.',
    fi: 'Täyttyy, kun valitset tiedoston. Voit myös liittää profiilitiedoston tekstin tähän.',
    en: 'Filled in when you choose the file. You can also paste the profile file’s text here.',
  },
  'sync.install.code': { sv: 'Registreringskod', fi: 'Rekisteröintikoodi', en: 'Enrolment code' },
  'sync.install.code.hint': {
    sv: 'Fyra grupper om fyra tecken, t.ex. ABCD-EFGH-JKLM-NPQR.',
    fi: 'Neljä neljän merkin ryhmää, esim. ABCD-EFGH-JKLM-NPQR.',
    en: 'Four groups of four characters, e.g. ABCD-EFGH-JKLM-NPQR.',
  },
  'sync.install.name': {
    sv: 'Datorns namn (frivilligt)',
    fi: 'Tietokoneen nimi (vapaaehtoinen)',
    en: 'Name of this PC (optional)',
  },
  'sync.install.name.hint': {
    sv: 'Så visas datorn för kommunen, t.ex. Kontoret Bro.',
    fi: 'Näin tietokone näkyy kunnalle, esim. Toimisto Bro.',
    en: 'How the municipality sees this PC, e.g. Office Bro.',
  },
  'sync.install.submit': { sv: 'Installera', fi: 'Asenna', en: 'Install' },
  'sync.install.busy': { sv: 'Installerar …', fi: 'Asennetaan …', en: 'Installing …' },
  'sync.installed': {
    sv: 'Datorn är installerad för {municipality}.',
    fi: 'Tietokone on asennettu kunnalle {municipality}.',
    en: 'This PC is installed for {municipality}.',
  },

  // ── Source address ────────────────────────────────────────────────────────────────────────
  'sync.source.title': { sv: 'Avsändaradress', fi: 'Lähdeosoite', en: 'Source address' },
  'sync.source.label': {
    sv: 'Avsändaradress (frivilligt)',
    fi: 'Lähdeosoite (vapaaehtoinen)',
    en: 'Source address (optional)',
  },
  'sync.source.hint': {
    sv: 'Bara för datorer med flera nätverksadresser: den adress som kommunen har registrerat för er, t.ex. 192.0.2.10. Lämna tomt så väljer operativsystemet.',
    fi: 'Vain tietokoneille, joilla on useita verkko-osoitteita: kunnan teille rekisteröimä osoite, esim. 192.0.2.10. Jätä tyhjäksi, niin käyttöjärjestelmä valitsee.',
    en: 'Only for PCs with several network addresses: the address the municipality registered for you, e.g. 192.0.2.10. Leave empty and the operating system chooses.',
  },
  'sync.source.current': { sv: 'Nu: {address}', fi: 'Nyt: {address}', en: 'Now: {address}' },
  'sync.source.auto': {
    sv: 'Nu: operativsystemet väljer',
    fi: 'Nyt: käyttöjärjestelmä valitsee',
    en: 'Now: the operating system chooses',
  },
  'sync.source.save': { sv: 'Spara adressen', fi: 'Tallenna osoite', en: 'Save the address' },
  'sync.source.saved': {
    sv: 'Avsändaradressen är sparad.',
    fi: 'Lähdeosoite on tallennettu.',
    en: 'The source address is saved.',
  },
  'sync.source.invalid': {
    sv: 'Ange en IP-adress, t.ex. 192.0.2.10, eller lämna fältet tomt.',
    fi: 'Anna IP-osoite, esim. 192.0.2.10, tai jätä kenttä tyhjäksi.',
    en: 'Enter an IP address, e.g. 192.0.2.10, or leave the field empty.',
  },

  // ── Quarantine ────────────────────────────────────────────────────────────────────────────
  'sync.quarantine.title': { sv: 'Karantän', fi: 'Karanteeni', en: 'Quarantine' },
  'sync.quarantine.intro': {
    sv: 'Poster som kommunens server inte godtog ligger kvar här på datorn; allt annat synkas som vanligt. Åtgärda orsaken och tryck Försök igen.',
    fi: 'Tietueet, joita kunnan palvelin ei hyväksynyt, säilyvät täällä tietokoneella; kaikki muu synkronoidaan tavalliseen tapaan. Korjaa syy ja paina Yritä uudelleen.',
    en: 'Items the municipality’s server did not accept stay here on this PC; everything else syncs as usual. Deal with the cause and press Retry.',
  },
  'sync.quarantine.empty': {
    sv: 'Ingen post ligger i karantän.',
    fi: 'Karanteenissa ei ole tietueita.',
    en: 'No item is in quarantine.',
  },
  'sync.quarantine.col.kind': { sv: 'Typ', fi: 'Tyyppi', en: 'Kind' },
  'sync.quarantine.col.id': { sv: 'Id', fi: 'Tunniste', en: 'Id' },
  'sync.quarantine.col.reason': { sv: 'Orsak', fi: 'Syy', en: 'Reason' },
  'sync.quarantine.col.attempts': { sv: 'Försök', fi: 'Yrityksiä', en: 'Attempts' },
  'sync.quarantine.col.action': { sv: 'Åtgärd', fi: 'Toiminto', en: 'Action' },
  'sync.kind.registration': { sv: 'Registrering', fi: 'Rekisteröinti', en: 'Registration' },
  'sync.kind.correction': { sv: 'Rättelse', fi: 'Korjaus', en: 'Correction' },
  'sync.kind.attestation': { sv: 'Attestering', fi: 'Hyväksyntä', en: 'Attestation' },
  'sync.kind.visitPlan': { sv: 'Besöksplan', fi: 'Käyntisuunnitelma', en: 'Visit plan' },
  'sync.kind.deviationReport': { sv: 'Avvikelserapport', fi: 'Poikkeamailmoitus', en: 'Deviation report' },
  'sync.quarantine.retry': { sv: 'Försök igen', fi: 'Yritä uudelleen', en: 'Retry' },
  'sync.quarantine.retryLabel': {
    sv: 'Försök igen: {kind} {id}',
    fi: 'Yritä uudelleen: {kind} {id}',
    en: 'Retry: {kind} {id}',
  },
  'sync.quarantine.retryAll': {
    sv: 'Försök igen med alla',
    fi: 'Yritä uudelleen kaikkia',
    en: 'Retry all',
  },
  'sync.quarantine.retried': {
    sv: 'Skickas igen: {count}.',
    fi: 'Lähetetään uudelleen: {count}.',
    en: 'Sent again: {count}.',
  },
  'sync.quarantine.more': {
    sv: 'Visar de {shown} senaste av {total}.',
    fi: 'Näytetään {shown} uusinta, yhteensä {total}.',
    en: 'Showing the latest {shown} of {total}.',
  },

  // ── Reset ─────────────────────────────────────────────────────────────────────────────────
  'sync.reset.title': { sv: 'Återställ installationen', fi: 'Nollaa asennus', en: 'Reset the installation' },
  'sync.reset.intro': {
    sv: 'Tar bort datorns certifikat, nyckel och koppling till {municipality}. Behövs för att installera datorn för en annan kommun. Det går bara när allt har nått kommunens server.',
    fi: 'Poistaa tietokoneen varmenteen, avaimen ja yhteyden kuntaan {municipality}. Tarvitaan, kun tietokone asennetaan toiselle kunnalle. Onnistuu vain, kun kaikki on saapunut kunnan palvelimelle.',
    en: 'Removes this PC’s certificate, key and link to {municipality}. Needed to install this PC for another municipality. Possible only once everything has reached the municipality’s server.',
  },
  'sync.reset.button': {
    sv: 'Återställ installationen …',
    fi: 'Nollaa asennus …',
    en: 'Reset the installation …',
  },
  'sync.reset.confirm': {
    sv: 'Vill du återställa installationen för {municipality}? Datorn slutar synka tills den installeras igen med en ny profil och kod.',
    fi: 'Haluatko nollata asennuksen kunnalle {municipality}? Tietokone lakkaa synkronoimasta, kunnes se asennetaan uudelleen uudella profiililla ja koodilla.',
    en: 'Do you want to reset the installation for {municipality}? This PC stops syncing until it is installed again with a new profile and code.',
  },
  'sync.reset.yes': { sv: 'Ja, återställ', fi: 'Kyllä, nollaa', en: 'Yes, reset' },
  'sync.reset.done': {
    sv: 'Installationen är återställd. Datorn synkar inte förrän den installeras igen.',
    fi: 'Asennus on nollattu. Tietokone ei synkronoi ennen uutta asennusta.',
    en: 'The installation is reset. This PC does not sync until it is installed again.',
  },
} as const satisfies Record<string, Message>;
