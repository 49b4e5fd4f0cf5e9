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
  'patientportal.notActiveUser': {
    sv: 'Mottagaren har inget aktivt konto i 1177 Vårdguidens e-tjänster. Meddelandet skickades inte. Nå mottagaren på annat sätt.',
    fi: 'Vastaanottajalla ei ole aktiivista tiliä 1177 Vårdguidenin e-palveluissa. Viestiä ei lähetetty. Tavoita vastaanottaja muulla tavalla.',
    en: 'The recipient has no active account in the 1177 e-services. The message was not sent. Reach the recipient another way.',
  },
  'patientportal.invalidPersonId': {
    sv: 'Mottagarens person- eller samordningsnummer är inte giltigt för 1177. Meddelandet skickades inte. Rätta numret i mottagarens uppgifter.',
    fi: 'Vastaanottajan henkilö- tai samordningsnummer ei kelpaa 1177:ään. Viestiä ei lähetetty. Korjaa numero vastaanottajan tietoihin.',
    en: 'The recipient’s personal identity or coordination number is not valid for 1177. The message was not sent. Correct the number in the recipient’s details.',
  },
  'patientportal.invalidHsaId': {
    sv: 'HSA-id ”{unitId}” för den avsändande enheten har inte formen SE, organisationsnummer, bindestreck och tillägg. Meddelandet skickades inte. Rätta enhetens HSA-id i inställningarna för 1177.',
    fi: 'Lähettävän yksikön HSA-tunnus ”{unitId}” ei ole muotoa SE, organisaationumero, yhdysmerkki ja pääte. Viestiä ei lähetetty. Korjaa yksikön HSA-tunnus 1177-asetuksiin.',
    en: 'The sending unit’s HSA id “{unitId}” is not of the form SE, organisation number, hyphen and suffix. The message was not sent. Correct the unit’s HSA id in the 1177 settings.',
  },
  'patientportal.invalidMessage': {
    sv: 'Meddelandet till 1177 saknar ”{field}”, som 1177 kräver. Meddelandet skickades inte. Fyll i det och skicka igen.',
    fi: '1177-viestistä puuttuu ”{field}”, jonka 1177 vaatii. Viestiä ei lähetetty. Täydennä se ja lähetä uudelleen.',
    en: 'The message to 1177 lacks “{field}”, which 1177 requires. The message was not sent. Fill it in and send it again.',
  },
  'patientportal.resultError': {
    sv: '1177 tog inte emot meddelandet: ”{resultText}”. Meddelandet skickades inte. Kontrollera mottagaren och inställningarna för 1177.',
    fi: '1177 ei ottanut viestiä vastaan: ”{resultText}”. Viestiä ei lähetetty. Tarkista vastaanottaja ja 1177-asetukset.',
    en: '1177 did not accept the message: “{resultText}”. The message was not sent. Check the recipient and the 1177 settings.',
  },
  'patientportal.resultInfo': {
    sv: '1177 tog emot meddelandet med en anmärkning: ”{resultText}”.',
    fi: '1177 otti viestin vastaan huomautuksella: ”{resultText}”.',
    en: '1177 accepted the message with a remark: “{resultText}”.',
  },
  'patientportal.serverFault': {
    sv: '1177 eller den nationella tjänsteplattformen svarade med ett tekniskt fel (”{fault}”). Meddelandet skickas igen senare.',
    fi: '1177 tai kansallinen palvelualusta vastasi teknisellä virheellä (”{fault}”). Viesti lähetetään myöhemmin uudelleen.',
    en: '1177 or the national service platform answered with a technical error (“{fault}”). The message will be sent again later.',
  },
  'patientportal.clientFault': {
    sv: '1177 eller den nationella tjänsteplattformen avvisade anropet (”{fault}”). Meddelandet skickades inte. Kontakta CareDocks support.',
    fi: '1177 tai kansallinen palvelualusta hylkäsi kutsun (”{fault}”). Viestiä ei lähetetty. Ota yhteyttä CareDockin tukeen.',
    en: '1177 or the national service platform refused the call (“{fault}”). The message was not sent. Contact CareDock support.',
  },
  'patientportal.connectionFailed': {
    sv: 'Det gick inte att nå den nationella tjänsteplattformen på {host}. Meddelandet skickas igen senare.',
    fi: 'Kansalliseen palvelualustaan osoitteessa {host} ei saatu yhteyttä. Viesti lähetetään myöhemmin uudelleen.',
    en: 'The national service platform at {host} could not be reached. The message will be sent again later.',
  },
  'patientportal.serverBusy': {
    sv: 'Den nationella tjänsteplattformen på {host} svarade inte på anropet (HTTP {status}). Meddelandet skickas igen senare.',
    fi: 'Kansallinen palvelualusta osoitteessa {host} ei vastannut kutsuun (HTTP {status}). Viesti lähetetään myöhemmin uudelleen.',
    en: 'The national service platform at {host} did not answer the call (HTTP {status}). The message will be sent again later.',
  },
  'patientportal.tlsFailed': {
    sv: 'Den säkra anslutningen till den nationella tjänsteplattformen på {host} avvisades (funktionscertifikat eller CA). Utskicken till 1177 är pausade. Kontrollera certifikaten i inställningarna för 1177.',
    fi: 'Suojattu yhteys kansalliseen palvelualustaan osoitteessa {host} hylättiin (toimintovarmenne tai CA). 1177-lähetykset on keskeytetty. Tarkista varmenteet 1177-asetuksista.',
    en: 'The secure connection to the national service platform at {host} was refused (function certificate or CA). Sending to 1177 is paused. Check the certificates in the 1177 settings.',
  },
  'patientportal.insecureUrl': {
    sv: 'Adressen till den nationella tjänsteplattformen måste börja med https://. Utskicken till 1177 är pausade. Rätta adressen i inställningarna för 1177.',
    fi: 'Kansallisen palvelualustan osoitteen on alettava https://. 1177-lähetykset on keskeytetty. Korjaa osoite 1177-asetuksiin.',
    en: 'The national service platform’s address must start with https://. Sending to 1177 is paused. Correct the address in the 1177 settings.',
  },
  'patientportal.accessDenied': {
    sv: 'Den nationella tjänsteplattformen på {host} nekade åtkomst (HTTP {status}). Utskicken till 1177 är pausade. Kontrollera att kommunens system är anslutet till tjänstekontrakten.',
    fi: 'Kansallinen palvelualusta osoitteessa {host} esti pääsyn (HTTP {status}). 1177-lähetykset on keskeytetty. Tarkista, että kunnan järjestelmä on liitetty palvelusopimuksiin.',
    en: 'The national service platform at {host} denied access (HTTP {status}). Sending to 1177 is paused. Check that the municipality’s system is connected to the service contracts.',
  },
  'patientportal.timeout': {
    sv: 'Den nationella tjänsteplattformen på {host} svarade inte i tid, och inget meddelande hann lämnas. Det försöks igen senare.',
    fi: 'Kansallinen palvelualusta osoitteessa {host} ei vastannut ajoissa, eikä viestiä ehditty jättää. Yritetään myöhemmin uudelleen.',
    en: 'The national service platform at {host} did not answer in time, and no message was handed over. It will be tried again later.',
  },
  'patientportal.outcomeUnknown': {
    sv: 'Meddelandet skickades till 1177 via {host} men inget svar kom, så det är okänt om det kom fram. Det skickas inte igen av sig självt. Fråga mottagaren eller 1177:s support och markera det som skickat eller skicka igen.',
    fi: 'Viesti lähetettiin 1177:ään osoitteen {host} kautta, mutta vastausta ei tullut, joten ei tiedetä, menikö se perille. Sitä ei lähetetä uudelleen itsestään. Kysy vastaanottajalta tai 1177:n tuesta ja merkitse se lähetetyksi tai lähetä uudelleen.',
    en: 'The message was sent to 1177 through {host} but no answer came, so it is not known whether it arrived. It will not be sent again on its own. Ask the recipient or 1177 support, then mark it sent or send it again.',
  },
  'patientportal.unexpectedAnswer': {
    sv: 'Den nationella tjänsteplattformen på {host} gav ett svar som inte gick att läsa (HTTP {status}). Det är okänt om meddelandet kom fram; det skickas inte igen av sig självt.',
    fi: 'Kansallinen palvelualusta osoitteessa {host} antoi vastauksen, jota ei voitu lukea (HTTP {status}). Ei tiedetä, menikö viesti perille; sitä ei lähetetä uudelleen itsestään.',
    en: 'The national service platform at {host} gave an answer that could not be read (HTTP {status}). It is not known whether the message arrived; it will not be sent again on its own.',
  },
  'patientportal.certificateUnreadable': {
    sv: 'Funktionscertifikatet för 1177 ({file}) eller dess nyckel eller CA går inte att läsa på servern. Utskicken till 1177 är pausade. Kontrollera filerna i inställningarna för 1177.',
    fi: '1177:n toimintovarmennetta ({file}), sen avainta tai CA:ta ei voi lukea palvelimella. 1177-lähetykset on keskeytetty. Tarkista tiedostot 1177-asetuksista.',
    en: 'The 1177 function certificate ({file}), its key or its CA cannot be read on the server. Sending to 1177 is paused. Check the files in the 1177 settings.',
  },
  'patientportal.notConfigured': {
    sv: 'Kommunen {municipality} har inga inställningar för 1177 eller har stängt av utskicken. Meddelandet skickades inte.',
    fi: 'Kunnalla {municipality} ei ole 1177-asetuksia tai lähetykset on poistettu käytöstä. Viestiä ei lähetetty.',
    en: 'The municipality {municipality} has no 1177 settings or has turned sending off. The message was not sent.',
  },
  'patientportal.noConsent': {
    sv: 'Mottagaren har inte längre samtyckt till meddelanden i 1177. Meddelandet skickades inte.',
    fi: 'Vastaanottaja ei enää ole suostunut 1177-viesteihin. Viestiä ei lähetetty.',
    en: 'The recipient no longer consents to 1177 messages. The message was not sent.',
  },
  'patientportal.recipientUnknown': {
    sv: 'Mottagaren {recipient} finns inte hos utföraren eller saknar person- eller samordningsnummer. Meddelandet skickades inte.',
    fi: 'Vastaanottajaa {recipient} ei ole palveluntuottajalla tai häneltä puuttuu henkilö- tai samordningsnummer. Viestiä ei lähetetty.',
    en: 'The recipient {recipient} is not with the provider or has no personal identity or coordination number. The message was not sent.',
  },
} as const satisfies Record<string, Message>;
