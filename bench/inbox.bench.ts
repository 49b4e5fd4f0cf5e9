// The 1177 inbox under a queue of 10,000 messages against the producer stub (HTTPS with client
// certificates, as the service platform), in two runs in the same process:
// - baseline: the same server with no round rule, so the figure is what sending itself costs
//   (IsActiveUser then AddMessage per message, a fresh TLS connection each, the queue's records);
// - the rule: at most 1,000 a round and a pause between rounds. The pause is shortened (5 s unless
//   CAREDOCK_BENCH_INBOX_PAUSE_MS says) so the run takes minutes, not the 45 the real 5 minutes
//   would; the line says what the real rule imposes on 10,000 too.
// The limit to compare with is the baseline's sending time plus the pauses the rule imposes; the
// ratio is that over the time measured (1.0: the rule costs nothing beyond its pauses). Floor 0.8.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { ROUND_RULE_FOR_INBOX } from '../integrations/patientportal/index.ts';
import { inboxMessages } from '../src/server/inbox/tables.ts';
import { MUNICIPALITY_A, startFixture, type Fixture } from '../test/server/helpers/fixture.ts';
import { addRecipients, configure, startPortal, type Portal } from '../test/server/inbox/world.ts';
import { report } from './support.ts';

const N = Number(process.env['CAREDOCK_BENCH_INBOX_N'] ?? 10_000);
const PAUSE_MS = Number(process.env['CAREDOCK_BENCH_INBOX_PAUSE_MS'] ?? 5_000);
const SIZE = ROUND_RULE_FOR_INBOX.size;
const FLOOR = 0.8;
const ids = Array.from({ length: N }, (_, i) => 100 + i);

async function run(portal: Portal, rounds: { size: number; pauseMs: number }): Promise<number> {
  const fx: Fixture = await startFixture(
    { engine: 'pglite', dataDir: null },
    { inbox: { rounds, concurrency: 16 } },
  );
  try {
    await configure(fx.server.ctx, portal.settings());
    await addRecipients(fx.server.ctx, ids);
    const db = fx.server.ctx.database.db;
    const now = new Date().toISOString();
    for (let i = 0; i < ids.length; i += 1000)
      await db.insert(inboxMessages).values(
        ids.slice(i, i + 1000).map((r) => ({
          id: randomUUID(),
          municipalityId: MUNICIPALITY_A,
          providerId: 'omsorg-ab',
          recipientId: `r-${r}`,
          reason: 'cancelled',
          dedupKey: `bench:${r}`,
          content: { reason: 'cancelled', providerName: 'Omsorg AB', visit: { start: now, end: now } },
        })),
      );
    portal.fake.inbox.length = 0;
    portal.fake.requests.length = 0;
    const t0 = performance.now();
    await fx.server.inbox!.queueDecided();
    for (;;) {
      const [open] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(inboxMessages)
        .where(sql`${inboxMessages.state} IN ('new', 'queued')`);
      if (Number(open!.n) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const ms = performance.now() - t0;
    if (portal.fake.inbox.length !== N)
      throw new Error(`${portal.fake.inbox.length} of ${N} messages at the stub`);
    return ms;
  } finally {
    await fx.close();
  }
}

const portal = await startPortal({ active: ids, validateEvery: 1000 });
try {
  const base = await run(portal, { size: 1_000_000_000, pauseMs: 0 });
  const ruled = await run(portal, { size: SIZE, pauseMs: PAUSE_MS });
  const rounds = Math.ceil(N / SIZE);
  const imposed = (rounds - 1) * PAUSE_MS;
  const limit = base + imposed;
  const ratio = limit / ruled;
  const realImposed = (rounds - 1) * ROUND_RULE_FOR_INBOX.pauseMs;
  const ok = report(
    `inbox-rounds: ${N} messages in ${(ruled / 1000).toFixed(1)} s under the round rule (${SIZE} a round, ` +
      `${PAUSE_MS / 1000} s between), ${(N / (ruled / 1000)).toFixed(1)} messages/s; limit ${(limit / 1000).toFixed(1)} s ` +
      `= sending without the rule ${(base / 1000).toFixed(1)} s (${(N / (base / 1000)).toFixed(1)} messages/s) + ` +
      `${rounds - 1} pauses ${(imposed / 1000).toFixed(1)} s; ${ratio.toFixed(2)} of the limit (floor ${FLOOR}). ` +
      `With the real 5-minute pause the rule alone imposes ${(realImposed / 60_000).toFixed(0)} min on ${N} ` +
      `(${(N / ((realImposed + base) / 1000)).toFixed(2)} messages/s at best)`,
    ratio >= FLOOR,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await portal.fake.close();
}
