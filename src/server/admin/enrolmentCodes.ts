// One-time enrolment codes. Only a hash is stored: a database dump does not hand out codes.
import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { externalIdSchema } from '../../shared/sync/ids.ts';
import type { ServerContext } from '../context.ts';
import { enrolmentCodes } from '../db/schema.ts';
import { getProvider, parseInput } from './organisations.ts';
import { recordAudit } from '../audit.ts';

// No 0/O, 1/I: codes are read aloud over the phone.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export const createEnrolmentCodeInput = z.object({
  providerId: externalIdSchema,
  validHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .optional(),
});

export function hashEnrolmentCode(code: string): string {
  return createHash('sha256').update(`caredock-enrolment:${code.trim().toUpperCase()}`).digest('hex');
}

function newCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

export async function createEnrolmentCode(
  ctx: ServerContext,
  input: z.input<typeof createEnrolmentCodeInput>,
  actor = 'admin',
): Promise<{ code: string; providerId: string; expiresAt: string }> {
  const { providerId, validHours } = parseInput(createEnrolmentCodeInput, input);
  const provider = await getProvider(ctx, providerId);
  const code = newCode();
  const expiresAt = new Date(ctx.now().getTime() + (validHours ?? ctx.config.enrolmentCodeHours) * 3_600_000);
  await ctx.database.db.transaction(async (tx) => {
    await tx.insert(enrolmentCodes).values({ codeHash: hashEnrolmentCode(code), providerId, expiresAt });
    // The code itself is never recorded: only that one was made, for whom, valid until when.
    await recordAudit(tx, {
      action: 'enrolmentCode.created',
      actor,
      municipalityId: provider.municipalityId,
      providerId,
      details: { expiresAt: expiresAt.toISOString() },
    });
  });
  ctx.log.info({ providerId, expiresAt }, 'enrolment code created');
  return { code, providerId, expiresAt: expiresAt.toISOString() };
}
