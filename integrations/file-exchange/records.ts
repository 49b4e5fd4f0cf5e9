// The records of the municipality's file exchange, format version 1 (docs/formats/): what a BFU
// orders file and an MFU recipients file carry in, and what BFU-back and MFU-time carry out. The
// readers turn a file into these; the server stores them. Types and zod only.
import { z } from 'zod';
import type { ErrorParams } from '../../src/shared/errors/index.ts';
import { parsePersonalId } from '../../src/shared/domain/personal-id.ts';
import { externalIdSchema, isoDateSchema, isoInstantSchema } from '../../src/shared/sync/ids.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable();

/** Personnummer or samordningsnummer (or a Finnish henkilötunnus), date and check digit checked. */
export const personalIdentityNumber = z
  .string()
  .trim()
  .max(32)
  .refine((v) => parsePersonalId(v) !== null, { params: { code: 'exchange.record.personalId' } });

/** A tag UID as the pens report it: lowercase hex, 4–10 bytes. */
export const tagUid = z.string().regex(/^(?:[0-9a-f]{2}){4,10}$/);

export const bfuOrder = z
  .object({
    id: externalIdSchema,
    version: z.number().int().positive(),
    providerId: externalIdSchema,
    recipient: z.object({
      id: externalIdSchema,
      personalIdentityNumber,
      name: text(200),
      protectedIdentity: z.boolean(),
    }),
    services: z
      .array(
        z.object({
          code: text(32),
          name: text(200),
          grantedMinutesPerMonth: z.number().int().nonnegative().max(44_640),
        }),
      )
      .min(1)
      .max(64),
    validFrom: isoDateSchema,
    validTo: isoDateSchema.nullable(),
    home: z.object({
      address: optionalText(300),
      /** Secret: stored encrypted, never logged, never in a result file or an export. */
      doorCode: optionalText(64),
      /** Secret, like the door code. */
      keyInformation: optionalText(500),
    }),
    contacts: z
      .array(z.object({ name: text(200), relation: optionalText(100), phone: optionalText(32) }))
      .max(10),
  })
  .refine((o) => o.validTo === null || o.validFrom <= o.validTo, {
    path: ['validTo'],
    params: { code: 'exchange.record.dateOrder' },
  });
export type BfuOrder = z.infer<typeof bfuOrder>;

/** The fields an MFU recipients row can carry; which header holds each is the municipality's mapping. */
export const MFU_RECIPIENT_FIELDS = [
  'customerNumber',
  'providerId',
  'name',
  'address',
  'phone',
  'siteId',
  'propertyDesignation',
  'doorCode',
  'tagUids',
] as const;
export type MfuRecipientField = (typeof MFU_RECIPIENT_FIELDS)[number];
export const MFU_REQUIRED_FIELDS: readonly MfuRecipientField[] = ['customerNumber', 'providerId', 'name'];

export const mfuRecipient = z.object({
  /** The recipient's id in the municipality's register (the same id BFU orders name). */
  customerNumber: externalIdSchema,
  providerId: externalIdSchema,
  name: text(200),
  address: optionalText(300),
  phone: optionalText(32),
  siteId: optionalText(64),
  propertyDesignation: optionalText(100),
  /** Secret: stored encrypted, never logged, never in a result file or an export. */
  doorCode: optionalText(64),
  tagUids: z.array(tagUid).max(16),
});
export type MfuRecipient = z.infer<typeof mfuRecipient>;

/** Header text per field; fields left out are not read. */
export const mfuRecipientMapping = z.object({
  columns: z.partialRecord(z.enum(MFU_RECIPIENT_FIELDS), z.string().trim().min(1).max(100)),
  /** 'auto' reads a BOM as UTF-8, else UTF-8 when the start of the file is valid UTF-8, else Windows-1252. */
  encoding: z.enum(['auto', 'utf-8', 'windows-1252']).default('auto'),
});
export type MfuRecipientMapping = z.infer<typeof mfuRecipientMapping>;

export const DEFAULT_MFU_RECIPIENT_MAPPING: MfuRecipientMapping = {
  columns: {
    customerNumber: 'Kundnummer',
    providerId: 'Utförare',
    name: 'Namn',
    address: 'Adress',
    phone: 'Telefon',
    siteId: 'Anläggnings-id',
    propertyDesignation: 'Fastighetsbeteckning',
    doorCode: 'Portkod',
    tagUids: 'Taggar',
  },
  encoding: 'auto',
};

/** Where in the file a record or a problem is: a line always, the element for XML. */
export interface Place {
  line: number;
  column?: number;
  /** XML: the path of the record's element, e.g. `order[12]`. */
  element?: string;
}

/** What a reader yields per record. `key` is the record's id when one could be read. */
export type RecordResult<T> =
  | { ok: true; record: T; key: string; place: Place }
  | { ok: false; key: string | null; place: Place; code: RecordCode; params: ErrorParams };

export type RecordCode =
  | 'exchange.record.missing'
  | 'exchange.record.badValue'
  | 'exchange.record.personalId'
  | 'exchange.record.dateOrder'
  | 'exchange.record.duplicate'
  | 'exchange.record.olderVersion'
  | 'exchange.record.versionConflict'
  | 'exchange.record.unknownProvider'
  | 'exchange.record.raggedRow'
  | 'exchange.record.tagTaken'
  | 'exchange.record.recipientConflict';

/** Limits every reader keeps, so a hostile or broken file cannot take the server's memory. */
export interface ReadLimits {
  /** More records than this refuses the file. */
  maxRecords: number;
  /** Bytes read without the parser finishing a token (a text, an attribute, a CSV field). */
  maxPartBytes: number;
}
export const DEFAULT_READ_LIMITS: ReadLimits = { maxRecords: 1_000_000, maxPartBytes: 1_048_576 };

// ── out ──

export const bfuBackService = z.object({
  code: text(32),
  grantedMinutes: z.number().int().nonnegative(),
  plannedMinutes: z.number().int().nonnegative(),
  performedMinutes: z.number().int().nonnegative(),
  /** Visits of this service that deviated (missed, late or short), as the attest counted them. */
  deviations: z.number().int().nonnegative(),
});

export const bfuBackDocument = z.object({
  municipalityId: externalIdSchema,
  providerId: externalIdSchema,
  /** YYYY-MM */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  /** The attest's version: 1, then one more after each reopen and attest. */
  version: z.number().int().positive(),
  attestedAt: isoInstantSchema,
  createdAt: isoInstantSchema,
  orders: z.array(
    z.object({
      /** null: performed time for a recipient with no order in the month that names the service. */
      orderId: externalIdSchema.nullable(),
      orderVersion: z.number().int().positive().nullable(),
      recipientId: externalIdSchema,
      status: z.enum(['performed', 'notPerformed']),
      services: z.array(bfuBackService).min(1),
    }),
  ),
});
export type BfuBackDocument = z.infer<typeof bfuBackDocument>;

export const MFU_TIME_FIELDS = [
  'month',
  'providerId',
  'customerNumber',
  'orderId',
  'serviceCode',
  'serviceName',
  'grantedMinutes',
  'performedMinutes',
  'performedHours',
  'deviations',
  'attestVersion',
] as const;
export type MfuTimeField = (typeof MFU_TIME_FIELDS)[number];

export const mfuTimeColumns = z
  .array(z.object({ key: z.enum(MFU_TIME_FIELDS), header: z.string().trim().min(1).max(100) }))
  .min(1)
  .max(MFU_TIME_FIELDS.length);
export type MfuTimeColumns = z.infer<typeof mfuTimeColumns>;

export const DEFAULT_MFU_TIME_COLUMNS: MfuTimeColumns = [
  { key: 'month', header: 'Månad' },
  { key: 'providerId', header: 'Utförare' },
  { key: 'customerNumber', header: 'Kundnummer' },
  { key: 'orderId', header: 'Beställning' },
  { key: 'serviceCode', header: 'Insatskod' },
  { key: 'serviceName', header: 'Insats' },
  { key: 'grantedMinutes', header: 'Beviljade minuter' },
  { key: 'performedMinutes', header: 'Utförda minuter' },
  { key: 'performedHours', header: 'Utförda timmar' },
  { key: 'deviations', header: 'Avvikelser' },
  { key: 'attestVersion', header: 'Attestversion' },
];

export const mfuTimeRow = z.object({
  month: z.string(),
  providerId: z.string(),
  customerNumber: z.string(),
  orderId: z.string().nullable(),
  serviceCode: z.string(),
  serviceName: z.string(),
  grantedMinutes: z.number().int(),
  performedMinutes: z.number().int(),
  deviations: z.number().int(),
  attestVersion: z.number().int(),
});
export type MfuTimeRow = z.infer<typeof mfuTimeRow>;
