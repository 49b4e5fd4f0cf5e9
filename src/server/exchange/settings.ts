// The file exchange's settings per municipality: which MFU header holds which field on the way in,
// and the columns of the MFU time file on the way out (like the billing CSV's layout).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  DEFAULT_MFU_RECIPIENT_MAPPING,
  DEFAULT_MFU_TIME_COLUMNS,
  mfuRecipientMapping,
  mfuTimeColumns,
} from '../../../integrations/file-exchange/records.ts';
import type { Queryable } from '../db/database.ts';
import { exchangeSettings } from '../db/schema.ts';

export const exchangeSettingsSchema = z
  .object({
    recipientMapping: mfuRecipientMapping.default(DEFAULT_MFU_RECIPIENT_MAPPING),
    timeColumns: mfuTimeColumns.default(DEFAULT_MFU_TIME_COLUMNS),
  })
  .strict();
export type ExchangeSettings = z.infer<typeof exchangeSettingsSchema>;

export async function readExchangeSettings(db: Queryable, municipalityId: string): Promise<ExchangeSettings> {
  const rows = await db
    .select({ settings: exchangeSettings.settings })
    .from(exchangeSettings)
    .where(eq(exchangeSettings.municipalityId, municipalityId));
  return exchangeSettingsSchema.parse(rows[0]?.settings ?? {});
}

export async function writeExchangeSettings(
  db: Queryable,
  municipalityId: string,
  settings: ExchangeSettings,
): Promise<void> {
  await db
    .insert(exchangeSettings)
    .values({ municipalityId, settings })
    .onConflictDoUpdate({ target: exchangeSettings.municipalityId, set: { settings } });
}
