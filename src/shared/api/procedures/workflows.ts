import { z } from 'zod';
import {
  calendarDateSchema as date,
  calendarMonthSchema as month,
  clockTimeSchema as time,
  dateRange,
} from '../../domain/calendar.ts';
import { deviationKinds } from '../../domain/deviations.ts';
import { procedure } from '../define.ts';
import { isoTime, ok } from './common.ts';

const id = z.string().trim().min(1).max(64);
const registrationKind = z.enum(['arrive', 'depart', 'task']);

export const deviationKind = z.enum(deviationKinds);

/** A recipient as a list shows it: name and address masked unless the user may see them. */
export const recipientRef = z.object({ id: z.string(), name: z.string(), masked: z.boolean() });
export const staffRef = z.object({ id: z.string(), name: z.string() });

export const registrationRow = z.object({
  id: z.string(),
  penSerial: z.string(),
  sequence: z.number().int(),
  tagUid: z.string(),
  kind: registrationKind,
  taskCode: z.number().int().nullable(),
  /** What the pen said, and what counts after clock correction and manual corrections. */
  penTime: isoTime,
  time: isoTime,
  staff: staffRef.nullable(),
  recipient: recipientRef.nullable(),
  flags: z.array(z.string()),
  corrected: z.boolean(),
  voided: z.boolean(),
  manual: z.boolean(),
  deviations: z.array(deviationKind),
  visitId: z.string().nullable(),
  attested: z.boolean(),
  /** Stored after its month was attested: kept, but outside the attested figures. */
  lateAfterAttest: z.boolean(),
});
export type RegistrationRow = z.infer<typeof registrationRow>;

export const deviationRecord = z.object({
  kind: deviationKind,
  at: isoTime,
  staff: staffRef.nullable(),
  recipient: recipientRef.nullable(),
  registrationIds: z.array(z.string()),
  visitIds: z.array(z.string()),
  planId: z.string().nullable(),
  minutes: z.number().int().nullable(),
});
export type DeviationRecord = z.infer<typeof deviationRecord>;

export const visitRecord = z.object({
  id: z.string(),
  staff: staffRef.nullable(),
  recipient: recipientRef.nullable(),
  start: isoTime,
  end: isoTime,
  minutes: z.number().int(),
  planId: z.string().nullable(),
  taskCodes: z.array(z.number().int()),
});

export const correctionChanges = z
  .object({
    time: z.object({ date, time }).strict().optional(),
    kind: registrationKind.optional(),
    staffId: id.nullable().optional(),
    recipientId: id.nullable().optional(),
    void: z.boolean().optional(),
  })
  .strict();

/** A service (insats) a visit is for, with the minutes it takes. */
export const visitService = z
  .object({ code: z.string().trim().min(1).max(32), minutes: z.number().int().min(1).max(1440) })
  .strict();

/** Which stored registrations a re-attribution takes: a pen's or a tag's, from a moment on. */
const attributionRange = {
  source: z.enum(['pen', 'tag']),
  key: id,
  from: isoTime,
  /** Up to (not including); open to now when left out. */
  to: isoTime.optional(),
};

/** A task code on a pen and the service (insats) it counts for. */
const taskServiceRow = z
  .object({ taskCode: z.number().int().min(0).max(65_535), serviceCode: z.string().trim().min(1).max(32) })
  .strict();

export const correctionRecord = z.object({
  id: z.string(),
  correctsId: z.string().nullable(),
  reason: z.string(),
  changes: z.record(z.string(), z.unknown()),
  createdAt: isoTime,
  createdBy: z.string(),
});

/** What is still open in a period: registrations a person should fix before attesting. */
export const openProblems = z
  .object({
    unmatched: z.number().int().min(0),
    unknownStaff: z.number().int().min(0),
    unknownTag: z.number().int().min(0),
  })
  .strict();
export type OpenProblems = z.infer<typeof openProblems>;

export const attestationRecord = z.object({
  id: z.string(),
  month,
  recipient: recipientRef.nullable(),
  attestedAt: isoTime,
  attestedBy: z.string(),
  registrationCount: z.number().int(),
  version: z.number().int().min(1),
  /** Registrations of the period stored after the attest: held outside its figures. */
  lateRegistrations: z.number().int(),
  openProblems: openProblems.nullable(),
  reopenedAt: isoTime.nullable(),
  reopenedBy: z.string().nullable(),
  reopenReason: z.string().nullable(),
});

export const orderRecord = z.object({
  id: z.string(),
  recipient: recipientRef,
  validFrom: date,
  validTo: date.nullable(),
  services: z.array(
    z.object({ code: z.string(), name: z.string(), grantedMinutesPerMonth: z.number().int() }),
  ),
  /** The municipality's version of the order (from BFU), null for an order without one. */
  version: z.number().int().nullable(),
  /** The file the order was imported from and when; null when it came another way. */
  origin: z.object({ file: z.string(), importedAt: isoTime }).nullable(),
});
export type OrderRecord = z.infer<typeof orderRecord>;

export const planWarning = z.object({
  code: z.enum(['plan.overlap', 'plan.outsideOrder', 'plan.overGranted', 'plan.noOrder']),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export const planRecord = z.object({
  id: z.string(),
  recipient: recipientRef,
  orderId: z.string().nullable(),
  staffIds: z.array(z.string()).min(1).max(2),
  start: isoTime,
  end: isoTime,
  tasks: z.array(z.string()),
  services: z.array(z.object({ code: z.string(), minutes: z.number().int() })),
  seriesId: z.string().nullable(),
  status: z.enum(['planned', 'cancelled']),
  editedAt: isoTime,
  editedBy: z.string(),
  warnings: z.array(planWarning),
});
export type PlanRecord = z.infer<typeof planRecord>;

export const billingRow = z.object({
  recipient: recipientRef,
  serviceCode: z.string(),
  serviceName: z.string(),
  grantedMinutes: z.number().int(),
  plannedMinutes: z.number().int(),
  performedMinutes: z.number().int(),
  deviations: z.number().int(),
});
export type BillingRow = z.infer<typeof billingRow>;

const office = ['office', 'admin'] as const;
const planner = ['coordinator', 'admin'] as const;
const anyRole = ['office', 'coordinator', 'admin'] as const;

export const workflowProcedures = {
  'registrations.list': procedure({
    access: office,
    readonly: true,
    input: dateRange({
      staffId: id.optional(),
      recipientId: id.optional(),
      deviation: deviationKind.optional(),
      /** Only the registrations of one kind of open problem. */
      problem: z.enum(['unmatched', 'unknownStaff', 'unknownTag']).optional(),
      onlyDeviations: z.boolean().default(false),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(2000).default(200),
    }),
    output: z.object({
      rows: z.array(registrationRow),
      total: z.number().int(),
      unmatched: z.number().int(),
      unknownStaff: z.number().int(),
      unknownTag: z.number().int(),
    }),
  }),
  'visits.list': procedure({
    access: anyRole,
    readonly: true,
    input: dateRange({ staffId: id.optional(), recipientId: id.optional() }),
    output: z.object({ visits: z.array(visitRecord), deviations: z.array(deviationRecord) }),
  }),
  'corrections.create': procedure({
    access: office,
    input: z
      .object({
        correctsId: id.nullable(),
        reason: z.string().trim().min(3).max(500),
        changes: correctionChanges,
      })
      .strict(),
    output: correctionRecord,
  }),
  /** A missed visit registered by hand in one act: arrive and (optionally) depart, and its services. */
  'corrections.manualVisit': procedure({
    access: office,
    input: z
      .object({
        staffId: id,
        recipientId: id,
        date,
        arrive: time,
        depart: time.optional(),
        /** The depart is on the next day: a visit across midnight, chosen explicitly. */
        overnight: z.boolean().default(false),
        services: z.array(visitService).max(16).default([]),
        reason: z.string().trim().min(3).max(500),
      })
      .strict(),
    output: z.object({ arriveId: z.string(), departId: z.string().nullable() }),
  }),
  /** How many stored registrations a re-attribution would change, and how many are locked. */
  'corrections.reattributePreview': procedure({
    access: office,
    readonly: true,
    input: z.object({ ...attributionRange, staffId: id.optional(), recipientId: id.optional() }).strict(),
    output: z.object({ count: z.number().int(), locked: z.number().int() }),
  }),
  /**
   * Sets the staff member (pen) or the recipient (tag) of every stored registration in the range
   * with one correction each; registrations of attested months are left as they are.
   */
  'corrections.reattribute': procedure({
    access: office,
    input: z
      .object({
        ...attributionRange,
        staffId: id.optional(),
        recipientId: id.optional(),
        reason: z.string().trim().min(3).max(500),
      })
      .strict(),
    output: z.object({ corrected: z.number().int(), locked: z.number().int() }),
  }),
  'corrections.forRegistration': procedure({
    access: office,
    readonly: true,
    input: z.object({ registrationId: id }).strict(),
    output: z.array(correctionRecord),
  }),
  'attestations.list': procedure({
    access: anyRole,
    readonly: true,
    input: z.object({}).strict(),
    output: z.array(attestationRecord),
  }),
  'attestations.preview': procedure({
    access: office,
    readonly: true,
    input: z.object({ month, recipientId: id.optional() }).strict(),
    output: z.object({
      month,
      registrationCount: z.number().int(),
      problems: openProblems,
      /** An administrator's setting: a month with open problems may not be attested. */
      forbidden: z.boolean(),
    }),
  }),
  'attestations.create': procedure({
    access: office,
    input: z
      .object({
        month,
        recipientId: id.optional(),
        note: z.string().max(1000).optional(),
        /** The open problems the attester saw and accepts; must match what is open now. */
        acceptProblems: openProblems.optional(),
      })
      .strict(),
    output: attestationRecord,
  }),
  'attestations.reopen': procedure({
    access: ['admin'],
    input: z.object({ id, reason: z.string().trim().min(3).max(500) }).strict(),
    output: attestationRecord,
  }),
  'recipients.get': procedure({
    access: anyRole,
    input: z.object({ id }).strict(),
    output: z.object({
      id: z.string(),
      name: z.string(),
      personalId: z.string().nullable(),
      address: z.string().nullable(),
      protectedIdentity: z.boolean(),
      masked: z.boolean(),
    }),
  }),
  /** Per recipient and service in a month: granted, planned and performed minutes. */
  'orders.progress': procedure({
    access: anyRole,
    readonly: true,
    input: z.object({ month }).strict(),
    output: z.array(
      z.object({
        recipient: recipientRef,
        serviceCode: z.string(),
        serviceName: z.string(),
        grantedMinutes: z.number().int(),
        plannedMinutes: z.number().int(),
        performedMinutes: z.number().int(),
      }),
    ),
  }),
  'taskServices.list': procedure({
    access: anyRole,
    readonly: true,
    input: z.object({}).strict(),
    output: z.array(taskServiceRow),
  }),
  'taskServices.set': procedure({
    access: ['admin'],
    input: z.object({ rows: z.array(taskServiceRow).max(500) }).strict(),
    output: z.array(taskServiceRow),
  }),
  'orders.list': procedure({
    access: anyRole,
    readonly: true,
    input: z.object({ activeOn: date.optional(), recipientId: id.optional() }).strict(),
    output: z.array(orderRecord),
  }),
  'plans.list': procedure({
    access: anyRole,
    readonly: true,
    input: dateRange({}),
    output: z.object({ plans: z.array(planRecord), staff: z.array(staffRef) }),
  }),
  'plans.save': procedure({
    access: planner,
    input: z
      .object({
        id: z.string().uuid().optional(),
        recipientId: id,
        orderId: id.nullable(),
        staffIds: z.array(id).min(1).max(2),
        date,
        start: time,
        end: time,
        /** The end is on the next day: a visit across midnight, chosen explicitly. */
        overnight: z.boolean().default(false),
        tasks: z.array(z.string().min(1).max(32)).max(32).default([]),
        services: z.array(visitService).max(16).default([]),
      })
      .strict(),
    output: planRecord,
  }),
  'plans.cancel': procedure({
    access: planner,
    input: z.object({ id: z.string().uuid() }).strict(),
    output: ok,
  }),
  'plans.generate': procedure({
    access: planner,
    input: dateRange({
      orderId: id,
      weekdays: z.array(z.number().int().min(1).max(7)).min(1),
      start: time,
      minutes: z.number().int().min(5).max(720),
      staffIds: z.array(id).min(1).max(2),
      tasks: z.array(z.string().min(1).max(32)).max(32).default([]),
      everyWeeks: z.union([z.literal(1), z.literal(2)]).default(1),
    }),
    output: z.object({ created: z.number().int(), warnings: z.array(planWarning) }),
  }),
  /** A recurring series from a date on: cancelled, or moved to a new time and staff. */
  'plans.editSeries': procedure({
    access: planner,
    input: z
      .object({
        seriesId: z.string().uuid(),
        from: date,
        cancel: z.boolean().default(false),
        start: time.optional(),
        end: time.optional(),
        staffIds: z.array(id).min(1).max(2).optional(),
      })
      .strict(),
    output: z.object({ changed: z.number().int() }),
  }),
  'plans.summary': procedure({
    access: anyRole,
    readonly: true,
    input: z.object({ month }).strict(),
    output: z.array(
      z.object({
        recipient: recipientRef,
        grantedMinutes: z.number().int(),
        plannedMinutes: z.number().int(),
      }),
    ),
  }),
  'billing.basis': procedure({
    access: office,
    readonly: true,
    input: z.object({ month }).strict(),
    output: z.object({
      month,
      rows: z.array(billingRow),
      weeks: z.array(
        z.object({ week: z.string(), plannedMinutes: z.number().int(), performedMinutes: z.number().int() }),
      ),
      attested: z.boolean(),
      /** The attest whose snapshot these figures are, for the whole provider; null while open. */
      attestation: z
        .object({ id: z.string(), version: z.number().int(), attestedAt: isoTime, attestedBy: z.string() })
        .nullable(),
      lateRegistrations: z.number().int(),
    }),
  }),
  'billing.export': procedure({
    access: office,
    input: z.object({ month, format: z.enum(['csv', 'pdf']) }).strict(),
    output: z.object({ filename: z.string(), mediaType: z.string(), base64: z.string() }),
  }),
};
