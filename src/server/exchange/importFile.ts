// One file into the server, whole or not at all: the file streams through its format's reader in
// one transaction (bounded memory: records are checked and written 500 at a time); any rejected
// record, or a broken file, rolls it all back. The result file lists every record; the file moves
// to archive/ beside it. A file whose digest was imported before changes nothing.
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, rmSync } from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { CareDockError, type ErrorParams } from '../../shared/errors/index.ts';
import {
  DEFAULT_READ_LIMITS,
  readBfuOrders,
  readMfuRecipients,
  type BfuOrder,
  type MfuRecipient,
  type ReadLimits,
  type RecordResult,
} from '../../../integrations/file-exchange/index.ts';
import { recordAudit } from '../audit.ts';
import type { ServerContext } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { exchangeFiles, municipalities, providers } from '../db/schema.ts';
import { sealerFor } from '../secrets/seal.ts';
import { sequencePendingChanges } from '../sync/sequencer.ts';
import { BfuFileState, checkBfuBatch, writeBfuBatch, type BatchContext, type Checked } from './bfuImport.ts';
import { archiveName, ensureFolders, foldersOf, moveToArchive, type FileFormat } from './folders.ts';
import { MfuFileState, checkMfuBatch, writeMfuBatch } from './mfuImport.ts';
import { ResultFile, type FileStatus } from './resultFile.ts';
import { readExchangeSettings } from './settings.ts';

const BATCH = 500;

export type ImportSource = 'drop' | 'api' | 'cli' | 'console';

export interface ImportRequest {
  municipalityId: string;
  format: FileFormat;
  /** The file to read; it is moved (drop, api) or copied (cli) into archive/. */
  file: string;
  /** The name the file is known by (its name in in/, or the uploaded name). */
  name: string;
  source: ImportSource;
  limits?: ReadLimits;
  /** Called every few thousand records, so a long import shows it is moving. */
  onProgress?: (records: number) => void;
}

export interface ImportOutcome {
  fileId: string | null;
  status: FileStatus;
  code: string | null;
  params: ErrorParams;
  records: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  archivedAs: string;
  resultFile: string;
}

class Refused extends Error {
  readonly code: string;
  readonly params: ErrorParams;
  constructor(code: string, params: ErrorParams) {
    super(code);
    this.code = code;
    this.params = params;
  }
}

async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function importedBefore(db: Queryable, m: string, format: string, sha: string) {
  const rows = await db
    .select({ id: exchangeFiles.id, at: exchangeFiles.finishedAt })
    .from(exchangeFiles)
    .where(
      and(
        eq(exchangeFiles.municipalityId, m),
        eq(exchangeFiles.format, format),
        eq(exchangeFiles.sha256, sha),
        eq(exchangeFiles.status, 'imported'),
      ),
    );
  return rows[0] ?? null;
}

/** The file's row in exchange_files: while it imports, and what became of it. */
async function fileRow(
  db: Queryable,
  req: ImportRequest,
  sha: string,
  outcome: { status: string; records: number; rejected: number; code?: string | null; params?: ErrorParams },
): Promise<bigint> {
  const [row] = await db
    .insert(exchangeFiles)
    .values({
      municipalityId: req.municipalityId,
      format: req.format,
      name: req.name,
      sha256: sha,
      source: req.source,
      status: outcome.status,
      records: outcome.records,
      rejected: outcome.rejected,
      code: outcome.code ?? null,
      params: outcome.params ?? {},
    })
    .returning({ id: exchangeFiles.id });
  return row!.id;
}

export async function importFile(ctx: ServerContext, req: ImportRequest): Promise<ImportOutcome> {
  const db = ctx.database.db;
  const m = await db.select().from(municipalities).where(eq(municipalities.id, req.municipalityId));
  if (m.length === 0)
    throw new CareDockError('exchange.file.unknownMunicipality', { municipality: req.municipalityId });
  let sha: string;
  try {
    sha = await sha256Of(req.file);
  } catch {
    throw new CareDockError('exchange.file.unreadable', { file: req.name });
  }
  const folders = foldersOf(ctx.paths, req.municipalityId);
  ensureFolders(folders);
  const takenAt = ctx.now();
  const archivedAs = archiveName(folders, path.basename(req.name), takenAt);
  const result = new ResultFile(path.join(folders.archive, `${archivedAs}.result.csv`));
  const counts = { records: 0, accepted: 0, unchanged: 0, rejected: 0 };
  const settings = await readExchangeSettings(db, req.municipalityId);
  const limits = req.limits ?? DEFAULT_READ_LIMITS;
  let fileId: bigint | null = null;
  let status: FileStatus = 'imported';
  let code: string | null = null;
  let params: ErrorParams = {};

  try {
    const before = await importedBefore(db, req.municipalityId, req.format, sha);
    if (before) {
      status = 'unchanged';
      code = 'exchange.file.alreadyImported';
      params = { at: before.at.toISOString() };
      fileId = before.id;
    } else {
      fileId = await db.transaction(async (tx) => {
        // One import per municipality at a time, across every server process.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`exchange:${req.municipalityId}`}))`);
        const again = await importedBefore(tx, req.municipalityId, req.format, sha);
        if (again) throw new Refused('exchange.file.alreadyImported', { at: again.at.toISOString() });
        const id = await fileRow(tx, req, sha, { status: 'importing', records: 0, rejected: 0 });
        const batchCtx: BatchContext = {
          municipalityId: req.municipalityId,
          providers: new Set(
            (
              await tx
                .select({ id: providers.id })
                .from(providers)
                .where(eq(providers.municipalityId, req.municipalityId))
            ).map((p) => p.id),
          ),
          fileId: id,
          fileName: req.name,
          importedAt: takenAt.toISOString(),
          sealer: sealerFor(ctx.paths.secretsKey),
        };
        const source = createReadStream(req.file, { highWaterMark: 64 * 1024 });
        try {
          if (req.format === 'bfu') {
            const state = new BfuFileState();
            await run(
              readBfuOrders(source, { municipalityId: req.municipalityId, limits }),
              (b) => checkBfuBatch(tx, batchCtx, state, b),
              (ok) => writeBfuBatch(tx, batchCtx, state, ok),
            );
          } else {
            const state = new MfuFileState();
            await run(
              readMfuRecipients(source, settings.recipientMapping, { limits }),
              (b) => checkMfuBatch(tx, batchCtx, state, b),
              (ok) => writeMfuBatch(tx, batchCtx, settings.recipientMapping, ok),
            );
          }
        } finally {
          source.destroy();
        }
        if (counts.records === 0) throw new Refused('exchange.file.empty', {});
        if (counts.rejected > 0)
          throw new Refused('exchange.file.refused', { rejected: counts.rejected, records: counts.records });
        await tx
          .update(exchangeFiles)
          .set({ status: 'imported', records: counts.records, rejected: 0, finishedAt: sql`now()` })
          .where(eq(exchangeFiles.id, id));
        await recordAudit(tx, {
          action: 'exchange.imported',
          actor: req.source === 'drop' ? 'server' : 'admin',
          municipalityId: req.municipalityId,
          details: {
            file: req.name,
            format: req.format,
            fileId: id.toString(),
            records: counts.records,
            accepted: counts.accepted,
            unchanged: counts.unchanged,
          },
        });
        return id;
      });
      await sequencePendingChanges(db);
    }
  } catch (err) {
    const refusal =
      err instanceof Refused
        ? err
        : err instanceof CareDockError && err.code.startsWith('exchange.file.')
          ? new Refused(err.code, err.params)
          : null;
    if (!refusal) {
      await result.abandon();
      throw err;
    }
    code = refusal.code;
    params = refusal.params;
    if (code === 'exchange.file.alreadyImported') status = 'unchanged';
    else {
      status = 'refused';
      fileId = await db.transaction(async (tx) => {
        const id = await fileRow(tx, req, sha, {
          status: 'refused',
          records: counts.records,
          rejected: counts.rejected,
          code,
          params,
        });
        await recordAudit(tx, {
          action: 'exchange.refused',
          actor: req.source === 'drop' ? 'server' : 'admin',
          municipalityId: req.municipalityId,
          details: {
            file: req.name,
            format: req.format,
            fileId: id.toString(),
            code,
            records: counts.records,
            rejected: counts.rejected,
          },
        });
        return id;
      });
    }
  }
  const resultFile = await result.finish(status, code, params);
  if (req.source === 'cli') copyFileSync(req.file, path.join(folders.archive, archivedAs));
  else moveToArchive(folders, req.file, archivedAs);
  rmSync(`${req.file}.ready`, { force: true });
  ctx.log.info(
    { municipalityId: req.municipalityId, file: req.name, format: req.format, status, code, ...counts },
    `exchange: ${req.format} file ${status}`,
  );
  return { fileId: fileId?.toString() ?? null, status, code, params, ...counts, archivedAs, resultFile };

  async function run<T>(
    records: AsyncIterable<RecordResult<T>>,
    check: (batch: { record: T; line: number }[]) => Promise<Checked<T>[]>,
    write: (accepted: T[]) => Promise<void>,
  ): Promise<void> {
    // Records the reader refused wait in the batch too, so the result file keeps the file's order.
    let batch: RecordResult<T>[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const readable = batch.filter((r): r is Extract<RecordResult<T>, { ok: true }> => r.ok);
      const checked = await check(readable.map((r) => ({ record: r.record, line: r.place.line })));
      const verdicts = new Map(readable.map((r, i) => [r, checked[i]!.verdict]));
      const accepted: T[] = [];
      for (const r of batch) {
        if (!r.ok) {
          counts.rejected++;
          await result.record(r.place, r.key, 'rejected', r.code, r.params);
          continue;
        }
        const v = verdicts.get(r)!;
        if (v.status === 'rejected') {
          counts.rejected++;
          await result.record(r.place, r.key, 'rejected', v.code, v.params);
        } else {
          if (v.status === 'accepted') {
            counts.accepted++;
            accepted.push(r.record);
          } else counts.unchanged++;
          await result.record(r.place, r.key, v.status);
        }
      }
      // Once anything is rejected the file will roll back: the rest is only checked, not written.
      if (counts.rejected === 0) await write(accepted);
      batch = [];
    };
    for await (const r of records) {
      counts.records++;
      if (counts.records % 10_000 === 0) req.onProgress?.(counts.records);
      batch.push(r);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  }
}

export type { BfuOrder, MfuRecipient };
