// Baseline for the push benchmark: the server's own bulk insert of N registrations (pushItems
// straight into the database, no TLS, no HTTP), on in-memory PGlite or DATABASE_URL.
// Usage: node bench/server-ingest.ts [N]   — prints one line: server-ingest: <rate> rec/s (N rows)
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../src/server/db/database.ts';
import type { Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { municipalities, providers } from '../src/server/db/schema.ts';
import { pushItems } from '../src/server/sync/push.ts';
import type { Principal } from '../src/server/auth/principal.ts';
import { MAX_PUSH_ITEMS } from '../src/shared/sync/headers.ts';

function uuidv7(ms: number, n: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((n >> 8) & 0x0f);
  b[7] = n & 0xff;
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function benchRegistrations(n: number): Record<string, unknown>[] {
  const base = Date.UTC(2026, 2, 2, 6);
  return Array.from({ length: n }, (_, i) => ({
    type: 'registration',
    id: uuidv7(base + Math.floor(i / 4096), i % 4096),
    penSerial: `PEN-${i % 50}`,
    sequence: i,
    tagUid: `04${(i % 100000).toString(16).padStart(12, '0')}`,
    penTime: new Date(base + i * 1000).toISOString(),
    correctedTime: null,
    kind: i % 2 === 0 ? 'arrive' : 'depart',
    flags: [],
    staffId: `staff-${i % 40}`,
    receivedAt: new Date(base + 12 * 3_600_000).toISOString(),
  }));
}

/** Inserts the rows in batches of MAX_PUSH_ITEMS the way /v1/push does; returns rows per second. */
export async function serverIngestRate(database: Database, rows: readonly unknown[]): Promise<number> {
  await migrate(database);
  await database.db.insert(municipalities).values({ id: 'bench', name: 'Bench' }).onConflictDoNothing();
  await database.db
    .insert(providers)
    .values({ id: 'bench-p', municipalityId: 'bench', name: 'Bench' })
    .onConflictDoNothing();
  const who: Principal = {
    workstationId: '00000000-0000-7000-8000-000000000000',
    providerId: 'bench-p',
    municipalityId: 'bench',
    sourceAddress: '127.0.0.1',
    certificateNotAfter: new Date(Date.now() + 86_400_000),
    certificateFingerprint: 'bench',
  };
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += MAX_PUSH_ITEMS) {
    const results = await pushItems(database.db, who, rows.slice(i, i + MAX_PUSH_ITEMS));
    if (results.some((r) => r.status !== 'accepted')) throw new Error('bench: an item was not accepted');
  }
  return rows.length / ((performance.now() - t0) / 1000);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 20_000);
  const url = process.env['DATABASE_URL'];
  const database = await openDatabase(
    url ? { engine: 'postgres', url } : { engine: 'pglite', dataDir: null },
  );
  try {
    const rate = await serverIngestRate(database, benchRegistrations(n));
    process.stdout.write(
      `server-ingest: ${Math.round(rate)} rec/s (${n} registrations, ${database.engine})\n`,
    );
  } finally {
    await database.close();
  }
}
