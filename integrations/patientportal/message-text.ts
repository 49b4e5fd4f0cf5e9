// messageText is an xs:string: the DocBook travels as character data inside the SOAP body, so its
// tags must be entity-encoded or the SOAP parser would read them as part of the envelope (seed 003,
// "Entity encoding").
import { CareDockError } from '../../src/shared/errors/index.ts';
import { escapeXmlText, firstNonXmlCharacter } from './docbook.ts';

/**
 * The content of the <messageText> element for a DocBook document: every `& < > " '` written as a
 * reference, as in 1177's example, and CR too, so a receiving parser gives back the identical
 * string. Check the document with validateDocBook first; this only encodes.
 */
export function messageTextElement(docbook: string): string {
  // Such a character cannot be written in the SOAP body in any form; sending the rest would change
  // the message.
  const codePoint = firstNonXmlCharacter(docbook);
  if (codePoint !== null) throw new CareDockError('patientportal.docbook.character', { codePoint });
  return escapeXmlText(docbook);
}
