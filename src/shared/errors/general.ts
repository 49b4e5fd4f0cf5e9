import type { Message } from './types.ts';

export const generalErrors = {
  'input.invalid': {
    sv: 'Uppgifterna är inte giltiga (fält: {details}). Rätta och försök igen.',
    fi: 'Tiedot eivät kelpaa (kenttä: {details}). Korjaa ja yritä uudelleen.',
    en: 'The details are not valid (field: {details}). Correct them and try again.',
  },
  'input.tooLong': {
    sv: 'En text är för lång: högst {max} tecken. Korta den och försök igen.',
    fi: 'Teksti on liian pitkä: enintään {max} merkkiä. Lyhennä sitä ja yritä uudelleen.',
    en: 'A text is too long: at most {max} characters. Shorten it and try again.',
  },
  'input.tooShort': {
    sv: 'En text är för kort: minst {min} tecken. Skriv mer och försök igen.',
    fi: 'Teksti on liian lyhyt: vähintään {min} merkkiä. Kirjoita lisää ja yritä uudelleen.',
    en: 'A text is too short: at least {min} characters. Write more and try again.',
  },
  'input.date': {
    sv: 'Datumet {value} finns inte. Ange ett datum som ÅÅÅÅ-MM-DD mellan 1970 och 2099.',
    fi: 'Päivämäärää {value} ei ole olemassa. Anna päivämäärä muodossa VVVV-KK-PP vuosilta 1970–2099.',
    en: 'The date {value} does not exist. Enter a date as YYYY-MM-DD between 1970 and 2099.',
  },
  'input.month': {
    sv: 'Månaden {value} finns inte. Ange en månad som ÅÅÅÅ-MM mellan 1970 och 2099.',
    fi: 'Kuukautta {value} ei ole olemassa. Anna kuukausi muodossa VVVV-KK vuosilta 1970–2099.',
    en: 'The month {value} does not exist. Enter a month as YYYY-MM between 1970 and 2099.',
  },
  'input.time': {
    sv: 'Klockslaget {value} finns inte. Ange en tid som TT:MM, från 00:00 till 23:59.',
    fi: 'Kellonaikaa {value} ei ole olemassa. Anna aika muodossa TT:MM väliltä 00:00–23:59.',
    en: 'The time {value} does not exist. Enter a time as HH:MM, from 00:00 to 23:59.',
  },
  'input.instant': {
    sv: 'Tidpunkten {value} finns inte eller ligger utanför åren CareDock kan lagra (1970–2106). Ange datum och tid igen.',
    fi: 'Ajankohtaa {value} ei ole olemassa tai se on vuosien 1970–2106 ulkopuolella, joita CareDock voi tallentaa. Anna päivämäärä ja aika uudelleen.',
    en: 'The time {value} does not exist or lies outside the years CareDock can store (1970–2106). Enter the date and time again.',
  },
  'input.rangeReversed': {
    sv: 'Slutdatumet {to} ligger före startdatumet {from}. Ändra något av dem och försök igen.',
    fi: 'Loppupäivä {to} on ennen alkupäivää {from}. Muuta jompaakumpaa ja yritä uudelleen.',
    en: 'The end date {to} is before the start date {from}. Change one of them and try again.',
  },
  'input.rangeTooLong': {
    sv: 'Perioden {from}–{to} är för lång: högst {days} dagar åt gången. Välj en kortare period.',
    fi: 'Jakso {from}–{to} on liian pitkä: enintään {days} päivää kerrallaan. Valitse lyhyempi jakso.',
    en: 'The period {from}–{to} is too long: at most {days} days at a time. Choose a shorter period.',
  },
  'input.unknownField': {
    sv: 'CareDock känner inte igen uppgiften {field}. Inget har sparats; ta bort uppgiften eller uppdatera programmet som skickade den.',
    fi: 'CareDock ei tunnista tietoa {field}. Mitään ei tallennettu; poista tieto tai päivitä sen lähettänyt ohjelma.',
    en: 'CareDock does not recognise the field {field}. Nothing was saved; remove it or update the program that sent it.',
  },
  'input.nothingToChange': {
    sv: 'Ingenting är ändrat. Ändra tid eller typ, eller markera registreringen som felaktig, och spara igen.',
    fi: 'Mitään ei muutettu. Muuta aikaa tai tyyppiä tai merkitse rekisteröinti virheelliseksi ja tallenna uudelleen.',
    en: 'Nothing was changed. Change the time or the kind, or mark the registration as void, and save again.',
  },
  'input.manualNeedsTimeAndKind': {
    sv: 'En manuell registrering behöver både en tid och en typ (ankomst, avgång eller insats). Fyll i dem och spara igen.',
    fi: 'Manuaalinen rekisteröinti tarvitsee sekä ajan että tyypin (saapuminen, lähtö tai tehtävä). Täytä ne ja tallenna uudelleen.',
    en: 'A manual registration needs both a time and a kind (arrival, departure or task). Fill them in and save again.',
  },
  'input.sameStaffTwice': {
    sv: 'Samma person är vald två gånger. Välj en annan person som andra personal, eller bara en.',
    fi: 'Sama henkilö on valittu kahdesti. Valitse toiseksi työntekijäksi eri henkilö tai vain yksi.',
    en: 'The same person is chosen twice. Choose someone else as the second member of staff, or only one.',
  },
  'host.badRequest': {
    sv: 'CareDock förstod inte begäran från webbläsaren. Ladda om sidan och försök igen.',
    fi: 'CareDock ei ymmärtänyt selaimen pyyntöä. Lataa sivu uudelleen ja yritä uudelleen.',
    en: 'CareDock did not understand the request from the browser. Reload the page and try again.',
  },
  'api.unknownProcedure': {
    sv: 'Funktionen {name} finns inte i den här versionen av CareDock.',
    fi: 'Toimintoa {name} ei ole tässä CareDockin versiossa.',
    en: 'The function {name} does not exist in this version of CareDock.',
  },
  'internal.unexpected': {
    sv: 'Något gick fel i CareDock. Inget har sparats av det du just gjorde. Försök igen; kvarstår felet, kontakta support och ange tiden {time}.',
    fi: 'CareDockissa tapahtui virhe. Juuri tekemääsi ei tallennettu. Yritä uudelleen; jos virhe toistuu, ota yhteys tukeen ja kerro aika {time}.',
    en: 'Something went wrong in CareDock. Nothing of what you just did was saved. Try again; if it persists, contact support and give the time {time}.',
  },
  'transport.unreachable': {
    sv: 'Kontakten med CareDock bröts. Ladda om sidan eller starta om programmet.',
    fi: 'Yhteys CareDockiin katkesi. Lataa sivu uudelleen tai käynnistä ohjelma uudelleen.',
    en: 'The connection to CareDock was lost. Reload the page or restart the program.',
  },
  'host.notAuthorised': {
    sv: 'Öppna länken som kommandot caredock serve skrev ut (med ?token=…). Varje länk öppnar CareDock en gång; tryck Enter i fönstret där caredock serve körs för att få en ny.',
    fi: 'Avaa linkki, jonka komento caredock serve tulosti (?token=…). Kukin linkki avaa CareDockin kerran; saat uuden painamalla Enter ikkunassa, jossa caredock serve on käynnissä.',
    en: 'Open the link printed by caredock serve (with ?token=…). Each link opens CareDock once; press Enter in the window where caredock serve runs for a new one.',
  },
  'host.linkUsed': {
    sv: 'Länken har redan använts eller är för gammal: en länk öppnar CareDock en gång, inom {minutes} minuter. Tryck Enter i fönstret där caredock serve körs för att få en ny länk.',
    fi: 'Linkki on jo käytetty tai liian vanha: linkki avaa CareDockin kerran, {minutes} minuutin sisällä. Saat uuden linkin painamalla Enter ikkunassa, jossa caredock serve on käynnissä.',
    en: 'The link has been used already or is too old: a link opens CareDock once, within {minutes} minutes. Press Enter in the window where caredock serve runs for a new link.',
  },
  'data.locked': {
    sv: 'Datamappen {dir} används redan av en annan CareDock. Stäng den andra först.',
    fi: 'Datakansio {dir} on jo toisen CareDockin käytössä. Sulje toinen ensin.',
    en: 'The data folder {dir} is already used by another CareDock. Close the other one first.',
  },
  'data.wasReadable': {
    sv: 'Datamappen {dir} gick att läsa för andra användare på datorn. CareDock har nu stängt den så att bara ditt konto kommer åt den, men andra kan redan ha läst registreringarna. Berätta det för den som ansvarar för datorn.',
    fi: 'Datakansio {dir} oli tietokoneen muiden käyttäjien luettavissa. CareDock on nyt sulkenut sen niin, että vain sinun tilisi pääsee siihen, mutta muut ovat voineet jo lukea rekisteröinnit. Kerro asiasta tietokoneesta vastaavalle.',
    en: 'The data folder {dir} was readable by other users of this PC. CareDock has closed it so that only your account can reach it, but others may already have read the registrations. Tell whoever is responsible for this PC.',
  },
  'data.readable': {
    sv: 'Datamappen {dir} går att läsa för andra användare på datorn och CareDock kunde inte ändra det. Be IT ge bara ditt konto rätt till mappen, eller flytta CareDocks data till en egen mapp (--data eller CAREDOCK_DATA).',
    fi: 'Datakansio {dir} on tietokoneen muiden käyttäjien luettavissa, eikä CareDock voinut muuttaa sitä. Pyydä IT:tä antamaan kansioon oikeudet vain sinun tilillesi tai siirrä CareDockin tiedot omaan kansioonsa (--data tai CAREDOCK_DATA).',
    en: 'The data folder {dir} is readable by other users of this PC and CareDock could not change that. Ask IT to give only your account rights to the folder, or move CareDock’s data to a folder of its own (--data or CAREDOCK_DATA).',
  },
  'demo.unavailable': {
    sv: 'Demot kan bara startas innan den första administratören är skapad, och bara här.',
    fi: 'Demon voi käynnistää vain ennen ensimmäisen ylläpitäjän luomista, ja vain täällä.',
    en: 'The demo can only be started before the first administrator exists, and only here.',
  },
  'demo.failed': {
    sv: 'Demot kunde inte startas: {reason}. Försök igen, eller installera för en riktig kommun.',
    fi: 'Demoa ei voitu käynnistää: {reason}. Yritä uudelleen tai asenna oikealle kunnalle.',
    en: 'The demo could not be started: {reason}. Try again, or install for a real municipality.',
  },
  'db.backupNoSpace': {
    sv: 'Det finns inte plats för säkerhetskopian före uppgraderingen: den behöver {needed} men bara {free} är ledigt i {folder}. Frigör utrymme på disken och starta CareDock igen; ingenting har ändrats.',
    fi: 'Varmuuskopiolle ennen päivitystä ei ole tilaa: se tarvitsee {needed}, mutta kansiossa {folder} on vapaana vain {free}. Vapauta levytilaa ja käynnistä CareDock uudelleen; mitään ei ole muutettu.',
    en: 'There is no room for the backup before the upgrade: it needs {needed} but only {free} is free in {folder}. Free some disk space and start CareDock again; nothing has been changed.',
  },
  'db.wrongKey': {
    sv: 'Databasen {file} kan inte öppnas med den nyckel som finns på den här datorn. Ingenting har ändrats. Kontakta support; återställ nyckeln eller en säkerhetskopia.',
    fi: 'Tietokantaa {file} ei voi avata tämän tietokoneen avaimella. Mitään ei ole muutettu. Ota yhteys tukeen; palauta avain tai varmuuskopio.',
    en: 'The database {file} cannot be opened with the key held on this PC. Nothing has been changed. Contact support; restore the key or a backup.',
  },
  'db.backupProgress': {
    sv: 'Säkerhetskopierar databasen före uppgraderingen: {percent} %',
    fi: 'Varmuuskopioidaan tietokantaa ennen päivitystä: {percent} %',
    en: 'Backing up the database before the upgrade: {percent} %',
  },
  'db.migrationFailed': {
    sv: 'Databasen kunde inte uppdateras till den nya versionen. Ingenting ändrades; en kopia finns i {backup}. Kontakta support.',
    fi: 'Tietokantaa ei voitu päivittää uuteen versioon. Mitään ei muutettu; kopio on tiedostossa {backup}. Ota yhteys tukeen.',
    en: 'The database could not be upgraded to the new version. Nothing was changed; a copy is in {backup}. Contact support.',
  },
} as const satisfies Record<string, Message>;
