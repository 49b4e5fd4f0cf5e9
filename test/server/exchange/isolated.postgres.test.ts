// On PostgreSQL the server imports a file in a worker thread with a capped heap (isolatedImport.ts):
// the outcome, the progress, the caller's clock and the errors come back as if it ran in place, and
// a thread that runs out of its heap leaves nothing behind.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMunicipality, addProvider } from '../../../src/server/admin/organisations.ts';
import { resultRows } from '../../../src/server/db/database.ts';
import { foldersOf } from '../../../src/server/exchange/folders.ts';
import { importIsolated } from '../../../src/server/exchange/isolatedImport.ts';
import { CareDockError } from '../../../src/shared/errors/index.ts';
import { bfuOrdersFile, writeToFile } from '../../helpers/exchange-files.ts';
import { startFixture, type Fixture } from '../helpers/fixture.ts';
import { findPostgresBin, startPgCluster, type PgCluster } from '../helpers/postgres.ts';

const bin = findPostgresBin();
const M = '1480';
const work = mkdtempSync(path.join(tmpdir(), 'caredock-isolated-'));

// Skipped only where Debian's postgresql binaries are missing: on PGlite the import runs in place.
describe.skipIf(bin === null)('an import in its own thread, on PostgreSQL', () => {
  let cluster: PgCluster;
  let fx: Fixture;
  // A clock a year ahead of the machine's: the archive name shows which clock the thread used.
  const later = () => new Date(Date.now() + 365 * 86_400_000);
  beforeAll(async () => {
    cluster = await startPgCluster(bin!);
    fx = await startFixture(
      { engine: 'postgres', url: await cluster.createDatabase('caredock_isolated') },
      { now: later },
    );
    await addMunicipality(fx.server.ctx, { id: M, name: 'Göteborgs Stad' });
    await addProvider(fx.server.ctx, { id: 'hemtjanst-nord', municipalityId: M, name: 'Hemtjänst Nord' });
  }, 60_000);
  afterAll(async () => {
    await fx?.close();
    await cluster?.stop();
  });
  const count = async (q: ReturnType<typeof sql>) =>
    Number((resultRows(await fx.server.ctx.database.db.execute(q))[0] as { n: number }).n);

  it('imports, reports progress and uses the caller’s clock', async () => {
    const file = path.join(work, 'orders.xml');
    await writeToFile(file, bfuOrdersFile(20_000));
    const progress: number[] = [];
    const r = await importIsolated(fx.server.ctx, {
      municipalityId: M,
      format: 'bfu',
      file,
      name: 'orders.xml',
      source: 'cli',
      onProgress: (n) => progress.push(n),
    });
    expect(r).toMatchObject({ status: 'imported', records: 20_000, accepted: 20_000, rejected: 0 });
    expect(progress).toEqual([10_000, 20_000]);
    expect(r.archivedAs.startsWith(String(later().getUTCFullYear()))).toBe(true);
    expect(existsSync(r.resultFile)).toBe(true);
    expect(await count(sql`SELECT count(*)::int AS n FROM sync_entities WHERE entity = 'order'`)).toBe(
      20_000,
    );
    expect(await count(sql`SELECT count(*)::int AS n FROM sync_entities WHERE seq IS NULL`)).toBe(0);
  }, 120_000);

  it('throws the same catalogue error the import raised inside the thread', async () => {
    const file = path.join(work, 'small.xml');
    await writeToFile(file, bfuOrdersFile(3));
    const err = await importIsolated(fx.server.ctx, {
      municipalityId: '9999',
      format: 'bfu',
      file,
      name: 'small.xml',
      source: 'cli',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CareDockError);
    expect(err).toMatchObject({
      code: 'exchange.file.unknownMunicipality',
      params: { municipality: '9999' },
    });
  });

  it('a thread out of heap is an error people can act on, and nothing of the file is stored', async () => {
    const file = path.join(work, 'big.xml');
    await writeToFile(file, bfuOrdersFile(60_000, { providerId: 'hemtjanst-nord' }));
    const before = await count(sql`SELECT count(*)::int AS n FROM sync_entities`);
    const err = await importIsolated(
      fx.server.ctx,
      { municipalityId: M, format: 'bfu', file, name: 'big.xml', source: 'cli' },
      { maxOldGenerationSizeMb: 12, maxYoungGenerationSizeMb: 2 },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'exchange.file.outOfMemory', params: { file: 'big.xml' } });
    expect(await count(sql`SELECT count(*)::int AS n FROM sync_entities`)).toBe(before);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM exchange_files WHERE status = 'imported' AND name = 'big.xml'`,
      ),
    ).toBe(0);
    // The half-written result file is the thread's; the source file is untouched for a retry.
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(foldersOf(fx.server.ctx.paths, M).archive).some((n) => n.endsWith('_big.xml'))).toBe(
      false,
    );
  }, 120_000);
});
