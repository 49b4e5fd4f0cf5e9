import type { Message } from './types.ts';

/**
 * TWeb, the Finnish municipality's case management (integrations/tweb, docs/integrations/tweb.md):
 * filing a provider's deviation report, notice or attested month as a case, a document or an
 * assignment. Read by the municipality's administrator in Admin → Integrations.
 */
export const twebErrors = {
  'tweb.invalidTransaction': {
    sv: 'Det som skulle arkiveras i TWeb saknar ”{field}” eller har ett ogiltigt värde där. Det arkiverades inte. Kontakta CareDocks support.',
    fi: 'TWebiin vietävästä tapahtumasta puuttuu ”{field}” tai sen arvo ei kelpaa. Sitä ei viety. Ota yhteyttä CareDockin tukeen.',
    en: 'What was to be filed in TWeb lacks “{field}” or has an invalid value there. It was not filed. Contact CareDock support.',
  },
  'tweb.fileInvalid': {
    sv: 'Filen ”{name}” är inte det den utger sig för att vara (PDF, PNG eller JPEG). Ingenting arkiverades i TWeb. Be utföraren skicka den igen som en riktig PDF- eller bildfil.',
    fi: 'Tiedosto ”{name}” ei ole sitä, miksi se on merkitty (PDF, PNG tai JPEG). TWebiin ei viety mitään. Pyydä palveluntuottajaa lähettämään se uudelleen oikeana PDF- tai kuvatiedostona.',
    en: 'The file “{name}” is not what it claims to be (PDF, PNG or JPEG). Nothing was filed in TWeb. Ask the provider to send it again as a proper PDF or image file.',
  },
  'tweb.documentTooLarge': {
    sv: 'Filen ”{name}” är större än {limitMb} MB, som TWeb tar emot. Ingenting arkiverades. Be utföraren skicka en mindre fil.',
    fi: 'Tiedosto ”{name}” on suurempi kuin {limitMb} Mt, jonka TWeb ottaa vastaan. Mitään ei viety. Pyydä palveluntuottajaa lähettämään pienempi tiedosto.',
    en: 'The file “{name}” is larger than the {limitMb} MB TWeb accepts. Nothing was filed. Ask the provider to send a smaller file.',
  },
  'tweb.noContractCase': {
    sv: 'Utföraren {provider} har inget avtalsärende i TWeb-inställningarna, så handlingen har inget ärende att läggas i. Den arkiverades inte. Ange utförarens avtalsärende och skicka igen.',
    fi: 'Palveluntuottajalle {provider} ei ole TWeb-asetuksissa sopimusasiaa, joten asiakirjalle ei ole asiaa, johon se liitetään. Sitä ei viety. Anna palveluntuottajan sopimusasia ja lähetä uudelleen.',
    en: 'The provider {provider} has no contract case in the TWeb settings, so the document has no case to go into. It was not filed. Enter the provider’s contract case and send it again.',
  },
  'tweb.insecureUrl': {
    sv: 'Adresserna till TWeb och dess token-tjänst måste börja med https://. Arkiveringen i TWeb är pausad. Rätta adressen i TWeb-inställningarna.',
    fi: 'TWebin ja sen tunnistepalvelun osoitteiden on alettava https://. TWeb-vienti on keskeytetty. Korjaa osoite TWeb-asetuksiin.',
    en: 'The addresses of TWeb and its token service must start with https://. Filing in TWeb is paused. Correct the address in the TWeb settings.',
  },
  'tweb.tlsFailed': {
    sv: 'Den säkra anslutningen till TWeb på {host} gick inte att upprätta (certifikat eller CA). Arkiveringen i TWeb är pausad. Kontrollera adressen och CA-certifikatet i TWeb-inställningarna.',
    fi: 'Suojattua yhteyttä TWebiin osoitteessa {host} ei saatu muodostettua (varmenne tai CA). TWeb-vienti on keskeytetty. Tarkista osoite ja CA-varmenne TWeb-asetuksista.',
    en: 'The secure connection to TWeb at {host} could not be made (certificate or CA). Filing in TWeb is paused. Check the address and the CA certificate in the TWeb settings.',
  },
  'tweb.connectionFailed': {
    sv: 'Det gick inte att nå TWeb på {host}. Inget skickades; det försöks igen senare.',
    fi: 'TWebiin osoitteessa {host} ei saatu yhteyttä. Mitään ei lähetetty; yritetään myöhemmin uudelleen.',
    en: 'TWeb at {host} could not be reached. Nothing was sent; it will be tried again later.',
  },
  'tweb.timeout': {
    sv: 'TWeb på {host} svarade inte i tid. Det försöks igen senare.',
    fi: 'TWeb osoitteessa {host} ei vastannut ajoissa. Yritetään myöhemmin uudelleen.',
    en: 'TWeb at {host} did not answer in time. It will be tried again later.',
  },
  'tweb.outcomeUnknown': {
    sv: 'Anropet till TWeb på {host} skickades men inget svar kom, så det är okänt om TWeb tog emot det. CareDock frågar TWeb innan något skickas igen.',
    fi: 'Kutsu TWebiin osoitteessa {host} lähetettiin, mutta vastausta ei tullut, joten ei tiedetä, ottiko TWeb sen vastaan. CareDock kysyy TWebiltä ennen kuin mitään lähetetään uudelleen.',
    en: 'The call to TWeb at {host} was sent but no answer came, so it is not known whether TWeb took it. CareDock asks TWeb before anything is sent again.',
  },
  'tweb.tokenRefused': {
    sv: 'Token-tjänsten på {host} godtog inte CareDocks klient-id eller hemlighet. Arkiveringen i TWeb är pausad. Kontrollera klient-id, hemlighet och scope i TWeb-inställningarna.',
    fi: 'Tunnistepalvelu osoitteessa {host} ei hyväksynyt CareDockin asiakastunnusta tai salaisuutta. TWeb-vienti on keskeytetty. Tarkista asiakastunnus, salaisuus ja scope TWeb-asetuksista.',
    en: 'The token service at {host} did not accept CareDock’s client id or secret. Filing in TWeb is paused. Check the client id, secret and scope in the TWeb settings.',
  },
  'tweb.tokenUnavailable': {
    sv: 'Token-tjänsten för TWeb på {host} svarade inte. Inget skickades; det försöks igen senare.',
    fi: 'TWebin tunnistepalvelu osoitteessa {host} ei vastannut. Mitään ei lähetetty; yritetään myöhemmin uudelleen.',
    en: 'The TWeb token service at {host} did not answer. Nothing was sent; it will be tried again later.',
  },
  'tweb.authFailed': {
    sv: 'TWeb på {host} godtog inte CareDocks inloggning (API-nyckel eller token). Arkiveringen i TWeb är pausad. Kontrollera uppgifterna i TWeb-inställningarna.',
    fi: 'TWeb osoitteessa {host} ei hyväksynyt CareDockin tunnistautumista (API-avain tai tunniste). TWeb-vienti on keskeytetty. Tarkista tiedot TWeb-asetuksista.',
    en: 'TWeb at {host} did not accept CareDock’s sign-in (API key or token). Filing in TWeb is paused. Check the details in the TWeb settings.',
  },
  'tweb.forbidden': {
    sv: 'TWeb på {host} nekade CareDocks konto att arkivera i den här ärendegruppen eller det här ärendet. Det arkiverades inte. Be TWeb-administratören ge kontot behörighet och skicka sedan igen.',
    fi: 'TWeb osoitteessa {host} ei sallinut CareDockin tunnuksen viedä tähän asiaryhmään tai asiaan. Sitä ei viety. Pyydä TWebin pääkäyttäjää antamaan tunnukselle oikeudet ja lähetä sitten uudelleen.',
    en: 'TWeb at {host} did not allow CareDock’s account to file in this case group or case. It was not filed. Ask the TWeb administrator to grant the account access, then send it again.',
  },
  'tweb.rejected': {
    sv: 'TWeb avvisade arkiveringen ({reference}). Den arkiverades inte. Kontrollera ärendegrupp, handlingstyper och mottagare i TWeb-inställningarna; kontakta CareDocks support om de stämmer.',
    fi: 'TWeb hylkäsi viennin ({reference}). Sitä ei viety. Tarkista asiaryhmä, asiakirjatyypit ja vastaanottajat TWeb-asetuksista; ota yhteyttä CareDockin tukeen, jos ne ovat oikein.',
    en: 'TWeb refused the filing ({reference}). It was not filed. Check the case group, document types and assignees in the TWeb settings; contact CareDock support if they are right.',
  },
  'tweb.keyReused': {
    sv: 'TWeb har redan tagit emot ett annat innehåll för det här arkiveringssteget. Ingenting nytt arkiverades. Kontakta CareDocks support.',
    fi: 'TWeb on jo ottanut tähän vientivaiheeseen vastaan eri sisällön. Mitään uutta ei viety. Ota yhteyttä CareDockin tukeen.',
    en: 'TWeb has already taken different content for this filing step. Nothing new was filed. Contact CareDock support.',
  },
  'tweb.caseNotFound': {
    sv: 'Ärendet {caseId} finns inte i TWeb. Handlingen arkiverades inte. Rätta utförarens avtalsärende i TWeb-inställningarna och skicka igen.',
    fi: 'Asiaa {caseId} ei ole TWebissä. Asiakirjaa ei viety. Korjaa palveluntuottajan sopimusasia TWeb-asetuksiin ja lähetä uudelleen.',
    en: 'The case {caseId} does not exist in TWeb. The document was not filed. Correct the provider’s contract case in the TWeb settings and send it again.',
  },
  'tweb.endpointMissing': {
    sv: 'TWeb på {host} känner inte till CareDocks anrop (HTTP {status}). Arkiveringen i TWeb är pausad. Kontrollera grundadressen i TWeb-inställningarna.',
    fi: 'TWeb osoitteessa {host} ei tunne CareDockin kutsua (HTTP {status}). TWeb-vienti on keskeytetty. Tarkista perusosoite TWeb-asetuksista.',
    en: 'TWeb at {host} does not know CareDock’s call (HTTP {status}). Filing in TWeb is paused. Check the base address in the TWeb settings.',
  },
  'tweb.inProgress': {
    sv: 'TWeb behandlar fortfarande ett tidigare försök med samma innehåll. Det kontrolleras igen senare; inget arkiveras två gånger.',
    fi: 'TWeb käsittelee vielä aiempaa yritystä samalla sisällöllä. Asia tarkistetaan myöhemmin uudelleen; mitään ei viedä kahdesti.',
    en: 'TWeb is still processing an earlier try with the same content. It will be checked again later; nothing is filed twice.',
  },
  'tweb.tooLarge': {
    sv: 'TWeb tog inte emot anropet eftersom det var för stort. Det arkiverades inte. Be utföraren skicka mindre bilagor.',
    fi: 'TWeb ei ottanut kutsua vastaan, koska se oli liian suuri. Sitä ei viety. Pyydä palveluntuottajaa lähettämään pienempiä liitteitä.',
    en: 'TWeb did not take the call because it was too large. It was not filed. Ask the provider to send smaller attachments.',
  },
  'tweb.busy': {
    sv: 'TWeb på {host} bad CareDock att vänta. Det försöks igen när TWeb säger att det går.',
    fi: 'TWeb osoitteessa {host} pyysi CareDockia odottamaan. Yritetään uudelleen, kun TWeb sen sallii.',
    en: 'TWeb at {host} asked CareDock to wait. It will be tried again when TWeb says it can.',
  },
  'tweb.serverError': {
    sv: 'TWeb på {host} svarade med ett fel (HTTP {status}). Det försöks igen senare; inget arkiveras två gånger.',
    fi: 'TWeb osoitteessa {host} vastasi virheellä (HTTP {status}). Yritetään myöhemmin uudelleen; mitään ei viedä kahdesti.',
    en: 'TWeb at {host} answered with an error (HTTP {status}). It will be tried again later; nothing is filed twice.',
  },
  'tweb.unexpectedAnswer': {
    sv: 'TWeb på {host} gav ett svar som inte gick att läsa (HTTP {status}). Det försöks igen senare; inget arkiveras två gånger.',
    fi: 'TWeb osoitteessa {host} antoi vastauksen, jota ei voitu lukea (HTTP {status}). Yritetään myöhemmin uudelleen; mitään ei viedä kahdesti.',
    en: 'TWeb at {host} gave an answer that could not be read (HTTP {status}). It will be tried again later; nothing is filed twice.',
  },
  'tweb.notConfigured': {
    sv: 'Kommunen {municipality} har inga inställningar för TWeb, eller de går inte att öppna med serverns nyckel. Ärendet från {provider} skickades inte. Ange inställningarna för TWeb igen.',
    fi: 'Kunnalla {municipality} ei ole TWeb-asetuksia, tai niitä ei voi avata palvelimen avaimella. Palveluntuottajan {provider} asiaa ei lähetetty. Anna TWeb-asetukset uudelleen.',
    en: 'The municipality {municipality} has no TWeb settings, or they do not open with the server’s key. The case from {provider} was not sent. Enter the TWeb settings again.',
  },
} as const satisfies Record<string, Message>;
