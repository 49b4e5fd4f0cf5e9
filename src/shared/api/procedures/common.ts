import { z } from 'zod';
import { instantSchema } from '../../domain/calendar.ts';
import { languages } from '../../errors/types.ts';
import { roles } from '../define.ts';

export const language = z.enum(languages);
export const role = z.enum(roles);
export const none = z.object({}).strict();
export const ok = z.object({ ok: z.literal(true) });
export const isoTime = instantSchema;

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, 'only letters a–z, digits, dot, dash and underscore');
export const password = z.string().min(1).max(200);
export const displayName = z.string().trim().min(1).max(120);

export const sessionInfo = z.object({
  user: z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(role),
    language,
    mustChangePassword: z.boolean(),
  }),
  locked: z.boolean(),
  idleLockSeconds: z.number().int(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;
