// An in-memory PGlite with the server's schema, for tests that call the server's functions
// directly. initdb dominates a fresh PGlite's start (some 4× the cost of loading a data folder),
// so the migrated folder is kept in the temp directory, keyed by the migrations' checksums and
// the installed PGlite, and loaded from there.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { ServerDb } from '../../../src/server/db/database.ts';
import { openDatabase } from '../../../src/server/db/database.ts';
import { listMigrations, migrate } from '../../../src/server/db/migrate.ts';
import { schema } from '../../../src/server/db/schema.ts';

export async function migratedPglite(): Promise<{ client: PGlite; db: ServerDb }> {
  const key = createHash('sha256')
    .update(String(statSync(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))).mtimeMs))
    .update(
      listMigrations()
        .map((m) => `${m.name}:${m.checksum}`)
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16);
  const cached = path.join(os.tmpdir(), `caredock-server-schema-${key}.tar`);
  if (!existsSync(cached)) {
    const fresh = await openDatabase({ engine: 'pglite', dataDir: null });
    await migrate(fresh);
    if (fresh.native.engine !== 'pglite') throw new Error('expected PGlite');
    const dump = await fresh.native.client.dumpDataDir('none');
    await fresh.close();
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, cached);
  }
  const client = new PGlite({ loadDataDir: new Blob([readFileSync(cached)]) });
  await client.waitReady;
  return { client, db: drizzle({ client, schema }) as unknown as ServerDb };
}
