import type { Message } from './types.ts';

export const generalErrors = {
  'input.invalid': {
    sv: 'Uppgifterna är inte giltiga: {details}. Rätta och försök igen.',
    fi: 'Tiedot eivät kelpaa: {details}. Korjaa ja yritä uudelleen.',
    en: 'The details are not valid: {details}. Correct them and try again.',
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
    sv: 'Öppna länken som kommandot caredock serve skrev ut (med ?token=…).',
    fi: 'Avaa linkki, jonka komento caredock serve tulosti (?token=…).',
    en: 'Open the link printed by caredock serve (with ?token=…).',
  },
  'data.locked': {
    sv: 'Datamappen {dir} används redan av en annan CareDock. Stäng den andra först.',
    fi: 'Datakansio {dir} on jo toisen CareDockin käytössä. Sulje toinen ensin.',
    en: 'The data folder {dir} is already used by another CareDock. Close the other one first.',
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
  'db.migrationFailed': {
    sv: 'Databasen kunde inte uppdateras till den nya versionen. Ingenting ändrades; en kopia finns i {backup}. Kontakta support.',
    fi: 'Tietokantaa ei voitu päivittää uuteen versioon. Mitään ei muutettu; kopio on tiedostossa {backup}. Ota yhteys tukeen.',
    en: 'The database could not be upgraded to the new version. Nothing was changed; a copy is in {backup}. Contact support.',
  },
} as const satisfies Record<string, Message>;
