import type { Message } from './types.ts';

/**
 * The 1177 inbox (RIV-TA infrastructure:eservicesupply:patientportal). `patientportal.docbook.*`
 * refuses a message text before it is sent: 1177 shows anything outside its DocBook table to the
 * citizen as "##### Mismatched Element in Source #####", so the municipality's administrator reads
 * these in Admin → Integrations and corrects the 1177 message text the message was made from.
 */
export const patientPortalErrors = {
  'patientportal.docbook.broken': {
    sv: 'Meddelandetexten till 1177 är inte korrekt XML (rad {line}, kolumn {column}). Meddelandet skickades inte. Rätta texten och skicka igen.',
    fi: '1177-viestin teksti ei ole kelvollista XML:ää (rivi {line}, sarake {column}). Viestiä ei lähetetty. Korjaa teksti ja lähetä uudelleen.',
    en: 'The 1177 message text is not well-formed XML (line {line}, column {column}). The message was not sent. Correct the text and send it again.',
  },
  'patientportal.docbook.doctype': {
    sv: 'Meddelandetexten till 1177 innehåller en DOCTYPE- eller ENTITY-deklaration, som inte är tillåten. Meddelandet skickades inte. Ta bort deklarationen och skicka igen.',
    fi: '1177-viestin tekstissä on DOCTYPE- tai ENTITY-määrittely, jota ei sallita. Viestiä ei lähetetty. Poista määrittely ja lähetä uudelleen.',
    en: 'The 1177 message text contains a DOCTYPE or ENTITY declaration, which is not allowed. The message was not sent. Remove the declaration and send it again.',
  },
  'patientportal.docbook.markup': {
    sv: 'Meddelandetexten till 1177 innehåller ”{markup}” (kommentar, CDATA eller processinstruktion), som 1177 inte visar. Meddelandet skickades inte. Ta bort det och skicka igen.',
    fi: '1177-viestin tekstissä on ”{markup}” (kommentti, CDATA tai käsittelyohje), jota 1177 ei näytä. Viestiä ei lähetetty. Poista se ja lähetä uudelleen.',
    en: 'The 1177 message text contains “{markup}” (a comment, CDATA or processing instruction), which 1177 does not show. The message was not sent. Remove it and send it again.',
  },
  'patientportal.docbook.root': {
    sv: 'Meddelandetexten till 1177 börjar med <{element}>, men den måste börja med <article>. Meddelandet skickades inte. Rätta texten och skicka igen.',
    fi: '1177-viestin teksti alkaa elementillä <{element}>, mutta sen on alettava elementillä <article>. Viestiä ei lähetetty. Korjaa teksti ja lähetä uudelleen.',
    en: 'The 1177 message text starts with <{element}>, but it must start with <article>. The message was not sent. Correct the text and send it again.',
  },
  'patientportal.docbook.element': {
    sv: 'Meddelandetexten till 1177 använder elementet <{element}>, som inte finns i 1177:s DocBook-tabell och skulle visas som ett fel för invånaren. Meddelandet skickades inte. Ta bort elementet och skicka igen.',
    fi: '1177-viestin teksti käyttää elementtiä <{element}>, jota ei ole 1177:n DocBook-taulukossa ja joka näkyisi asukkaalle virheenä. Viestiä ei lähetetty. Poista elementti ja lähetä uudelleen.',
    en: 'The 1177 message text uses the element <{element}>, which is not in 1177’s DocBook table and would show to the citizen as an error. The message was not sent. Remove the element and send it again.',
  },
  'patientportal.docbook.nesting': {
    sv: 'I meddelandetexten till 1177 står <{element}> inuti <{parent}>, vilket 1177 inte tillåter. Meddelandet skickades inte. Flytta elementet och skicka igen.',
    fi: '1177-viestin tekstissä <{element}> on elementin <{parent}> sisällä, mitä 1177 ei salli. Viestiä ei lähetetty. Siirrä elementti ja lähetä uudelleen.',
    en: 'In the 1177 message text, <{element}> is inside <{parent}>, which 1177 does not allow. The message was not sent. Move the element and send it again.',
  },
  'patientportal.docbook.text': {
    sv: 'I meddelandetexten till 1177 står text direkt i <{element}>, där 1177 bara tillåter andra element. Meddelandet skickades inte. Lägg texten i ett stycke (<para>) och skicka igen.',
    fi: '1177-viestin tekstissä on tekstiä suoraan elementissä <{element}>, johon 1177 sallii vain muita elementtejä. Viestiä ei lähetetty. Siirrä teksti kappaleeseen (<para>) ja lähetä uudelleen.',
    en: 'In the 1177 message text, there is text directly inside <{element}>, where 1177 allows only other elements. The message was not sent. Put the text in a paragraph (<para>) and send it again.',
  },
  'patientportal.docbook.attribute': {
    sv: 'I meddelandetexten till 1177 har <{element}> attributet ”{attribute}”, som 1177 inte tillåter. Meddelandet skickades inte. Ta bort attributet och skicka igen.',
    fi: '1177-viestin tekstissä elementillä <{element}> on määrite ”{attribute}”, jota 1177 ei salli. Viestiä ei lähetetty. Poista määrite ja lähetä uudelleen.',
    en: 'In the 1177 message text, <{element}> has the attribute “{attribute}”, which 1177 does not allow. The message was not sent. Remove the attribute and send it again.',
  },
  'patientportal.docbook.required': {
    sv: 'I meddelandetexten till 1177 saknar <{element}> attributet ”{attribute}”. Meddelandet skickades inte. Lägg till det och skicka igen.',
    fi: '1177-viestin tekstissä elementiltä <{element}> puuttuu määrite ”{attribute}”. Viestiä ei lähetetty. Lisää se ja lähetä uudelleen.',
    en: 'In the 1177 message text, <{element}> lacks the attribute “{attribute}”. The message was not sent. Add it and send it again.',
  },
  'patientportal.docbook.url': {
    sv: 'Länken ”{url}” i meddelandetexten till 1177 är inte en fullständig https- eller http-adress. Meddelandet skickades inte. Rätta länken och skicka igen.',
    fi: '1177-viestin tekstin linkki ”{url}” ei ole täydellinen https- tai http-osoite. Viestiä ei lähetetty. Korjaa linkki ja lähetä uudelleen.',
    en: 'The link “{url}” in the 1177 message text is not a complete https or http address. The message was not sent. Correct the link and send it again.',
  },
  'patientportal.docbook.character': {
    sv: 'Meddelandetexten till 1177 innehåller tecknet {codePoint}, som inte får förekomma i XML. Meddelandet skickades inte. Ta bort tecknet och skicka igen.',
    fi: '1177-viestin tekstissä on merkki {codePoint}, jota XML ei salli. Viestiä ei lähetetty. Poista merkki ja lähetä uudelleen.',
    en: 'The 1177 message text contains the character {codePoint}, which XML does not allow. The message was not sent. Remove the character and send it again.',
  },
} as const satisfies Record<string, Message>;
