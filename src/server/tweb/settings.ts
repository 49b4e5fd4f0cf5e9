// Per municipality: whether providers' reports and attested months are filed in TWeb, the late and
// short thresholds, and the connection (the adapter's settings: integrations/tweb/settings.ts).
// The connection holds the client secret or API key, so it is stored sealed with the server's
// secrets key (src/server/secrets/seal.ts), bound to its municipality, and never shown again.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { twebSettings, type TwebSettings } from '../../../integrations/tweb/settings.ts';
import type { Queryable } from '../db/database.ts';
import { sealerFor } from '../secrets/seal.ts';
import { twebSettingsTable } from './tables.ts';

export const twebThresholds = z
  .object({
    /** A visit late by at least this many minutes is filed; less is kept, not filed. */
    lateMinutes: z.number().int().min(0).max(1440),
    shortMinutes: z.number().int().min(0).max(1440),
  })
  .strict();

export const twebMunicipalityInput = z
  .object({
    enabled: z.boolean(),
    thresholds: twebThresholds.default({ lateMinutes: 30, shortMinutes: 15 }),
    connection: twebSettings,
  })
  .strict();
export type TwebMunicipalityInput = z.input<typeof twebMunicipalityInput>;

const stored = z.object({
  enabled: z.boolean(),
  thresholds: twebThresholds,
  /** The connection as JSON, sealed. */
  sealed: z.string(),
});

const bind = (municipalityId: string) => ['tweb', municipalityId];

/** What the rules need in the push's transaction: nothing secret is opened. */
export async function readTwebSettings(
  db: Queryable,
  municipalityId: string,
): Promise<{ enabled: boolean; thresholds: z.infer<typeof twebThresholds> } | null> {
  const rows = await db
    .select({ settings: twebSettingsTable.settings })
    .from(twebSettingsTable)
    .where(eq(twebSettingsTable.municipalityId, municipalityId));
  const s = rows[0] ? stored.safeParse(rows[0].settings) : null;
  return s?.success ? { enabled: s.data.enabled, thresholds: s.data.thresholds } : null;
}

/** The connection, opened; null when none is set or it does not open with this server's key. */
export async function readTwebConnection(
  db: Queryable,
  secretsKey: string,
  municipalityId: string,
): Promise<TwebSettings | null> {
  const rows = await db
    .select({ settings: twebSettingsTable.settings })
    .from(twebSettingsTable)
    .where(eq(twebSettingsTable.municipalityId, municipalityId));
  const s = rows[0] ? stored.safeParse(rows[0].settings) : null;
  if (!s?.success) return null;
  const text = sealerFor(secretsKey).unsealText(s.data.sealed, bind(municipalityId));
  if (text === null) return null;
  const parsed = twebSettings.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

export async function writeTwebSettings(
  db: Queryable,
  secretsKey: string,
  municipalityId: string,
  input: z.output<typeof twebMunicipalityInput>,
): Promise<void> {
  const settings = {
    enabled: input.enabled,
    thresholds: input.thresholds,
    sealed: sealerFor(secretsKey).sealText(JSON.stringify(input.connection), bind(municipalityId)),
  };
  await db
    .insert(twebSettingsTable)
    .values({ municipalityId, settings })
    .onConflictDoUpdate({
      target: twebSettingsTable.municipalityId,
      set: { settings, updatedAt: new Date() },
    });
}

/** The settings as the admin sees them again: secrets shown only as set. */
export function redacted(s: TwebSettings) {
  const auth = s.auth.type === 'oauth2' ? { ...s.auth, clientSecret: '(set)' } : { ...s.auth, key: '(set)' };
  return { ...s, auth, ...(s.ca ? { ca: '(set)' } : {}) };
}
