import { z } from 'zod';
import { procedure } from '../define.ts';

const personalId = z.string().trim().min(10).max(32);

/** A person's data: an export of everything held about them, and erasure when the rules allow. */
export const peopleProcedures = {
  'people.export': procedure({
    access: ['admin'],
    input: z.object({ personalId }).strict(),
    output: z.object({
      recipients: z.number().int(),
      json: z.object({ filename: z.string(), mediaType: z.string(), base64: z.string() }),
      pdf: z.object({ filename: z.string(), mediaType: z.string(), base64: z.string() }),
    }),
  }),
  'people.erase': procedure({
    access: ['admin'],
    input: z.object({ personalId }).strict(),
    output: z.object({
      recipients: z.number().int(),
      registrations: z.number().int(),
      backups: z.number().int(),
    }),
  }),
};
