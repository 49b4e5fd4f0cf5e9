import type { Message } from './types.ts';

/**
 * The municipality's file exchange (BFU orders XML, MFU recipients and time CSV) on the central
 * server. `exchange.file.*` refuses a whole file; `exchange.record.*` names what is wrong with one
 * record. Both are written into the result file beside the archived file, for the municipality's
 * system administrator who fixes the export in the order system and drops the file again.
 */
export const exchangeErrors = {
  // ── the whole file ──
  'exchange.file.doctype': {
    sv: 'Filen innehåller en DOCTYPE- eller ENTITY-deklaration, som inte är tillåten. Exportera filen utan DTD och lägg in den igen.',
    fi: 'Tiedostossa on DOCTYPE- tai ENTITY-määrittely, jota ei sallita. Vie tiedosto ilman DTD:tä ja tuo se uudelleen.',
    en: 'The file contains a DOCTYPE or ENTITY declaration, which is not allowed. Export the file without a DTD and drop it again.',
  },
  'exchange.file.encoding': {
    sv: 'Filens teckenkodning ({encoding}) stöds inte eller stämmer inte med innehållet. Spara filen som UTF-8 och lägg in den igen.',
    fi: 'Tiedoston merkistöä ({encoding}) ei tueta tai se ei vastaa sisältöä. Tallenna tiedosto UTF-8-muodossa ja tuo se uudelleen.',
    en: 'The file’s character encoding ({encoding}) is not supported or does not match its contents. Save the file as UTF-8 and drop it again.',
  },
  'exchange.file.xmlBroken': {
    sv: 'Filen är inte korrekt XML (rad {line}, kolumn {column}). Kontrollera exporten från verksamhetssystemet och lägg in filen igen.',
    fi: 'Tiedosto ei ole kelvollista XML:ää (rivi {line}, sarake {column}). Tarkista vienti toiminnanohjausjärjestelmästä ja tuo tiedosto uudelleen.',
    en: 'The file is not well-formed XML (line {line}, column {column}). Check the export from the order system and drop the file again.',
  },
  'exchange.file.wrongFormat': {
    sv: 'Filen är inte en {format}-fil i version 1 (rotelement, namnrymd eller version stämmer inte). Se formatbeskrivningen i docs/formats.',
    fi: 'Tiedosto ei ole version 1 {format}-tiedosto (juurielementti, nimiavaruus tai versio ei täsmää). Katso muodon kuvaus kansiosta docs/formats.',
    en: 'The file is not a version 1 {format} file (root element, namespace or version do not match). See the format description in docs/formats.',
  },
  'exchange.file.wrongMunicipality': {
    sv: 'Filen gäller kommun {found}, men den lades in för kommun {expected}. Lägg den i rätt kommuns mapp.',
    fi: 'Tiedosto koskee kuntaa {found}, mutta se tuotiin kunnalle {expected}. Siirrä se oikean kunnan kansioon.',
    en: 'The file is for municipality {found} but was dropped for municipality {expected}. Put it in the right municipality’s folder.',
  },
  'exchange.file.partTooLarge': {
    sv: 'En del av filen vid rad {line} är större än {limit} och läses inte. Filen är trasig eller inte en exportfil.',
    fi: 'Tiedoston osa rivillä {line} on suurempi kuin {limit}, eikä sitä lueta. Tiedosto on rikki tai se ei ole vientitiedosto.',
    en: 'A part of the file at line {line} is larger than {limit} and is not read. The file is broken or not an export file.',
  },
  'exchange.file.tooManyRecords': {
    sv: 'Filen har fler än {limit} poster. Dela upp exporten i flera filer.',
    fi: 'Tiedostossa on yli {limit} tietuetta. Jaa vienti useampaan tiedostoon.',
    en: 'The file has more than {limit} records. Split the export into several files.',
  },
  'exchange.file.csvBroken': {
    sv: 'CSV-filen går inte att läsa vid rad {line} (ett citattecken stängs inte eller ett fält är felaktigt). Kontrollera exporten och lägg in filen igen.',
    fi: 'CSV-tiedostoa ei voi lukea rivillä {line} (lainausmerkkiä ei suljeta tai kenttä on virheellinen). Tarkista vienti ja tuo tiedosto uudelleen.',
    en: 'The CSV file cannot be read at line {line} (a quote is not closed or a field is malformed). Check the export and drop the file again.',
  },
  'exchange.file.columnMissing': {
    sv: 'Kolumnen ”{column}” saknas i filens rubrikrad. Kontrollera kolumnmappningen för kommunen eller exporten.',
    fi: 'Saraketta ”{column}” ei ole tiedoston otsikkorivillä. Tarkista kunnan sarakemääritys tai vienti.',
    en: 'The column “{column}” is missing from the file’s header row. Check the municipality’s column mapping or the export.',
  },
  'exchange.file.empty': {
    sv: 'Filen är tom. Inget har lästs in.',
    fi: 'Tiedosto on tyhjä. Mitään ei tuotu.',
    en: 'The file is empty. Nothing was imported.',
  },
  'exchange.file.refused': {
    sv: '{rejected} av {records} poster avvisades, så ingenting i filen lästes in. Rätta posterna och lägg in filen igen.',
    fi: '{rejected}/{records} tietuetta hylättiin, joten tiedostosta ei tuotu mitään. Korjaa tietueet ja tuo tiedosto uudelleen.',
    en: '{rejected} of {records} records were rejected, so nothing in the file was imported. Correct the records and drop the file again.',
  },
  'exchange.file.alreadyImported': {
    sv: 'Samma fil lästes redan in {at}. Ingenting ändrades.',
    fi: 'Sama tiedosto tuotiin jo {at}. Mitään ei muutettu.',
    en: 'The same file was already imported at {at}. Nothing changed.',
  },
  'exchange.file.unknownMunicipality': {
    sv: 'Kommunen {municipality} finns inte på servern. Lägg till kommunen först.',
    fi: 'Kuntaa {municipality} ei ole palvelimella. Lisää kunta ensin.',
    en: 'The municipality {municipality} does not exist on the server. Add the municipality first.',
  },
  'exchange.file.outOfMemory': {
    sv: 'Inläsningen av {file} tog slut på minne och avbröts; ingenting lästes in. Dela filen i mindre delar och lägg in dem var för sig.',
    fi: 'Tiedoston {file} tuonnilta loppui muisti ja se keskeytettiin; mitään ei tuotu. Jaa tiedosto pienempiin osiin ja tuo ne erikseen.',
    en: 'Importing {file} ran out of memory and was stopped; nothing was imported. Split the file into smaller parts and drop them one by one.',
  },
  'exchange.file.unreadable': {
    sv: 'Filen {file} går inte att läsa. Kontrollera att den finns och att servern får läsa den.',
    fi: 'Tiedostoa {file} ei voi lukea. Tarkista, että se on olemassa ja että palvelin saa lukea sen.',
    en: 'The file {file} cannot be read. Check that it exists and that the server may read it.',
  },

  // ── one record ──
  'exchange.record.missing': {
    sv: 'Fältet {field} saknas eller är tomt.',
    fi: 'Kenttä {field} puuttuu tai on tyhjä.',
    en: 'The field {field} is missing or empty.',
  },
  'exchange.record.badValue': {
    sv: 'Fältet {field} har ett värde som inte är tillåtet ({expected}).',
    fi: 'Kentän {field} arvo ei ole sallittu ({expected}).',
    en: 'The field {field} has a value that is not allowed ({expected}).',
  },
  'exchange.record.personalId': {
    sv: 'Personnumret eller samordningsnumret är fel (datum eller kontrollsiffra stämmer inte).',
    fi: 'Henkilötunnus on virheellinen (päivämäärä tai tarkiste ei täsmää).',
    en: 'The personal identity number or coordination number is wrong (date or check digit do not match).',
  },
  'exchange.record.dateOrder': {
    sv: 'Giltig från ({from}) är senare än giltig till ({to}).',
    fi: 'Voimassa alkaen ({from}) on myöhemmin kuin voimassa asti ({to}).',
    en: 'Valid from ({from}) is later than valid to ({to}).',
  },
  'exchange.record.duplicate': {
    sv: '{key} finns redan tidigare i samma fil (rad {line}).',
    fi: '{key} on jo aiemmin samassa tiedostossa (rivi {line}).',
    en: '{key} already appears earlier in the same file (line {line}).',
  },
  'exchange.record.olderVersion': {
    sv: 'Beställning {id} version {version} är äldre än den som redan finns (version {stored}).',
    fi: 'Tilauksen {id} versio {version} on vanhempi kuin jo tallennettu (versio {stored}).',
    en: 'Order {id} version {version} is older than the one already stored (version {stored}).',
  },
  'exchange.record.versionConflict': {
    sv: 'Beställning {id} version {version} finns redan med annat innehåll. En ändring måste få ett nytt versionsnummer.',
    fi: 'Tilauksen {id} versio {version} on jo olemassa eri sisällöllä. Muutos tarvitsee uuden versionumeron.',
    en: 'Order {id} version {version} already exists with different contents. A change needs a new version number.',
  },
  'exchange.record.unknownProvider': {
    sv: 'Utföraren {provider} finns inte i kommunen. Lägg till utföraren först eller rätta posten.',
    fi: 'Palveluntuottajaa {provider} ei ole kunnassa. Lisää palveluntuottaja ensin tai korjaa tietue.',
    en: 'The provider {provider} does not exist in the municipality. Add the provider first or correct the record.',
  },
  'exchange.record.raggedRow': {
    sv: 'Raden har {found} fält men rubrikraden har {expected}.',
    fi: 'Rivillä on {found} kenttää, mutta otsikkorivillä {expected}.',
    en: 'The row has {found} fields but the header row has {expected}.',
  },
  'exchange.record.tagTaken': {
    sv: 'Taggen {tag} hör redan till en annan brukare hos samma utförare.',
    fi: 'Tunniste {tag} kuuluu jo toiselle asiakkaalle saman palveluntuottajan luona.',
    en: 'The tag {tag} already belongs to another recipient of the same provider.',
  },
  'exchange.record.recipientConflict': {
    sv: 'Brukare {id} har ett annat personnummer än det som redan finns. Rätta posten i verksamhetssystemet.',
    fi: 'Asiakkaalla {id} on eri henkilötunnus kuin jo tallennetulla. Korjaa tietue toiminnanohjausjärjestelmässä.',
    en: 'Recipient {id} has a different personal identity number from the one already stored. Correct the record in the order system.',
  },
} as const satisfies Record<string, Message>;
