// UI text of the app around the areas: start, setup, login, lock, users, settings, audit log.
// Swedish first.
import type { Message } from '../../../shared/errors/index.ts';

export const appMessages = {
  'app.tagline': {
    sv: 'Arbetsstation för hemtjänst',
    fi: 'Kotihoidon työasema',
    en: 'Home-care workstation',
  },
  'app.loading': { sv: 'CareDock startar …', fi: 'CareDock käynnistyy …', en: 'CareDock is starting …' },
  'app.unreachable.title': {
    sv: 'CareDock svarar inte',
    fi: 'CareDock ei vastaa',
    en: 'CareDock does not answer',
  },
  'app.retry': { sv: 'Försök igen', fi: 'Yritä uudelleen', en: 'Try again' },
  'skip.toContent': { sv: 'Hoppa till innehållet', fi: 'Siirry sisältöön', en: 'Skip to content' },
  'lang.label': { sv: 'Språk', fi: 'Kieli', en: 'Language' },

  'field.username': { sv: 'Användarnamn', fi: 'Käyttäjätunnus', en: 'User name' },
  'field.username.hint': {
    sv: 'Små bokstäver a–z, siffror, punkt, bindestreck eller understreck.',
    fi: 'Pienet kirjaimet a–z, numerot, piste, yhdysmerkki tai alaviiva.',
    en: 'Lower-case letters a–z, digits, dot, dash or underscore.',
  },
  'field.displayName': { sv: 'Namn', fi: 'Nimi', en: 'Name' },
  'field.password': { sv: 'Lösenord', fi: 'Salasana', en: 'Password' },
  'field.passwordRepeat': { sv: 'Upprepa lösenordet', fi: 'Toista salasana', en: 'Repeat the password' },
  'field.currentPassword': { sv: 'Nuvarande lösenord', fi: 'Nykyinen salasana', en: 'Current password' },
  'field.newPassword': { sv: 'Nytt lösenord', fi: 'Uusi salasana', en: 'New password' },
  'field.roles': { sv: 'Roller', fi: 'Roolit', en: 'Roles' },
  'field.active': { sv: 'Kontot är aktivt', fi: 'Tili on käytössä', en: 'The account is active' },
  'field.initialPassword': { sv: 'Första lösenord', fi: 'Ensimmäinen salasana', en: 'Initial password' },
  'field.seeProtected': {
    sv: 'Får se skyddad identitet (namn och adress)',
    fi: 'Saa nähdä turvakieltotiedot (nimi ja osoite)',
    en: 'May see protected identities (name and address)',
  },
  'field.seeProtected.hint': {
    sv: 'Bara den som behöver det i sitt arbete. Varje gång någon öppnar en sådan brukare loggas det.',
    fi: 'Vain niille, jotka tarvitsevat sitä työssään. Jokainen tällaisen asiakkaan avaaminen kirjataan.',
    en: 'Only for those whose work needs it. Every opening of such a recipient is logged.',
  },
  'field.password.rule': {
    sv: 'Minst 10 tecken. En fras med flera ord är lätt att minnas och svår att gissa.',
    fi: 'Vähintään 10 merkkiä. Usean sanan lause on helppo muistaa ja vaikea arvata.',
    en: 'At least 10 characters. A phrase of several words is easy to remember and hard to guess.',
  },
  'field.initialPassword.hint': {
    sv: 'Minst 10 tecken, inte ditt eget lösenord. Användaren måste byta det vid första inloggningen.',
    fi: 'Vähintään 10 merkkiä, ei oma salasanasi. Käyttäjän on vaihdettava se ensimmäisellä kirjautumiskerralla.',
    en: 'At least 10 characters, not your own password. The user must change it at first login.',
  },

  'validation.required': { sv: 'Fyll i fältet.', fi: 'Täytä kenttä.', en: 'Fill in this field.' },
  'validation.username': {
    sv: 'Använd 2–64 tecken: a–z, 0–9, punkt, bindestreck eller understreck.',
    fi: 'Käytä 2–64 merkkiä: a–z, 0–9, piste, yhdysmerkki tai alaviiva.',
    en: 'Use 2–64 characters: a–z, 0–9, dot, dash or underscore.',
  },
  'validation.mismatch': {
    sv: 'Lösenorden är inte lika. Skriv samma lösenord två gånger.',
    fi: 'Salasanat eivät täsmää. Kirjoita sama salasana kahdesti.',
    en: 'The passwords differ. Type the same password twice.',
  },
  'validation.roles': {
    sv: 'Välj minst en roll.',
    fi: 'Valitse vähintään yksi rooli.',
    en: 'Choose at least one role.',
  },
  'validation.idle': {
    sv: 'Ange en tid mellan 0,1 och 1440 minuter, t.ex. 15 eller 0,5.',
    fi: 'Anna aika väliltä 0,1–1440 minuuttia, esim. 15 tai 0,5.',
    en: 'Enter a time between 0.1 and 1440 minutes, e.g. 15 or 0.5.',
  },

  'setup.title': { sv: 'Välkommen till CareDock', fi: 'Tervetuloa CareDockiin', en: 'Welcome to CareDock' },
  'setup.intro': {
    sv: 'Skapa den första administratören. Administratören installerar arbetsstationen och lägger upp de andra användarna.',
    fi: 'Luo ensimmäinen ylläpitäjä. Ylläpitäjä asentaa työaseman ja lisää muut käyttäjät.',
    en: 'Create the first administrator. The administrator installs the workstation and adds the other users.',
  },
  'setup.submit': { sv: 'Skapa administratör', fi: 'Luo ylläpitäjä', en: 'Create administrator' },
  'setup.done': {
    sv: 'Administratören {name} är skapad och inloggad.',
    fi: 'Ylläpitäjä {name} on luotu ja kirjautunut sisään.',
    en: 'The administrator {name} has been created and is logged in.',
  },

  'login.title': { sv: 'Logga in', fi: 'Kirjaudu sisään', en: 'Log in' },
  'login.submit': { sv: 'Logga in', fi: 'Kirjaudu sisään', en: 'Log in' },
  logout: { sv: 'Logga ut', fi: 'Kirjaudu ulos', en: 'Log out' },
  'logout.done': { sv: 'Du är utloggad.', fi: 'Olet kirjautunut ulos.', en: 'You are logged out.' },
  'session.ended': {
    sv: 'Sessionen har avslutats. Logga in igen.',
    fi: 'Istunto on päättynyt. Kirjaudu uudelleen.',
    en: 'The session has ended. Log in again.',
  },

  'lock.button': { sv: 'Lås skärmen', fi: 'Lukitse näyttö', en: 'Lock screen' },
  'lock.title': { sv: 'Skärmen är låst', fi: 'Näyttö on lukittu', en: 'The screen is locked' },
  'lock.intro': {
    sv: '{name} är inloggad. Ange ditt lösenord för att fortsätta, eller logga ut.',
    fi: '{name} on kirjautuneena. Jatka antamalla salasanasi tai kirjaudu ulos.',
    en: '{name} is logged in. Enter your password to continue, or log out.',
  },
  'lock.submit': { sv: 'Lås upp', fi: 'Avaa lukitus', en: 'Unlock' },

  'changePassword.title': { sv: 'Byt lösenord', fi: 'Vaihda salasana', en: 'Change password' },
  'changePassword.intro': {
    sv: 'Du loggade in med ett lösenord som en administratör har satt. Välj ett eget lösenord innan du fortsätter.',
    fi: 'Kirjauduit ylläpitäjän asettamalla salasanalla. Valitse oma salasana ennen kuin jatkat.',
    en: 'You logged in with a password an administrator set. Choose your own password before you continue.',
  },
  'changePassword.submit': { sv: 'Byt lösenord', fi: 'Vaihda salasana', en: 'Change password' },
  'changePassword.done': {
    sv: 'Lösenordet är bytt.',
    fi: 'Salasana on vaihdettu.',
    en: 'Your password has been changed.',
  },

  'header.user': { sv: 'Inloggad: {name}', fi: 'Kirjautunut: {name}', en: 'Logged in: {name}' },
  'nav.label': { sv: 'Huvudmeny', fi: 'Päävalikko', en: 'Main menu' },
  'notices.label': { sv: 'Meddelanden', fi: 'Ilmoitukset', en: 'Messages' },
  'sensitive.doorCode': {
    sv: 'Det här ser ut som en portkod. Skriv inte portkoder här: texten sparas, visas för andra och skickas till kommunen. Ta bort koden innan du sparar.',
    fi: 'Tämä näyttää ovikoodilta. Älä kirjoita ovikoodeja tähän: teksti tallennetaan, näkyy muille ja lähetetään kunnalle. Poista koodi ennen tallentamista.',
    en: 'This looks like a door code. Do not write door codes here: the text is stored, shown to others and sent to the municipality. Remove the code before you save.',
  },
  'sensitive.personalId': {
    sv: 'Det här ser ut som ett personnummer. Skriv inte personnummer här: texten sparas, visas för andra och skickas till kommunen. Ta bort numret innan du sparar.',
    fi: 'Tämä näyttää henkilötunnukselta. Älä kirjoita henkilötunnuksia tähän: teksti tallennetaan, näkyy muille ja lähetetään kunnalle. Poista tunnus ennen tallentamista.',
    en: 'This looks like a personal identity number. Do not write personal identity numbers here: the text is stored, shown to others and sent to the municipality. Remove the number before you save.',
  },
  'sensitive.both': {
    sv: 'Det här ser ut som en portkod och ett personnummer. Skriv inte sådant här: texten sparas, visas för andra och skickas till kommunen. Ta bort dem innan du sparar.',
    fi: 'Tämä näyttää ovikoodilta ja henkilötunnukselta. Älä kirjoita niitä tähän: teksti tallennetaan, näkyy muille ja lähetetään kunnalle. Poista ne ennen tallentamista.',
    en: 'This looks like a door code and a personal identity number. Do not write them here: the text is stored, shown to others and sent to the municipality. Remove them before you save.',
  },
  'systemWarnings.label': {
    sv: 'Varningar om installationen',
    fi: 'Asennusta koskevat varoitukset',
    en: 'Warnings about this installation',
  },
  'notices.dismiss': { sv: 'Stäng meddelandet', fi: 'Sulje ilmoitus', en: 'Dismiss the message' },

  'role.office': { sv: 'Kontor', fi: 'Toimisto', en: 'Office' },
  'role.coordinator': { sv: 'Samordnare', fi: 'Koordinaattori', en: 'Coordinator' },
  'role.admin': { sv: 'Administratör', fi: 'Ylläpitäjä', en: 'Administrator' },

  'view.docking': { sv: 'Dockning', fi: 'Telakointi', en: 'Docking' },
  'view.registrations': { sv: 'Registreringar', fi: 'Rekisteröinnit', en: 'Registrations' },
  'view.planning': { sv: 'Planering', fi: 'Suunnittelu', en: 'Planning' },
  'view.orders': { sv: 'Beställningar', fi: 'Tilaukset', en: 'Orders' },
  'view.installation': { sv: 'Installation', fi: 'Asennus', en: 'Installation' },
  'view.devices': { sv: 'Enheter', fi: 'Laitteet', en: 'Devices' },
  'view.users': { sv: 'Användare', fi: 'Käyttäjät', en: 'Users' },
  'view.integrations': { sv: 'Integrationer', fi: 'Integraatiot', en: 'Integrations' },

  'coming.heading': { sv: 'Det här kommer', fi: 'Tulossa', en: 'What is coming' },
  'coming.note': {
    sv: 'Vyn är inte klar ännu i den här versionen av CareDock.',
    fi: 'Näkymä ei ole vielä valmis tässä CareDockin versiossa.',
    en: 'This view is not ready yet in this version of CareDock.',
  },
  'coming.docking': {
    sv: 'Här dockar du pennorna efter passet. CareDock läser varje registrering från pennan, sparar den säkert på den här datorn och visar vad varje penna lämnade. Först när registreringarna är sparade får pennan glömma dem. Problem med kabel eller port förklaras här, med vad du kan göra.',
    fi: 'Täällä telakoit kynät vuoron jälkeen. CareDock lukee jokaisen rekisteröinnin kynästä, tallentaa sen turvallisesti tälle tietokoneelle ja näyttää, mitä kukin kynä toi. Vasta kun rekisteröinnit on tallennettu, kynä saa unohtaa ne. Kaapeli- ja porttiongelmat selitetään täällä ohjeineen.',
    en: 'Here you dock the pens after a shift. CareDock reads every registration off the pen, stores it safely on this PC and shows what each pen delivered. Only once the registrations are stored may the pen forget them. Cable and port problems are explained here, with what to do.',
  },
  'coming.registrations': {
    sv: 'Här ser du registreringarna från pennor och seriella enheter, rättar omatchade registreringar med en orsak (originalet finns kvar), registrerar missade besök manuellt och attesterar en period som underlag för ersättning.',
    fi: 'Täällä näet kynien ja sarjalaitteiden rekisteröinnit, korjaat kohdistamattomat rekisteröinnit syyn kanssa (alkuperäinen säilyy), kirjaat väliin jääneen käynnin käsin ja hyväksyt jakson korvauksen perusteeksi.',
    en: 'Here you see the registrations from pens and serial devices, correct unmatched registrations with a reason (the original is kept), register a missed visit by hand and attest a period as the basis for payment.',
  },
  'coming.planning': {
    sv: 'Här planerar du besöken per medarbetare och dag mot kommunens beställningar, hanterar dubbelbemanning, följer planerad mot utförd tid och skickar påminnelser.',
    fi: 'Täällä suunnittelet käynnit työntekijä- ja päiväkohtaisesti kunnan tilausten pohjalta, hoidat kahden hoitajan käynnit, seuraat suunniteltua ja toteutunutta aikaa ja lähetät muistutuksia.',
    en: "Here you plan visits per staff member and day against the municipality's orders, handle double staffing, follow planned against performed time and send reminders.",
  },
  'coming.orders': {
    sv: 'Här ser du kommunens beställningar och beslut: brukare, insatser och beviljad tid med giltighetsperiod, hämtade från kommunens server.',
    fi: 'Täällä näet kunnan tilaukset ja päätökset: asiakkaat, palvelut ja myönnetyn ajan voimassaoloaikoineen, haettuina kunnan palvelimelta.',
    en: "Here you see the municipality's orders and decisions: recipients, services and granted time with their validity, fetched from the municipality's server.",
  },
  'coming.installation': {
    sv: 'Här installerar du arbetsstationen för en kommun: installationsprofil, registreringskod och certifikat för den krypterade förbindelsen från en registrerad fast IP-adress.',
    fi: 'Täällä asennat työaseman yhdelle kunnalle: asennusprofiili, rekisteröintikoodi ja varmenne salattua yhteyttä varten rekisteröidystä kiinteästä IP-osoitteesta.',
    en: 'Here you install the workstation for one municipality: the install profile, the enrolment code and the certificate for the encrypted channel from a registered fixed IP address.',
  },
  'coming.devices': {
    sv: 'Här registrerar du pennor och dockor, kopplar pennor till medarbetare och ser varje enhets senaste dockning.',
    fi: 'Täällä rekisteröit kynät ja telakat, liität kynät työntekijöihin ja näet kunkin laitteen viimeisimmän telakoinnin.',
    en: "Here you register pens and docks, assign pens to staff and see each device's latest docking.",
  },
  'coming.integrations': {
    sv: 'Här ser du varje kanals jobb (synkronisering, e-post och sms): vad som väntar, körs, har misslyckats eller väntar på ett beslut. Du kan försöka igen, pausa en kanal och kasta ett jobb med ett skäl.',
    fi: 'Täällä näet kunkin kanavan työt (synkronointi, sähköposti ja tekstiviestit): mikä odottaa, on käynnissä, on epäonnistunut tai odottaa päätöstä. Voit yrittää uudelleen, keskeyttää kanavan ja hylätä työn perustellen.',
    en: "Here you see each channel's jobs (sync, email and SMS): what is waiting, running, has failed or waits for a decision. You can retry, pause a channel and discard a job with a reason.",
  },

  'settings.title': { sv: 'Lokala inställningar', fi: 'Paikalliset asetukset', en: 'Local settings' },
  'settings.intro': {
    sv: 'Gäller bara den här arbetsstationen.',
    fi: 'Koskevat vain tätä työasemaa.',
    en: 'These apply to this workstation only.',
  },
  'settings.idle': {
    sv: 'Lås skärmen efter (minuter utan aktivitet)',
    fi: 'Lukitse näyttö (minuuttia ilman toimintaa)',
    en: 'Lock the screen after (minutes without activity)',
  },
  'settings.idle.hint': {
    sv: 'Decimaler går bra, t.ex. 0,5 för en halv minut.',
    fi: 'Desimaalit käyvät, esim. 0,5 puolelle minuutille.',
    en: 'Decimals are fine, e.g. 0.5 for half a minute.',
  },
  'settings.defaultLanguage': { sv: 'Standardspråk', fi: 'Oletuskieli', en: 'Default language' },
  'settings.attestOpenProblems': {
    sv: 'Attest med öppna problem',
    fi: 'Hyväksyntä avoimin ongelmin',
    en: 'Attesting with open problems',
  },
  'settings.attestOpenProblems.hint': {
    sv: 'Omatchade registreringar, okänd personal och okända taggar räknas som öppna problem.',
    fi: 'Kohdistamattomat rekisteröinnit, tuntemattomat työntekijät ja tuntemattomat tagit ovat avoimia ongelmia.',
    en: 'Unmatched registrations, unknown staff and unknown tags count as open problems.',
  },
  'settings.attestOpenProblems.confirm': {
    sv: 'Tillåt efter en bekräftelse som namnger dem',
    fi: 'Salli vahvistuksen jälkeen, jossa ne nimetään',
    en: 'Allow after a confirmation that names them',
  },
  'settings.attestOpenProblems.forbid': {
    sv: 'Tillåt inte',
    fi: 'Älä salli',
    en: 'Do not allow',
  },
  'settings.defaultLanguage.hint': {
    sv: 'Visas vid inloggningen tills någon väljer ett annat språk på den här datorn.',
    fi: 'Näytetään kirjautuessa, kunnes joku valitsee tällä koneella toisen kielen.',
    en: 'Shown at login until someone picks another language on this PC.',
  },
  'settings.save': { sv: 'Spara inställningarna', fi: 'Tallenna asetukset', en: 'Save the settings' },
  'settings.saved': {
    sv: 'Inställningarna är sparade.',
    fi: 'Asetukset on tallennettu.',
    en: 'The settings have been saved.',
  },

  'users.intro': {
    sv: 'Användarna loggar in på den här arbetsstationen. Rollerna bestämmer vilka vyer de ser och vad de får göra.',
    fi: 'Käyttäjät kirjautuvat tälle työasemalle. Roolit määräävät, mitkä näkymät he näkevät ja mitä he saavat tehdä.',
    en: 'Users log in on this workstation. Their roles decide which views they see and what they may do.',
  },
  'users.listTitle': { sv: 'Alla användare', fi: 'Kaikki käyttäjät', en: 'All users' },
  'users.col.status': { sv: 'Status', fi: 'Tila', en: 'Status' },
  'users.col.lastLogin': { sv: 'Senast inloggad', fi: 'Viimeksi kirjautunut', en: 'Last login' },
  'users.col.actions': { sv: 'Åtgärder', fi: 'Toiminnot', en: 'Actions' },
  'users.active': { sv: 'Aktiv', fi: 'Käytössä', en: 'Active' },
  'users.inactive': { sv: 'Inaktiverad', fi: 'Poistettu käytöstä', en: 'Deactivated' },
  'users.mustChange': {
    sv: 'byter lösenord vid inloggning',
    fi: 'vaihtaa salasanan kirjautuessa',
    en: 'changes password at login',
  },
  'users.never': { sv: 'Aldrig', fi: 'Ei koskaan', en: 'Never' },
  'users.new': { sv: 'Ny användare', fi: 'Uusi käyttäjä', en: 'New user' },
  'users.create': { sv: 'Skapa användaren', fi: 'Luo käyttäjä', en: 'Create the user' },
  'users.created': {
    sv: 'Användaren {name} är skapad och byter lösenord vid första inloggningen.',
    fi: 'Käyttäjä {name} on luotu ja vaihtaa salasanan ensimmäisellä kirjautumiskerralla.',
    en: 'The user {name} has been created and will change the password at first login.',
  },
  'users.edit': { sv: 'Redigera', fi: 'Muokkaa', en: 'Edit' },
  'users.editLabel': { sv: 'Redigera {name}', fi: 'Muokkaa: {name}', en: 'Edit {name}' },
  'users.editTitle': { sv: 'Redigera {name}', fi: 'Muokkaa käyttäjää {name}', en: 'Edit {name}' },
  'users.save': { sv: 'Spara ändringarna', fi: 'Tallenna muutokset', en: 'Save the changes' },
  'users.saved': {
    sv: 'Ändringarna för {name} är sparade.',
    fi: 'Käyttäjän {name} muutokset on tallennettu.',
    en: 'The changes for {name} have been saved.',
  },
  'users.resetTitle': { sv: 'Återställ lösenordet', fi: 'Palauta salasana', en: 'Reset the password' },
  'users.reset': { sv: 'Återställ lösenordet', fi: 'Palauta salasana', en: 'Reset the password' },
  'users.resetDone': {
    sv: 'Lösenordet för {name} är återställt. Användaren måste byta det vid nästa inloggning.',
    fi: 'Käyttäjän {name} salasana on palautettu. Hänen on vaihdettava se seuraavalla kirjautumiskerralla.',
    en: 'The password for {name} has been reset. They must change it at their next login.',
  },
  cancel: { sv: 'Avbryt', fi: 'Peruuta', en: 'Cancel' },
  reload: { sv: 'Uppdatera', fi: 'Päivitä', en: 'Refresh' },

  'audit.title': { sv: 'Händelselogg', fi: 'Tapahtumaloki', en: 'Audit log' },
  'audit.intro': {
    sv: 'Vem gjorde vad och när: inloggningar och ändringar av användare. De senaste händelserna först.',
    fi: 'Kuka teki mitä ja milloin: kirjautumiset ja käyttäjämuutokset. Uusimmat ensin.',
    en: 'Who did what and when: logins and changes to users. Latest first.',
  },
  'audit.col.at': { sv: 'Tid', fi: 'Aika', en: 'Time' },
  'audit.col.actor': { sv: 'Vem', fi: 'Kuka', en: 'Who' },
  'audit.col.action': { sv: 'Händelse', fi: 'Tapahtuma', en: 'Event' },
  'audit.col.subject': { sv: 'Gäller', fi: 'Kohde', en: 'Subject' },
  'audit.col.details': { sv: 'Detaljer', fi: 'Lisätiedot', en: 'Details' },
  'audit.empty': { sv: 'Inga händelser ännu.', fi: 'Ei vielä tapahtumia.', en: 'No events yet.' },
  'audit.more': { sv: 'Visa äldre händelser', fi: 'Näytä vanhemmat tapahtumat', en: 'Show older events' },
  'audit.masked': { sv: 'Skyddad identitet', fi: 'Turvakielto', en: 'Protected identity' },
  'audit.detail.other': { sv: 'Uppgift', fi: 'Tieto', en: 'Detail' },
  yes: { sv: 'ja', fi: 'kyllä', en: 'yes' },
  no: { sv: 'nej', fi: 'ei', en: 'no' },
  'audit.system': { sv: 'systemet', fi: 'järjestelmä', en: 'the system' },
  'setup.demoTitle': {
    sv: 'Vill du prova först?',
    fi: 'Haluatko kokeilla ensin?',
    en: 'Want to try it first?',
  },
  'setup.demoText': {
    sv: 'Demot startar en påhittad kommun på den här datorn, med brukare, beställningar och en simulerad docka med två pennor. Inga riktiga personuppgifter.',
    fi: 'Demo käynnistää tälle koneelle keksityn kunnan asiakkaineen, tilauksineen ja simuloidun telakan kahdella kynällä. Ei oikeita henkilötietoja.',
    en: 'The demo starts a made-up municipality on this PC, with recipients, orders and a simulated dock with two pens. No real personal data.',
  },
  'setup.demoButton': { sv: 'Prova demot', fi: 'Kokeile demoa', en: 'Try the demo' },
  'setup.demoStarting': { sv: 'Startar demot …', fi: 'Demo käynnistyy …', en: 'Starting the demo …' },
  'setup.demoStarted': {
    sv: 'Demokommunen är igång och datorn är installerad för den. Skapa nu din administratör.',
    fi: 'Demokunta on käynnissä ja kone on asennettu sille. Luo nyt ylläpitäjäsi.',
    en: 'The demo municipality is running and this PC is installed for it. Now create your administrator.',
  },
} as const satisfies Record<string, Message>;
