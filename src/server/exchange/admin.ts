// What the admin API and `caredock server import|export|exchange` do with the file exchange.
import { randomUUID } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { externalIdSchema } from '../../shared/sync/ids.ts';
import type { ServerContext } from '../context.ts';
import { exchangeFiles } from '../db/schema.ts';
import { AdminError } from '../errors.ts';
import { getMunicipality } from '../admin/organisations.ts';
import { ensureFolders, foldersOf, type FileFormat } from './folders.ts';
import type { ImportOutcome, ImportSource } from './importFile.ts';
import { importIsolated } from './isolatedImport.ts';
import {
  exchangeSettingsSchema,
  readExchangeSettings,
  writeExchangeSettings,
  type ExchangeSettings,
} from './settings.ts';

export const fileFormatSchema = z.enum(['bfu', 'mfu']);
/** A file's own name: no folders, no hidden names, nothing a path could climb out of. */
export const uploadNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9ÅÄÖåäöÉéÜü][A-Za-z0-9ÅÄÖåäöÉéÜü ._-]*$/, 'a plain file name');
export const exportInput = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }).strict();
export const listFilesInput = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) });

/** Larger uploads are refused while spooling; a drop folder has no such limit (it streams). */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** An uploaded file: spooled into in/ under a hidden name (never taken by the poll), then imported. */
export async function importUpload(
  ctx: ServerContext,
  municipalityId: string,
  format: FileFormat,
  name: string,
  body: Readable,
  // The admin API's upload and the console's take the same road; the row says which it was.
  source: 'api' | 'console' = 'api',
): Promise<ImportOutcome> {
  await getMunicipality(ctx, municipalityId);
  const folders = foldersOf(ctx.paths, municipalityId);
  ensureFolders(folders);
  const spool = path.join(folders.in, `.upload-${randomUUID()}`);
  let bytes = 0;
  try {
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          if (bytes > MAX_UPLOAD_BYTES)
            throw new AdminError(
              'admin.invalid',
              'the file is larger than 2 GB; drop it in the folder instead',
            );
          yield chunk;
        }
      },
      createWriteStream(spool),
    );
    return await importIsolated(ctx, { municipalityId, format, file: spool, name, source });
  } finally {
    rmSync(spool, { force: true });
  }
}

export async function listExchangeFiles(ctx: ServerContext, municipalityId: string, limit: number) {
  await getMunicipality(ctx, municipalityId);
  const rows = await ctx.database.db
    .select()
    .from(exchangeFiles)
    .where(eq(exchangeFiles.municipalityId, municipalityId))
    .orderBy(desc(exchangeFiles.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id.toString(),
    format: r.format,
    name: r.name,
    status: r.status,
    records: r.records,
    rejected: r.rejected,
    code: r.code,
    params: r.params,
    source: r.source,
    finishedAt: r.finishedAt.toISOString(),
  }));
}

export async function getExchangeSettings(
  ctx: ServerContext,
  municipalityId: string,
): Promise<ExchangeSettings> {
  await getMunicipality(ctx, municipalityId);
  return readExchangeSettings(ctx.database.db, municipalityId);
}

export async function putExchangeSettings(
  ctx: ServerContext,
  municipalityId: string,
  input: unknown,
): Promise<ExchangeSettings> {
  await getMunicipality(ctx, municipalityId);
  const parsed = exchangeSettingsSchema.safeParse(input);
  if (!parsed.success) throw new AdminError('admin.invalid', z.prettifyError(parsed.error));
  await writeExchangeSettings(ctx.database.db, municipalityId, parsed.data);
  return parsed.data;
}

export const municipalityParams = z.object({ municipalityId: externalIdSchema });
export const importParams = z.object({ municipalityId: externalIdSchema, format: fileFormatSchema });
export type { ImportSource };
