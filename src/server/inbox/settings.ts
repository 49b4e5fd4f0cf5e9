// Per municipality: whether the 1177 inbox is used, which rules send, the sending unit, when the
// week's times go out, and the connection to the national service platform. The function
// certificate's key stays in a file on the server; the settings name the files.
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { createInbox, isValidHsaId, type PatientInbox } from '../../../integrations/patientportal/index.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Queryable } from '../db/database.ts';
import { inboxSettingsTable } from './tables.ts';

export const inboxMunicipalitySettings = z
  .object({
    enabled: z.boolean(),
    rules: z
      .object({
        /** A planned visit moved or cancelled less than 48 hours before it starts. */
        changedSoon: z.boolean(),
        /** On the chosen weekday and hour: next week's times, to recipients who asked for them. */
        weekly: z.boolean(),
      })
      .strict(),
    /** Swedish for citizens; English exists for tests and reviews. */
    language: z.enum(['sv', 'en']).default('sv'),
    /** The sending unit as 1177 knows it (its HSA id) and the name the citizen sees. */
    sender: z.object({ hsaId: z.string().trim(), name: z.string().trim().min(1).max(200) }).strict(),
    weekly: z
      .object({
        /** ISO weekday, 1 = Monday. */
        weekday: z.number().int().min(1).max(7),
        hour: z.number().int().min(0).max(23),
      })
      .strict()
      .default({ weekday: 5, hour: 12 }),
    /** The year the municipality was connected to 1177: the one-off fee falls in it. */
    connectedYear: z.number().int().min(2000).max(2100).optional(),
    connection: z
      .object({
        version: z.literal('1.0'),
        endpoints: z.object({ isActiveUser: z.url(), addMessage: z.url() }).strict(),
        logicalAddress: z.string().trim().min(1),
        sourceSystem: z.string().trim().min(1),
        tls: z
          .object({ keyFile: z.string().min(1), certFile: z.string().min(1), caFile: z.string().min(1) })
          .strict(),
        timeoutMs: z.number().int().positive().optional(),
      })
      .strict(),
  })
  .strict();
export type InboxMunicipalitySettings = z.infer<typeof inboxMunicipalitySettings>;

/** Checks what zod cannot: the sending unit's HSA id. */
export function checkInboxSettings(s: InboxMunicipalitySettings): void {
  if (!isValidHsaId(s.sender.hsaId))
    throw new CareDockError('patientportal.invalidHsaId', { unitId: s.sender.hsaId });
}

export async function readInboxSettings(
  db: Queryable,
  municipalityId: string,
): Promise<InboxMunicipalitySettings | null> {
  const rows = await db
    .select({ settings: inboxSettingsTable.settings })
    .from(inboxSettingsTable)
    .where(eq(inboxSettingsTable.municipalityId, municipalityId));
  return rows[0] ? inboxMunicipalitySettings.parse(rows[0].settings) : null;
}

export async function writeInboxSettings(
  db: Queryable,
  municipalityId: string,
  settings: InboxMunicipalitySettings,
): Promise<void> {
  checkInboxSettings(settings);
  await db
    .insert(inboxSettingsTable)
    .values({ municipalityId, settings })
    .onConflictDoUpdate({
      target: inboxSettingsTable.municipalityId,
      set: { settings, updatedAt: new Date() },
    });
}

/** The inbox adapter for a municipality's connection, its certificate read from disk. */
export function inboxFor(s: InboxMunicipalitySettings): PatientInbox {
  const c = s.connection;
  let tls: { key: string; cert: string; ca: string };
  try {
    tls = {
      key: readFileSync(c.tls.keyFile, 'utf8'),
      cert: readFileSync(c.tls.certFile, 'utf8'),
      ca: readFileSync(c.tls.caFile, 'utf8'),
    };
  } catch {
    throw new CareDockError('patientportal.certificateUnreadable', { file: c.tls.certFile });
  }
  return createInbox({
    version: c.version,
    endpoints: c.endpoints,
    logicalAddress: c.logicalAddress,
    sourceSystem: c.sourceSystem,
    tls,
    ...(c.timeoutMs === undefined ? {} : { timeoutMs: c.timeoutMs }),
  });
}
