// Where notices reach people: a recipient's language, mobile number, email and consent (who
// recorded it, when), and staff's number and address. Numbers are stored as E.164 or refused.
import { isEmailAddress } from '../../../integrations/smtp/encoder.ts';
import { normalisePhone, type SmsCountry } from '../../../integrations/sms/phone.ts';
import type { RecipientContactView } from '../../shared/api/procedures/notices.ts';
import { CareDockError, type Language } from '../../shared/errors/index.ts';
import type { Caller } from '../api/caller.ts';
import type { AuditLog } from '../audit/log.ts';
import type { RecipientData } from '../recipients/data.ts';
import { mayIdentify } from '../recipients/identity.ts';
import type { StaffContact, StaffData } from '../staff/data.ts';

export interface ContactInput {
  phone: string | null;
  email: string | null;
}

export function checkedContact(c: ContactInput, country: SmsCountry): ContactInput {
  const phoneText = c.phone?.trim() ?? '';
  const emailText = c.email?.trim() ?? '';
  let phone: string | null = null;
  if (phoneText !== '') {
    const p = normalisePhone(phoneText, country);
    if (!p.ok) throw new CareDockError(p.code, p.params);
    phone = p.e164;
  }
  if (emailText !== '' && !isEmailAddress(emailText))
    throw new CareDockError('notices.addressInvalid', { field: 'email', address: emailText.slice(0, 80) });
  return { phone, email: emailText === '' ? null : emailText };
}

export class Contacts {
  readonly #recipients: RecipientData;
  readonly #staff: StaffData;
  readonly #audit: AuditLog;
  readonly #country: () => SmsCountry;
  readonly #now: () => number;

  constructor(deps: {
    recipients: RecipientData;
    staff: StaffData;
    audit: AuditLog;
    country: () => SmsCountry;
    now?: () => number;
  }) {
    this.#recipients = deps.recipients;
    this.#staff = deps.staff;
    this.#audit = deps.audit;
    this.#country = deps.country;
    this.#now = deps.now ?? Date.now;
  }

  recipient(viewer: Caller, id: string): RecipientContactView {
    const r = this.#recipients.forNotice(id);
    if (!r) throw new CareDockError('devices.recipientUnknown');
    // A protected recipient's number or address identifies them as surely as the name.
    if (!mayIdentify(viewer, r))
      return { id, masked: true, language: null, phone: null, email: null, consent: null };
    return {
      id,
      masked: false,
      language: r.language,
      phone: r.phone,
      email: r.email,
      consent: r.consentBy !== null && r.consentAt !== null ? { by: r.consentBy, at: r.consentAt } : null,
    };
  }

  saveRecipient(
    viewer: Caller,
    input: { id: string; language: Language | null; consent: boolean } & ContactInput,
  ): RecipientContactView {
    const r = this.#recipients.forNotice(input.id);
    if (!r) throw new CareDockError('devices.recipientUnknown');
    if (!mayIdentify(viewer, r)) throw new CareDockError('notices.contactProtected');
    const c = checkedContact(input, this.#country());
    if (input.consent && c.phone === null && c.email === null)
      throw new CareDockError('notices.consentNeedsContact');
    const kept = input.consent && r.consentBy !== null && r.consentAt !== null;
    const consentBy = input.consent ? (kept ? r.consentBy : viewer.username) : null;
    const consentAt = input.consent ? (kept ? r.consentAt : new Date(this.#now()).toISOString()) : null;
    this.#recipients.setContact(input.id, { language: input.language, ...c, consentBy, consentAt });
    // Never the number or address in the log: that they changed, and the consent.
    this.#audit.record(viewer, 'recipients.contact', input.id, {
      consent: input.consent,
      phone: c.phone !== null,
      email: c.email !== null,
    });
    return this.recipient(viewer, input.id);
  }

  staff(): StaffContact[] {
    return this.#staff.contacts();
  }

  saveStaff(viewer: Caller, input: { id: string } & ContactInput): StaffContact[] {
    const c = checkedContact(input, this.#country());
    if (!this.#staff.setContact(input.id, c.phone, c.email)) throw new CareDockError('devices.staffUnknown');
    this.#audit.record(viewer, 'staff.contact', input.id, {
      phone: c.phone !== null,
      email: c.email !== null,
    });
    return this.staff();
  }
}
