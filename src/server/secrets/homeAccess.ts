// A recipient's door code and key information: sealed in recipient_secrets, written by the file
// exchange, read only by the pull of the provider the recipient belongs to.
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { recipientSecrets } from '../db/schema.ts';
import type { HomeAccess, SecretSealer } from './seal.ts';

const bind = (providerId: string, recipientId: string) => ['recipient-home', providerId, recipientId];

/** The recipient's home access sealed for its row, or null when there is nothing to keep. */
export function sealHomeAccess(
  sealer: SecretSealer,
  providerId: string,
  recipientId: string,
  value: HomeAccess,
): string | null {
  if (value.doorCode === null && value.keyInformation === null) return null;
  return sealer.seal(value, bind(providerId, recipientId));
}

export async function removeHomeAccess(
  db: Queryable,
  providerId: string,
  recipientId: string,
): Promise<void> {
  await db
    .delete(recipientSecrets)
    .where(and(eq(recipientSecrets.providerId, providerId), eq(recipientSecrets.recipientId, recipientId)));
}

/**
 * The home access of those of `recipientIds` that have one, unsealed. A value that does not open
 * (the key file was replaced) is left out: the workstation then shows none rather than sync failing.
 */
export async function readHomeAccess(
  db: Queryable,
  sealer: SecretSealer,
  providerId: string,
  recipientIds: readonly string[],
): Promise<{ found: Map<string, HomeAccess>; unopened: number }> {
  const found = new Map<string, HomeAccess>();
  let unopened = 0;
  if (recipientIds.length === 0) return { found, unopened };
  const rows = await db
    .select({ recipientId: recipientSecrets.recipientId, sealed: recipientSecrets.sealed })
    .from(recipientSecrets)
    .where(
      and(
        eq(recipientSecrets.providerId, providerId),
        inArray(recipientSecrets.recipientId, [...recipientIds]),
      ),
    );
  for (const r of rows) {
    const v = sealer.unseal(r.sealed, bind(providerId, r.recipientId));
    if (v) found.set(r.recipientId, v);
    else unopened++;
  }
  return { found, unopened };
}
