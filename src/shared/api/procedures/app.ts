import { z } from 'zod';
import { procedure } from '../define.ts';
import { errorBody } from '../envelope.ts';
import { language, none } from './common.ts';

export const appProcedures = {
  'app.info': procedure({
    access: 'public',
    readonly: true,
    input: none,
    output: z.object({
      name: z.literal('CareDock'),
      version: z.string(),
      setupNeeded: z.boolean(),
      defaultLanguage: language,
      /** The municipality's time zone: the UI shows days and times in it, not in the browser's. */
      timeZone: z.string(),
      shell: z.enum(['electron', 'headless']),
      /** The first-run screen may offer "Try the demo". */
      demoAvailable: z.boolean(),
    }),
  }),
  /** Standing warnings about this installation, as catalogue entries (the data folder's rights). */
  'app.warnings': procedure({ access: 'session', readonly: true, input: none, output: z.array(errorBody) }),
  /** Starts the demo municipality on this PC (first run only); setup of the first admin follows. */
  'app.startDemo': procedure({ access: 'public', input: none, output: z.object({ ok: z.literal(true) }) }),
};
