import { z } from 'zod';
import { procedure } from '../define.ts';
import { timeZones } from '../../domain/time.ts';
import { language, none } from './common.ts';

/** One column of the billing CSV: which figure, under which header the municipality reads. */
export const billingColumn = z
  .object({
    key: z.enum([
      'month',
      'recipientId',
      'recipientName',
      'serviceCode',
      'serviceName',
      'grantedHours',
      'plannedHours',
      'performedHours',
      'deviations',
      'attestVersion',
    ]),
    header: z.string().min(1).max(60),
  })
  .strict();
export type BillingColumn = z.infer<typeof billingColumn>;

export const settingsRecord = z.object({
  idleLockSeconds: z.number().int().min(5).max(86_400),
  defaultLanguage: language,
  /** The municipality's time zone: days, months and typed times are read in it. */
  timeZone: z.enum(timeZones),
  billingColumns: z.array(billingColumn).min(1).max(20),
  /** Whether a month with open problems may be attested after a confirmation, or not at all. */
  attestOpenProblems: z.enum(['confirm', 'forbid']),
});
export type Settings = z.infer<typeof settingsRecord>;

export const settingsProcedures = {
  'settings.get': procedure({ access: ['admin'], readonly: true, input: none, output: settingsRecord }),
  'settings.update': procedure({
    access: ['admin'],
    input: settingsRecord.partial().strict(),
    output: settingsRecord,
  }),
};
