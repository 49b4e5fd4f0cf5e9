import type { Message } from './types.ts';

/** Device and docking messages: each says what the person at the desk should do. */
export const deviceErrors = {
  'device.powerOnlyCable': {
    sv: 'Dockan får ström men inga data: kabeln laddar bara. Använd dockans datakabel.',
    fi: 'Telakka saa virtaa mutta ei dataa: kaapeli vain lataa. Käytä telakan datakaapelia.',
    en: 'The dock gets power but no data: the cable only charges. Use the dock’s data cable.',
  },
  'device.noResponse': {
    sv: 'Dockan på {port} svarar inte. Kontrollera att pennan sitter i och att dockan har ström.',
    fi: 'Telakka portissa {port} ei vastaa. Tarkista, että kynä on paikallaan ja telakassa on virta.',
    en: 'The dock on {port} does not answer. Check that the pen is seated and the dock has power.',
  },
  'device.portBusy': {
    sv: 'Ett annat program använder porten {port}. Stäng det programmet och docka igen.',
    fi: 'Toinen ohjelma käyttää porttia {port}. Sulje se ohjelma ja telakoi uudelleen.',
    en: 'Another program holds the port {port}. Close that program and dock again.',
  },
  'device.permissionDenied': {
    sv: 'CareDock får inte öppna {port}. Be IT installera CareDocks udev-regel (se README) eller ge användaren behörighet.',
    fi: 'CareDock ei saa avata porttia {port}. Pyydä IT:tä asentamaan CareDockin udev-sääntö (ks. README) tai antamaan käyttöoikeus.',
    en: 'CareDock may not open {port}. Ask IT to install CareDock’s udev rule (see the README) or grant access.',
  },
  'device.notFound': {
    sv: 'Porten {port} finns inte. Kontrollera kabeln eller rätta sökvägen under Admin → Enheter.',
    fi: 'Porttia {port} ei ole. Tarkista kaapeli tai korjaa polku kohdassa Ylläpito → Laitteet.',
    en: 'The port {port} does not exist. Check the cable or correct the path under Admin → Devices.',
  },
  'device.unplugRetry': {
    sv: 'Dockan svarar inte som den ska. Dra ur dockans kabel, vänta fem sekunder, sätt i den och docka igen.',
    fi: 'Telakka ei vastaa oikein. Irrota telakan kaapeli, odota viisi sekuntia, kytke se ja telakoi uudelleen.',
    en: 'The dock is not answering properly. Unplug its cable, wait five seconds, plug it in and dock again.',
  },
  'device.noNewRecords': {
    sv: 'Inga nya registreringar på pennan {pen}.',
    fi: 'Kynässä {pen} ei ole uusia rekisteröintejä.',
    en: 'No new registrations on pen {pen}.',
  },
  'device.batteryLow': {
    sv: 'Pennan {pen} har låg batterinivå ({percent} %). Låt den ladda i dockan innan nästa pass.',
    fi: 'Kynän {pen} akku on vähissä ({percent} %). Anna sen latautua telakassa ennen seuraavaa vuoroa.',
    en: 'Pen {pen} has a low battery ({percent} %). Let it charge in the dock before the next shift.',
  },
  'device.batteryCritical': {
    sv: 'Pennans batteri är för svagt för att den ska kunna läsas. Låt pennan sitta kvar i dockan och ladda; CareDock försöker igen av sig själv om en minut. Inget har gått förlorat.',
    fi: 'Kynän akku on liian heikko, jotta se voitaisiin lukea. Anna kynän olla telakassa latautumassa; CareDock yrittää uudelleen itsestään minuutin kuluttua. Mitään ei ole menetetty.',
    en: 'The pen’s battery is too weak for it to be read. Leave the pen in the dock to charge; CareDock tries again by itself in a minute. Nothing is lost.',
  },
  'device.penBusy': {
    sv: 'Pennan är upptagen och kan inte svara just nu. Låt den sitta kvar i dockan; CareDock försöker igen av sig själv. Inget har gått förlorat.',
    fi: 'Kynä on varattu eikä voi vastata juuri nyt. Anna sen olla telakassa; CareDock yrittää uudelleen itsestään. Mitään ei ole menetetty.',
    en: 'The pen is busy and cannot answer just now. Leave it in the dock; CareDock tries again by itself. Nothing is lost.',
  },
  'device.clockReset': {
    sv: 'Pennan {pen} hade tappat sin klocka. Tiden på de registreringar som gjordes efter det har rättats och flaggats för granskning ({n} st).',
    fi: 'Kynän {pen} kello oli nollautunut. Sen jälkeen tehtyjen rekisteröintien ajat on korjattu ja merkitty tarkistettaviksi ({n} kpl).',
    en: 'Pen {pen} had lost its clock. The times of the registrations made since then were corrected and flagged for review ({n}).',
  },
  'device.clockResetNothingToCorrect': {
    sv: 'Pennan {pen} hade tappat sin klocka, men inga registreringar gjordes medan den gick fel, så inga tider behövde rättas.',
    fi: 'Kynän {pen} kello oli nollautunut, mutta sillä välin ei tehty rekisteröintejä, joten aikoja ei tarvinnut korjata.',
    en: 'Pen {pen} had lost its clock, but no registrations were made while it was wrong, so no times needed correcting.',
  },
  'device.clockResetClockRight': {
    sv: 'Pennan {pen} anger att dess klocka har nollställts, men klockan går rätt. Inga tider har ändrats.',
    fi: 'Kynä {pen} ilmoittaa, että sen kello on nollautunut, mutta kello näyttää oikeaa aikaa. Aikoja ei ole muutettu.',
    en: 'Pen {pen} says its clock was reset, but the clock shows the right time. No times were changed.',
  },
  'device.clockResetRecords': {
    sv: 'Pennan {pen} har märkt registreringar som gjorda medan klockan var nollställd ({n} st). Deras tider kunde inte rättas; de är oförändrade och flaggade för granskning.',
    fi: 'Kynä {pen} on merkinnyt rekisteröintejä tehdyiksi kellon ollessa nollautunut ({n} kpl). Niiden aikoja ei voitu korjata; ne ovat ennallaan ja merkitty tarkistettaviksi.',
    en: 'Pen {pen} marked registrations as made while its clock was reset ({n}). Their times could not be corrected; they are unchanged and flagged for review.',
  },
  'device.clockCorrected': {
    sv: 'Klockan i pennan {pen} gick {minutes} min fel. Tiden på registreringarna har rättats och flaggats för granskning ({n} st).',
    fi: 'Kynän {pen} kello oli {minutes} min väärässä. Rekisteröintien ajat on korjattu ja merkitty tarkistettaviksi ({n} kpl).',
    en: 'The clock of pen {pen} was {minutes} min off. The registrations’ times were corrected and flagged for review ({n}).',
  },
  'device.timeBackwards': {
    sv: 'Tiden går bakåt på registreringar från pennan {pen} jämfört med registreringen före ({n} st), fast pennan inte har angett att klockan nollställts. Tiderna är oförändrade och flaggade för granskning.',
    fi: 'Kynän {pen} rekisteröinneissä aika kulkee taaksepäin edelliseen rekisteröintiin verrattuna ({n} kpl), vaikka kynä ei ilmoittanut kellon nollautuneen. Ajat ovat ennallaan ja merkitty tarkistettaviksi.',
    en: 'Registrations from pen {pen} have times earlier than the registration before them ({n}), though the pen did not say its clock was reset. The times are unchanged and flagged for review.',
  },
  'device.clockSet': {
    sv: 'CareDock har ställt klockan i pennan {pen}.',
    fi: 'CareDock on asettanut kynän {pen} kellon.',
    en: 'CareDock has set the clock of pen {pen}.',
  },
  'device.unfamiliarModel': {
    sv: 'Pennan {pen} är en modell som CareDock inte känner till ({model}). Den lästes enligt protokollet; meddela leverantören om något ser fel ut.',
    fi: 'Kynä {pen} on malli, jota CareDock ei tunne ({model}). Se luettiin protokollan mukaisesti; ilmoita toimittajalle, jos jokin näyttää väärältä.',
    en: 'Pen {pen} is a model CareDock does not know ({model}). It was read by the protocol; tell the supplier if anything looks wrong.',
  },
  'device.unknownModel': {
    sv: 'Pennan {pen} är en {model}, som inte följer CareDocks protokoll och därför inte läses. Inget har raderats från pennan. Kontakta leverantören om en uppdatering.',
    fi: 'Kynä {pen} on malli {model}, joka ei noudata CareDockin protokollaa, joten sitä ei lueta. Kynästä ei ole poistettu mitään. Kysy toimittajalta päivitystä.',
    en: 'Pen {pen} is a {model}, which does not follow CareDock’s protocol, so it is not read. Nothing was erased from the pen. Ask the supplier for an update.',
  },
  'device.unsupportedDock': {
    sv: 'Enheten på {port} ser ut som en docka men talar inte CareDocks protokoll. En docka av första serien behöver ny programvara; kontakta leverantören.',
    fi: 'Portissa {port} oleva laite näyttää telakalta, mutta ei käytä CareDockin protokollaa. Ensimmäisen sarjan telakka tarvitsee uuden ohjelmiston; ota yhteys toimittajaan.',
    en: 'The device on {port} looks like a dock but does not speak CareDock’s protocol. A first-series dock needs new firmware; contact the supplier.',
  },
  'device.recordsQuarantined': {
    sv: 'Registreringar från pennan {pen} bröt mot protokollet och kunde inte läsas ({n} st). De är sparade med pennans egna data under Dockning → Lagt åt sidan, och pennan har tömts på dem. Kontakta support.',
    fi: 'Kynän {pen} rekisteröintejä ei voitu lukea, koska ne rikkoivat protokollaa ({n} kpl). Ne on tallennettu kynän omine tietoineen kohtaan Telakointi → Syrjään siirretyt, ja ne on poistettu kynästä. Ota yhteys tukeen.',
    en: 'Registrations from pen {pen} broke the protocol and could not be read ({n}). They are kept with the pen’s own data under Docking → Set aside, and the pen was emptied of them. Contact support.',
  },
  'device.sequenceExhausted': {
    sv: 'Pennan {pen} har använt sitt sista löpnummer och kan inte göra fler registreringar. Alla dess registreringar är lästa. Byt ut pennan.',
    fi: 'Kynä {pen} on käyttänyt viimeisen järjestysnumeronsa eikä voi tehdä enempää rekisteröintejä. Kaikki sen rekisteröinnit on luettu. Vaihda kynä.',
    en: 'Pen {pen} has used its last sequence number and cannot make any more registrations. All its registrations have been read. Replace the pen.',
  },
  'device.slotEmpty': {
    sv: 'Platsen {slot} i dockan är tom. Sätt pennan ordentligt i dockan.',
    fi: 'Telakan paikka {slot} on tyhjä. Aseta kynä kunnolla telakkaan.',
    en: 'Slot {slot} of the dock is empty. Seat the pen firmly in the dock.',
  },
  'device.disconnectedMidRead': {
    sv: 'Dockan kopplades från under läsningen. Inget har gått förlorat: sätt i pennan och docka igen.',
    fi: 'Telakka irrotettiin lukemisen aikana. Mitään ei menetetty: aseta kynä ja telakoi uudelleen.',
    en: 'The dock was disconnected during the read. Nothing is lost: seat the pen and dock again.',
  },
  'device.timeout': {
    sv: 'Dockan svarade inte i tid. Dra ur och sätt i dockans kabel och docka igen.',
    fi: 'Telakka ei vastannut ajoissa. Irrota ja kytke telakan kaapeli ja telakoi uudelleen.',
    en: 'The dock did not answer in time. Unplug and replug the dock’s cable and dock again.',
  },
  'device.protocol': {
    sv: 'Pennan skickade data som inte kunde läsas. Docka igen; kvarstår felet, kontakta support (sessionen är sparad).',
    fi: 'Kynä lähetti dataa, jota ei voitu lukea. Telakoi uudelleen; jos virhe toistuu, ota yhteys tukeen (istunto on tallennettu).',
    en: 'The pen sent data that could not be read. Dock again; if it persists, contact support (the session is saved).',
  },
  'device.commitFailed': {
    sv: 'Registreringarna kunde inte sparas, så pennan har inte tömts. Kontrollera diskutrymmet och docka igen.',
    fi: 'Rekisteröintejä ei voitu tallentaa, joten kynää ei tyhjennetty. Tarkista levytila ja telakoi uudelleen.',
    en: 'The registrations could not be saved, so the pen was not emptied. Check the disk space and dock again.',
  },
  'device.aborted': {
    sv: 'Läsningen avbröts. Det som redan sparats finns kvar; docka igen för resten.',
    fi: 'Lukeminen keskeytettiin. Jo tallennettu säilyy; telakoi uudelleen loppujen osalta.',
    en: 'The read was cancelled. What was already saved is kept; dock again for the rest.',
  },
  'device.noTagReader': {
    sv: 'Ingen taggläsare är ansluten. Lägg till den under Admin → Enheter.',
    fi: 'Tunnistelukijaa ei ole kytketty. Lisää se kohdassa Ylläpito → Laitteet.',
    en: 'No tag reader is connected. Add it under Admin → Devices.',
  },
  'device.noTagRead': {
    sv: 'Ingen tagg lästes. Håll taggen mot läsaren och försök igen.',
    fi: 'Tunnistetta ei luettu. Pidä tunniste lukijaa vasten ja yritä uudelleen.',
    en: 'No tag was read. Hold the tag to the reader and try again.',
  },
  'devices.portTaken': {
    sv: 'Porten {port} är redan tillagd.',
    fi: 'Portti {port} on jo lisätty.',
    en: 'The port {port} is already added.',
  },
  'devices.penUnknown': {
    sv: 'Pennan {pen} är okänd. Docka den en gång så att CareDock lär känna den.',
    fi: 'Kynä {pen} on tuntematon. Telakoi se kerran, jotta CareDock tunnistaa sen.',
    en: 'Pen {pen} is unknown. Dock it once so that CareDock learns it.',
  },
  'devices.serialPathInvalid': {
    sv: '"{value}" är ingen serieport. Skriv till exempel COM3, /dev/ttyUSB0 eller tcp://127.0.0.1:7001.',
    fi: '"{value}" ei ole sarjaportti. Kirjoita esimerkiksi COM3, /dev/ttyUSB0 tai tcp://127.0.0.1:7001.',
    en: '"{value}" is not a serial port. Write for example COM3, /dev/ttyUSB0 or tcp://127.0.0.1:7001.',
  },
  'devices.staffUnknown': {
    sv: 'Personen finns inte längre i personallistan. Ladda om sidan.',
    fi: 'Henkilöä ei enää ole henkilöstöluettelossa. Lataa sivu uudelleen.',
    en: 'The person is no longer in the staff list. Reload the page.',
  },
  'devices.recipientUnknown': {
    sv: 'Brukaren finns inte. Sök igen.',
    fi: 'Asiakasta ei löydy. Hae uudelleen.',
    en: 'The recipient does not exist. Search again.',
  },
} as const satisfies Record<string, Message>;
