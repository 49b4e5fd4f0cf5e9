import type { z } from 'zod';
import { appProcedures } from './procedures/app.ts';
import { authProcedures } from './procedures/auth.ts';
import { deviceProcedures } from './procedures/devices.ts';
import { dockingProcedures } from './procedures/docking.ts';
import { jobProcedures } from './procedures/jobs.ts';
import { peopleProcedures } from './procedures/people.ts';
import { workflowProcedures } from './procedures/workflows.ts';
import { settingsProcedures } from './procedures/settings.ts';
import { syncProcedures } from './procedures/sync.ts';
import { userProcedures } from './procedures/users.ts';
import { noticeProcedures } from './procedures/notices.ts';
import { calendarProcedures } from './procedures/calendar.ts';
import { reportProcedures } from './procedures/reports.ts';

/** Every procedure the UI can call, in one place. Both transports serve exactly this list. */
export const procedures = {
  ...appProcedures,
  ...authProcedures,
  ...userProcedures,
  ...settingsProcedures,
  ...deviceProcedures,
  ...dockingProcedures,
  ...workflowProcedures,
  ...syncProcedures,
  ...jobProcedures,
  ...noticeProcedures,
  ...peopleProcedures,
  ...calendarProcedures,
  ...reportProcedures,
};

export type Procedures = typeof procedures;
export type ProcedureName = keyof Procedures;
export type ProcedureInput<N extends ProcedureName> = z.input<Procedures[N]['input']>;
export type ProcedureOutput<N extends ProcedureName> = z.output<Procedures[N]['output']>;

export function isProcedureName(name: string): name is ProcedureName {
  return Object.hasOwn(procedures, name);
}
