import type { z } from 'zod';
import { consoleAuthProcedures } from './auth.ts';
import { consoleChannelProcedures } from './channels.ts';
import { consoleOperationProcedures } from './operations.ts';
import { consoleOrganisationProcedures } from './organisation.ts';
import { consolePeopleProcedures } from './people.ts';
import { consoleRecordProcedures } from './records.ts';

/** Every procedure the console's web UI can call; the console listener serves exactly this list. */
export const consoleProcedures = {
  ...consoleAuthProcedures,
  ...consoleOrganisationProcedures,
  ...consoleRecordProcedures,
  ...consoleOperationProcedures,
  ...consoleChannelProcedures,
  ...consolePeopleProcedures,
};

export type ConsoleProcedures = typeof consoleProcedures;
export type ConsoleProcedureName = keyof ConsoleProcedures;
export type ConsoleInput<N extends ConsoleProcedureName> = z.input<ConsoleProcedures[N]['input']>;
export type ConsoleOutput<N extends ConsoleProcedureName> = z.output<ConsoleProcedures[N]['output']>;

export function isConsoleProcedureName(name: string): name is ConsoleProcedureName {
  return Object.hasOwn(consoleProcedures, name);
}

/** The console's HTTP paths: one POST per procedure, the CSRF token in this header. */
export const CONSOLE_API_PREFIX = '/api/';
export const CSRF_HEADER = 'x-caredock-csrf';
export const CSRF_COOKIE = '__Host-caredock_csrf';
export const SESSION_COOKIE = '__Host-caredock_console';
