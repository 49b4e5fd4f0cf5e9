import { z } from 'zod';
import { externalIdSchema, uuidSchema } from '../sync/ids.ts';
import { adminOnly, anyRole, consoleProcedure } from './define.ts';
import { none } from './auth.ts';

const instant = z.string();

export const municipalityView = z.object({ id: z.string(), name: z.string() });

export const addressView = z.object({
  address: z.string(),
  registeredAt: instant,
  /** The console account or CLI that registered it; null for addresses from before it was kept. */
  registeredBy: z.string().nullable(),
});

export const providerView = z.object({
  id: z.string(),
  municipalityId: z.string(),
  name: z.string(),
  addresses: z.array(addressView),
  workstations: z.number().int(),
  activeWorkstations: z.number().int(),
});
export type ProviderView = z.infer<typeof providerView>;

export const workstationView = z.object({
  id: z.string(),
  providerId: z.string(),
  name: z.string(),
  certSerial: z.string(),
  certNotAfter: instant,
  enrolledAt: instant,
  revokedAt: instant.nullable(),
  revokedReason: z.string().nullable(),
  /** When the server last answered it, the source address it saw, and the version it said it ran. */
  lastSeenAt: instant.nullable(),
  lastAddress: z.string().nullable(),
  clientVersion: z.string().nullable(),
  /** When the workstation last renewed its certificate itself (null: the one from enrolment). */
  renewedAt: instant.nullable(),
});
export type WorkstationView = z.infer<typeof workstationView>;

export const enrolmentCodeView = z.object({
  /** The code's first characters of its hash: enough to tell codes apart, useless to enrol with. */
  ref: z.string(),
  expiresAt: instant,
  usedAt: instant.nullable(),
  workstationId: z.string().nullable(),
  createdAt: instant,
});

export const providerDetail = z.object({
  provider: providerView,
  workstations: z.array(workstationView),
  enrolmentCodes: z.array(enrolmentCodeView),
});

const providerRef = z.object({ providerId: externalIdSchema });

export const consoleOrganisationProcedures = {
  'municipalities.list': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: none,
    output: z.array(municipalityView),
  }),
  'providers.list': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: z.object({ municipalityId: externalIdSchema.optional() }),
    output: z.array(providerView),
  }),
  'providers.get': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: providerRef,
    output: providerDetail,
  }),
  'providers.add': consoleProcedure({
    access: adminOnly,
    input: z.object({
      id: externalIdSchema,
      municipalityId: externalIdSchema,
      name: z.string().trim().min(1).max(200),
    }),
    output: providerView,
  }),
  'providers.addAddress': consoleProcedure({
    access: adminOnly,
    input: providerRef.extend({ address: z.string().trim().min(1).max(64) }),
    output: providerView,
  }),
  'providers.removeAddress': consoleProcedure({
    access: adminOnly,
    input: providerRef.extend({ address: z.string().trim().min(1).max(64) }),
    output: providerView,
  }),
  'providers.createEnrolmentCode': consoleProcedure({
    access: adminOnly,
    input: providerRef.extend({ validHours: z.number().int().min(1).max(2160).optional() }),
    output: z.object({ code: z.string(), expiresAt: instant }),
  }),
  'providers.installProfile': consoleProcedure({
    access: adminOnly,
    readonly: true,
    input: z.object({ municipalityId: externalIdSchema }),
    output: z.object({ fileName: z.string(), json: z.string() }),
  }),
  'workstations.list': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: z.object({ providerId: externalIdSchema.optional() }),
    output: z.array(workstationView),
  }),
  'workstations.expiring': consoleProcedure({
    access: anyRole,
    readonly: true,
    input: z.object({ withinDays: z.number().int().min(1).max(365).default(30) }),
    output: z.array(workstationView),
  }),
  'workstations.revoke': consoleProcedure({
    access: adminOnly,
    input: z.object({ workstationId: uuidSchema, reason: z.string().trim().min(1).max(500) }),
    output: workstationView,
  }),
};
