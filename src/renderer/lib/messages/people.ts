// Admin → A person's data: export and erasure of one recipient's data. The core's refusals come
// from the shared catalogue (errorText), never from here.
import type { Message } from '../../../shared/errors/index.ts';

export const peopleUiMessages = {
  'view.people': { sv: 'Personuppgifter', fi: 'Henkilötiedot', en: "A person's data" },
  'people.intro': {
    sv: 'En brukare kan begära ut allt som finns om hen, och i vissa fall att det raderas. Här exporterar du det som den här datorn har om en brukare, och raderar det när kommunens server redan har raderat samma person och kommunens regler tillåter det.',
    fi: 'Asiakas voi pyytää kaikki hänestä tallennetut tiedot ja joissakin tapauksissa niiden poistamista. Täällä viet sen, mitä tällä tietokoneella on asiakkaasta, ja poistat sen, kun kunnan palvelin on jo poistanut saman henkilön ja kunnan säännöt sallivat sen.',
    en: "A recipient may ask for everything held about them, and sometimes for it to be erased. Here you export what this PC holds about a recipient, and erase it once the municipality's server has erased the same person and the municipality's rules allow it.",
  },
  'people.formTitle': { sv: 'Brukare', fi: 'Asiakas', en: 'Recipient' },
  'people.personalId': { sv: 'Personnummer', fi: 'Henkilötunnus', en: 'Personal identity number' },
  'people.personalId.hint': {
    sv: 'ÅÅÅÅMMDD-NNNN, ÅÅMMDD-NNNN eller finskt henkilötunnus. Numret sparas inte och visas inte i loggar eller meddelanden.',
    fi: 'VVVVKKPP-NNNN, VVKKPP-NNNN tai suomalainen henkilötunnus. Numeroa ei tallenneta eikä näytetä lokeissa tai ilmoituksissa.',
    en: 'YYYYMMDD-NNNN, YYMMDD-NNNN or a Finnish henkilötunnus. The number is not stored and never shown in logs or messages.',
  },
  'people.export': { sv: 'Exportera', fi: 'Vie', en: 'Export' },
  'people.exporting': { sv: 'Exporterar …', fi: 'Viedään …', en: 'Exporting …' },
  'people.exported': {
    sv: 'Exporten är klar: {recipients} brukare. Ladda ner filerna nedan.',
    fi: 'Vienti on valmis: {recipients} {recipients#asiakas|asiakasta}. Lataa tiedostot alta.',
    en: 'The export is ready: {recipients} {recipients#recipient|recipients}. Download the files below.',
  },
  'people.downloadsTitle': { sv: 'Filer', fi: 'Tiedostot', en: 'Files' },
  'people.downloadPdf': {
    sv: 'Ladda ner {file} (läsbar PDF)',
    fi: 'Lataa {file} (luettava PDF)',
    en: 'Download {file} (readable PDF)',
  },
  'people.downloadJson': {
    sv: 'Ladda ner {file} (maskinläsbar JSON)',
    fi: 'Lataa {file} (koneluettava JSON)',
    en: 'Download {file} (machine-readable JSON)',
  },
  'people.erase': { sv: 'Radera …', fi: 'Poista …', en: 'Erase …' },
  'people.eraseConfirm': {
    sv: 'Vill du radera brukarens uppgifter på den här datorn? Brukarens namn, personnummer, adress och utskick tas bort, registreringar och planerade besök behåller bara en pseudonym som underlag för ersättning, och detsamma görs i de säkerhetskopior CareDock sparar. Det går inte att ångra.',
    fi: 'Haluatko poistaa asiakkaan tiedot tältä tietokoneelta? Asiakkaan nimi, henkilötunnus, osoite ja lähetykset poistetaan, rekisteröinteihin ja suunniteltuihin käynteihin jää vain pseudonyymi korvauksen perusteeksi, ja sama tehdään CareDockin säilyttämille varmuuskopioille. Toimintoa ei voi perua.',
    en: "Erase the recipient's data on this PC? The recipient's name, personal identity number, address and notices are removed, registrations and planned visits keep only a pseudonym as the basis for payment, and the same is done in the backups CareDock keeps. This cannot be undone.",
  },
  'people.eraseYes': { sv: 'Ja, radera', fi: 'Kyllä, poista', en: 'Yes, erase' },
  'people.erased': {
    sv: 'Uppgifterna är raderade på den här datorn.',
    fi: 'Tiedot on poistettu tältä tietokoneelta.',
    en: 'The data is erased on this PC.',
  },
  'people.resultTitle': { sv: 'Raderat', fi: 'Poistettu', en: 'Erased' },
  'people.count.recipients': { sv: 'Brukare', fi: 'Asiakkaat', en: 'Recipients' },
  'people.count.registrations': {
    sv: 'Registreringar med pseudonym',
    fi: 'Pseudonymisoidut rekisteröinnit',
    en: 'Registrations given a pseudonym',
  },
  'people.count.backups': {
    sv: 'Säkerhetskopior rensade',
    fi: 'Puhdistetut varmuuskopiot',
    en: 'Backups cleaned',
  },
  'validation.personalId': {
    sv: 'Skriv ett giltigt personnummer, samordningsnummer eller henkilötunnus, t.ex. 19391211-2384.',
    fi: 'Kirjoita kelvollinen henkilötunnus tai ruotsalainen personnummer, esim. 19391211-2384.',
    en: 'Enter a valid personnummer, samordningsnummer or henkilötunnus, e.g. 19391211-2384.',
  },
} as const satisfies Record<string, Message>;
