// What flows up: registrations, corrections, attestations and visit plans. Each item carries a
// client-generated UUIDv7 `id`, the idempotency key: sending the same item twice is harmless, and
// the same id with different content is a conflict that no retry can fix.
import { z } from 'zod';
import { attestFiguresWire } from '../domain/attest-figures.ts';
import { externalIdSchema, isoDateSchema, isoInstantSchema, uuidSchema, uuidV7Schema } from './ids.ts';

export const REGISTRATION_KINDS = ['arrive', 'depart', 'task'] as const;

/** Flags the workstation sets while reading a pen (clock skew, manual entry, …). */
export const registrationFlagSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/);

/** One tag read: pen serial, record sequence, tag UID, pen time, kind. */
export const registrationItemSchema = z
  .object({
    type: z.literal('registration'),
    id: uuidV7Schema,
    penSerial: z.string().min(1).max(64),
    /** The pen's record sequence; with penSerial the pen's own unique key. */
    sequence: z
      .number()
      .int()
      .nonnegative()
      .max(2 ** 32),
    /** NFC/RFID tag UID, lowercase hex, 4–10 bytes. */
    tagUid: z.string().regex(/^(?:[0-9a-f]{2}){4,10}$/, 'lowercase hex, 4–10 bytes'),
    /** The pen's clock at the tag read, as the pen said it. */
    penTime: isoInstantSchema,
    /** penTime adjusted for the pen's measured clock skew; null when no adjustment was made. */
    correctedTime: isoInstantSchema.nullable(),
    kind: z.enum(REGISTRATION_KINDS),
    taskCode: z.string().min(1).max(32).optional(),
    flags: z.array(registrationFlagSchema).max(16),
    staffId: externalIdSchema.optional(),
    /** PC time when the workstation read the record off the pen. */
    receivedAt: isoInstantSchema,
  })
  .strict();

/** A manual fix with a reason, recorded beside the registration it corrects, never over it. */
export const correctionItemSchema = z
  .object({
    type: z.literal('correction'),
    id: uuidV7Schema,
    /** The registration this corrects; the server must already hold it (else unknownReference). */
    correctsId: uuidV7Schema,
    reason: z.string().min(1).max(500),
    changes: z
      .object({
        correctedTime: isoInstantSchema.nullable().optional(),
        kind: z.enum(REGISTRATION_KINDS).optional(),
        taskCode: z.string().min(1).max(32).nullable().optional(),
        staffId: externalIdSchema.nullable().optional(),
        recipientId: externalIdSchema.nullable().optional(),
        /** true: the registration is void (e.g. a tag read by mistake). */
        void: z.boolean().optional(),
      })
      .strict(),
    createdAt: isoInstantSchema,
    createdBy: z.string().min(1).max(128),
  })
  .strict();

/** A period locked as the basis for payment. */
export const attestationItemSchema = z
  .object({
    type: z.literal('attestation'),
    id: uuidV7Schema,
    periodStart: isoDateSchema,
    periodEnd: isoDateSchema,
    attestedAt: isoInstantSchema,
    attestedBy: z.string().min(1).max(128),
    /** Registrations the provider attests for the period (a cross-check for the municipality). */
    registrationCount: z.number().int().nonnegative(),
    note: z.string().max(1000).optional(),
    /** 1 for a period's first attest; each attest after a reopen counts up. */
    version: z.number().int().positive().optional(),
    /** The figures as they stood when the provider attested: what the municipality pays on. */
    figures: attestFiguresWire.optional(),
  })
  .strict()
  .refine((a) => a.periodStart <= a.periodEnd, {
    message: 'periodStart after periodEnd',
    path: ['periodEnd'],
  });

export const VISIT_PLAN_STATUSES = ['planned', 'cancelled'] as const;

/** The services a planned visit is for, with the minutes of each (from the order by default). */
export const planServicesSchema = z
  .array(z.object({ code: z.string().min(1).max(32), minutes: z.number().int().min(0).max(10_080) }).strict())
  .max(32);

/**
 * One edit of a planned visit. `id` identifies this edit (idempotency); `planId` the visit.
 * The server keeps the edit with the latest editedAt per planId and hands it down to the
 * provider's other workstations as a `plan` change.
 */
export const visitPlanItemSchema = z
  .object({
    type: z.literal('visitPlan'),
    id: uuidV7Schema,
    planId: uuidSchema,
    recipientId: externalIdSchema,
    orderId: externalIdSchema.nullable(),
    /** One staff member, or two for double staffing. */
    staffIds: z.array(externalIdSchema).min(1).max(2),
    plannedStart: isoInstantSchema,
    plannedEnd: isoInstantSchema,
    tasks: z.array(z.string().min(1).max(32)).max(32),
    services: planServicesSchema.optional(),
    /** The recurring series the visit belongs to, so another workstation can edit it as one. */
    seriesId: uuidSchema.nullable().optional(),
    status: z.enum(VISIT_PLAN_STATUSES),
    editedAt: isoInstantSchema,
    editedBy: z.string().min(1).max(128),
  })
  .strict()
  .refine((p) => Date.parse(p.plannedStart) <= Date.parse(p.plannedEnd), {
    message: 'plannedStart after plannedEnd',
    path: ['plannedEnd'],
  });

export const DEVIATION_REPORT_KINDS = ['missed', 'late', 'short', 'notice'] as const;

/** A file beside a deviation report: it becomes a document of its own in the municipality's case. */
export const reportAttachmentSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    mediaType: z.enum(['application/pdf', 'image/png', 'image/jpeg']),
    /** Base64; 256 KB at most, so a report always fits in one push. */
    data: z.base64().max(349_528),
  })
  .strict();

/**
 * What office staff report to the municipality: a missed visit, a visit late or short (by how many
 * minutes), or a notice in their own words. The municipality files it as a case (TWeb, Finland).
 */
export const deviationReportItemSchema = z
  .object({
    type: z.literal('deviationReport'),
    id: uuidV7Schema,
    kind: z.enum(DEVIATION_REPORT_KINDS),
    recipientId: externalIdSchema.nullable(),
    planId: uuidSchema.nullable(),
    visitStart: isoInstantSchema.nullable(),
    minutes: z.number().int().min(1).max(1440).nullable(),
    text: z.string().trim().min(1).max(4000),
    attachments: z.array(reportAttachmentSchema).max(3),
    filedAt: isoInstantSchema,
    filedBy: z.string().min(1).max(128),
  })
  .strict();

export const pushItemSchema = z.discriminatedUnion('type', [
  registrationItemSchema,
  correctionItemSchema,
  attestationItemSchema,
  visitPlanItemSchema,
  deviationReportItemSchema,
]);

export const PUSH_ITEM_TYPES = [
  'registration',
  'correction',
  'attestation',
  'visitPlan',
  'deviationReport',
] as const;
export const pushItemTypeSchema = z.enum(PUSH_ITEM_TYPES);

export type RegistrationItem = z.infer<typeof registrationItemSchema>;
export type CorrectionItem = z.infer<typeof correctionItemSchema>;
export type AttestationItem = z.infer<typeof attestationItemSchema>;
export type VisitPlanItem = z.infer<typeof visitPlanItemSchema>;
export type DeviationReportItem = z.infer<typeof deviationReportItemSchema>;
export type PushItem = z.infer<typeof pushItemSchema>;
export type PushItemType = z.infer<typeof pushItemTypeSchema>;

/**
 * The calendar day (UTC) an item counts under in reconciliation. Both sides must use this
 * function so their per-day counts and id hashes compare.
 */
export function reconciliationDay(item: PushItem): string {
  const instant = (() => {
    switch (item.type) {
      case 'registration':
        return item.penTime;
      case 'correction':
        return item.createdAt;
      case 'attestation':
        return item.attestedAt;
      case 'visitPlan':
        return item.editedAt;
      case 'deviationReport':
        return item.filedAt;
    }
  })();
  return new Date(Date.parse(instant)).toISOString().slice(0, 10);
}
