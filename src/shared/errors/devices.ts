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
  'device.clockReset': {
    sv: 'Pennan {pen} har tappat sin klocka. Tiderna har rättats och flaggats för granskning; klockan är nu ställd.',
    fi: 'Kynän {pen} kello on nollautunut. Ajat on korjattu ja merkitty tarkistettaviksi; kello on nyt asetettu.',
    en: 'Pen {pen} lost its clock. The times were corrected and flagged for review; the clock is now set.',
  },
  'device.unknownModel': {
    sv: 'Enheten {model} stöds inte av CareDock. Kontakta leverantören om en drivrutin.',
    fi: 'CareDock ei tue laitetta {model}. Kysy toimittajalta ajuria.',
    en: 'CareDock does not support the device {model}. Ask the supplier for a driver.',
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
  'device.dockBusy': {
    sv: 'Dockan läses redan. Vänta tills läsningen är klar.',
    fi: 'Telakkaa luetaan jo. Odota, kunnes lukeminen on valmis.',
    en: 'The dock is already being read. Wait until it is done.',
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
