// What flows down: the municipality's orders, recipients, tags and staff, and the provider's
// visit plans (edited on another workstation). Each is keyed by `id` within its entity type.
import { z } from 'zod';
import { parsePersonalId } from '../domain/personal-id.ts';
import { externalIdSchema, isoDateSchema, isoInstantSchema, uuidSchema } from './ids.ts';
import { planServicesSchema, VISIT_PLAN_STATUSES } from './pushItems.ts';

/**
 * Personnummer / samordningsnummer (Swedish) or henkilötunnus (Finnish), date and check digit
 * checked: one schema, so the sync rows and the console's people procedures agree on what is one.
 */
export const personalIdentityNumberSchema = z
  .string()
  .max(32)
  .refine((v) => parsePersonalId(v) !== null, {
    message: 'not a personnummer, samordningsnummer or henkilötunnus (date or check digit wrong)',
  });

export const recipientSchema = z.object({
  id: externalIdSchema,
  displayName: z.string().min(1).max(200),
  /** Personnummer / samordningsnummer (Swedish) or henkilötunnus (Finnish); null when hidden. */
  personalIdentityNumber: personalIdentityNumberSchema.nullable(),
  /** Skyddad identitet: the UI hides name and address from everyone without need. */
  protectedIdentity: z.boolean(),
  address: z.string().max(300).nullable(),
  phone: z.string().max(32).nullable().optional(),
  /** The home's site id and property designation in the municipality's register (MFU). */
  siteId: z.string().max(64).nullable().optional(),
  propertyDesignation: z.string().max(100).nullable().optional(),
  /**
   * Door code and key information: sealed on the server, unsealed by the pull of this provider
   * only; never in a log, a notice or a calendar item.
   */
  homeAccess: z
    .object({ doorCode: z.string().max(64).nullable(), keyInformation: z.string().max(500).nullable() })
    .nullable()
    .optional(),
});

export const orderServiceSchema = z.object({
  code: z.string().min(1).max(32),
  name: z.string().min(1).max(200),
  /** Beviljad tid per month, in minutes. */
  grantedMinutesPerMonth: z.number().int().nonnegative(),
});

export const orderSchema = z.object({
  id: externalIdSchema,
  recipientId: externalIdSchema,
  services: z.array(orderServiceSchema).max(64),
  validFrom: isoDateSchema,
  validTo: isoDateSchema.nullable(),
  /** The municipality's version of the order (BFU); a later import only replaces it with a newer one. */
  version: z.number().int().positive().optional(),
  /** Where the order came from: the file it was imported from and when. */
  origin: z
    .object({ format: z.enum(['bfu']), file: z.string().min(1).max(255), importedAt: isoInstantSchema })
    .nullable()
    .optional(),
  contacts: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        relation: z.string().max(100).nullable(),
        phone: z.string().max(32).nullable(),
      }),
    )
    .max(10)
    .optional(),
});

export const tagSchema = z.object({
  /** Tag UID, lowercase hex (the same form as RegistrationItem.tagUid). */
  id: z.string().regex(/^(?:[0-9a-f]{2}){4,10}$/),
  recipientId: externalIdSchema,
  label: z.string().max(100).nullable(),
});

export const staffSchema = z.object({
  id: externalIdSchema,
  name: z.string().min(1).max(200),
  active: z.boolean(),
});

export const planSchema = z.object({
  id: uuidSchema,
  recipientId: externalIdSchema,
  orderId: externalIdSchema.nullable(),
  staffIds: z.array(externalIdSchema).min(1).max(2),
  plannedStart: isoInstantSchema,
  plannedEnd: isoInstantSchema,
  tasks: z.array(z.string().min(1).max(32)).max(32),
  services: planServicesSchema.optional(),
  seriesId: uuidSchema.nullable().optional(),
  status: z.enum(VISIT_PLAN_STATUSES),
  editedAt: isoInstantSchema,
  editedBy: z.string().min(1).max(128),
});

const days = z.number().int().min(1).max(36_500);

/**
 * How long the workstation keeps each kind of row once its period is attested and the server has
 * confirmed it (days), and whether a person's data may be erased from it on request. Set by the
 * municipality: in the install profile and as one row (id: the municipality) by sync.
 */
export const retentionPolicySchema = z.object({
  id: externalIdSchema,
  registrationDays: days,
  penBytesDays: days,
  sentOutboxDays: days,
  auditDays: days,
  noticeDays: days,
  erasureAllowed: z.boolean(),
});
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

/**
 * The server erased a person (by the admin API): the workstation may now erase its copy. The
 * personnummer travels only as a SHA-256 of its normalised form, so a workstation can match it
 * to what it holds without the number crossing the wire again.
 */
export const erasureSchema = z.object({
  /** The recipient's id. */
  id: externalIdSchema,
  personalIdHash: z.string().regex(/^[0-9a-f]{64}$/),
  erasedAt: isoInstantSchema,
});
export type Erasure = z.infer<typeof erasureSchema>;

export const SYNC_ENTITY_TYPES = [
  'order',
  'recipient',
  'tag',
  'staff',
  'plan',
  'retention',
  'erasure',
] as const;
export const syncEntityTypeSchema = z.enum(SYNC_ENTITY_TYPES);

export const ENTITY_SCHEMAS = {
  order: orderSchema,
  recipient: recipientSchema,
  tag: tagSchema,
  staff: staffSchema,
  plan: planSchema,
  retention: retentionPolicySchema,
  erasure: erasureSchema,
} as const;

export type Recipient = z.infer<typeof recipientSchema>;
export type Order = z.infer<typeof orderSchema>;
export type Tag = z.infer<typeof tagSchema>;
export type Staff = z.infer<typeof staffSchema>;
export type Plan = z.infer<typeof planSchema>;
export type SyncEntityType = z.infer<typeof syncEntityTypeSchema>;
export type SyncEntity = {
  order: Order;
  recipient: Recipient;
  tag: Tag;
  staff: Staff;
  plan: Plan;
  retention: RetentionPolicy;
  erasure: Erasure;
};
