// Avvikelser → Rapportera till kommunen: office staff report a missed visit, a late or short one,
// or a notice in their own words; the report goes up with the next sync and the municipality
// files it as a case (TWeb in Finnish municipalities).
import { z } from 'zod';
import { procedure } from '../define.ts';
import { DEVIATION_REPORT_KINDS, reportAttachmentSchema } from '../../sync/pushItems.ts';

const office = ['office', 'admin'] as const;

export const reportRecord = z.object({
  id: z.string(),
  kind: z.enum(DEVIATION_REPORT_KINDS),
  recipientId: z.string().nullable(),
  visitStart: z.string().nullable(),
  minutes: z.number().int().nullable(),
  text: z.string(),
  attachments: z.array(z.object({ name: z.string(), mediaType: z.string() })),
  filedAt: z.string(),
  filedBy: z.string(),
  /** Whether the server has it yet. */
  sent: z.boolean(),
});
export type ReportRecord = z.infer<typeof reportRecord>;

export const reportProcedures = {
  'reports.file': procedure({
    access: office,
    input: z
      .object({
        kind: z.enum(DEVIATION_REPORT_KINDS),
        /** The visit it is about; a notice may be about no visit. */
        planId: z.string().uuid().nullable().default(null),
        recipientId: z.string().trim().min(1).max(64).nullable().default(null),
        /** Late or short by this many minutes. */
        minutes: z.number().int().min(1).max(1440).nullable().default(null),
        text: z.string().trim().min(1).max(4000),
        attachments: z.array(reportAttachmentSchema).max(3).default([]),
      })
      .strict(),
    output: reportRecord,
  }),
  'reports.list': procedure({
    access: office,
    readonly: true,
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(reportRecord),
  }),
};
