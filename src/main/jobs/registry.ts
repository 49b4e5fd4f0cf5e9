// Every job kind the workstation runs, in one list: the core's queue, `caredock jobs` and the
// tests register the same kinds, so a job written by one is readable by the others.
import { integrationJobKinds } from '../integrations/kinds.ts';
import { syncJobKinds } from '../sync/kinds.ts';
import { calendarJobKinds } from '../calendar/kinds.ts';

export const workstationJobKinds = [...syncJobKinds, ...integrationJobKinds, ...calendarJobKinds] as const;
