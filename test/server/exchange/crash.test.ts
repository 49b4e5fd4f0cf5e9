// kill -9 of the server while it imports 100,000 orders: afterwards the database holds all of
// them or none, never a part, and the same file imports whole on the next try.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMunicipality, addProvider } from '../../../src/server/admin/organisations.ts';
import { openContext } from '../../../src/server/bootstrap.ts';
import { resultRows } from '../../../src/server/db/database.ts';
import { initServer } from '../../../src/server/init.ts';
import { createLogger } from '../../../src/server/log.ts';
import { bfuOrdersFile, writeToFile } from '../../helpers/exchange-files.ts';
import { seededRandom, startWorker } from '../../helpers/killable-worker.ts';

const N = 100_000;
const M = '1480';
const worker = path.resolve('test/server/exchange/import-worker.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'caredock-exchange-crash-'));
const file = path.join(dir, 'orders-100k.xml');
const log = createLogger({ level: 'warn' });

beforeAll(async () => {
  await initServer({ dataDir: dir, port: 0, log });
  const ctx = await openContext({ dataDir: dir, log });
  await addMunicipality(ctx, { id: M, name: 'Göteborgs Stad' });
  await addProvider(ctx, { id: 'hemtjanst-nord', municipalityId: M, name: 'Hemtjänst Nord' });
  await ctx.database.close();
  await writeToFile(file, bfuOrdersFile(N, { municipalityId: M, providerId: 'hemtjanst-nord' }));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function counts() {
  const ctx = await openContext({ dataDir: dir, log });
  try {
    const q = async (s: ReturnType<typeof sql>) =>
      Number((resultRows(await ctx.database.db.execute(s))[0] as { n: number }).n);
    return {
      orders: await q(sql`SELECT count(*)::int AS n FROM sync_entities WHERE entity = 'order'`),
      versions: await q(sql`SELECT count(*)::int AS n FROM exchange_orders`),
      recipients: await q(sql`SELECT count(*)::int AS n FROM sync_entities WHERE entity = 'recipient'`),
      secrets: await q(sql`SELECT count(*)::int AS n FROM recipient_secrets`),
      imported: await q(sql`SELECT count(*)::int AS n FROM exchange_files WHERE status = 'imported'`),
    };
  } finally {
    await ctx.database.close();
  }
}

describe('kill -9 during an import of 100,000 orders', () => {
  it('leaves all or none, and the file imports whole afterwards', async () => {
    const random = seededRandom(14);
    const killAt = 10_000 * (1 + Math.floor(random() * 8));
    const w = startWorker(worker, [dir, M, file]);
    await w.running;
    await new Promise<void>((resolve) => {
      const look = (c: Buffer) => {
        const seen = [...c.toString().matchAll(/progress (\d+)/g)].map((m) => Number(m[1]));
        if (seen.some((n) => n >= killAt) || c.toString().includes('done')) {
          w.child.stdout!.off('data', look);
          resolve();
        }
      };
      w.child.stdout!.on('data', look);
    });
    w.child.kill('SIGKILL');
    const out = await w.exit;
    const after = await counts();
    if (out.includes('done'))
      expect(after).toEqual({
        orders: N,
        versions: N,
        recipients: N,
        secrets: Math.ceil(N / 3),
        imported: 1,
      });
    else expect(after).toEqual({ orders: 0, versions: 0, recipients: 0, secrets: 0, imported: 0 });

    const again = startWorker(worker, [dir, M, file]);
    const done = await again.exit;
    expect(done).toMatch(after.imported === 1 ? /done unchanged/ : new RegExp(`done imported ${N} `));
    expect(await counts()).toEqual({
      orders: N,
      versions: N,
      recipients: N,
      secrets: Math.ceil(N / 3),
      imported: 1,
    });
  }, 300_000);
});
