import { z } from 'zod';
import { procedure } from '../define.ts';
import { language, none } from './common.ts';

export const settingsRecord = z.object({
  idleLockSeconds: z.number().int().min(5).max(86_400),
  defaultLanguage: language,
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
