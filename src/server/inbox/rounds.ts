// 1177's load rule for batch sending: at most 1,000 messages a round, 5 minutes between rounds.
// The round lives in the database (inbox_rounds), so every server process and a restarted one
// keep to the same count. A runner reserves before it claims; when a full round's last message
// has finished, the pause begins. A process that died holding reservations is waited for at most
// one lease, then the pause begins anyway.
import { sql } from 'drizzle-orm';
import type { ChannelGate } from '../jobs/runner.ts';
import type { Database } from '../db/database.ts';
import { resultRows } from '../db/database.ts';

export interface RoundRule {
  size: number;
  pauseMs: number;
  /** How long reservations may stay unfinished before they count as abandoned. */
  staleMs: number;
}

interface RoundRow {
  sent: number;
  inflight: number;
  paused_ms: number | null;
  idle_ms: number | null;
}

export class RoundGate implements ChannelGate {
  readonly #db: Database;
  readonly #channel: string;
  readonly #rule: RoundRule;

  constructor(db: Database, channel: string, rule: RoundRule) {
    this.#db = db;
    this.#channel = channel;
    this.#rule = rule;
  }

  async #locked<T>(fn: (row: RoundRow, exec: (q: ReturnType<typeof sql>) => Promise<unknown>) => Promise<T>) {
    return this.#db.db.transaction(async (tx) => {
      await tx.execute(
        sql`INSERT INTO inbox_rounds (channel) VALUES (${this.#channel}) ON CONFLICT DO NOTHING`,
      );
      const [row] = resultRows(
        await tx.execute(sql`
          SELECT sent, inflight,
                 (extract(epoch FROM paused_until - clock_timestamp()) * 1000)::float8 AS paused_ms,
                 (extract(epoch FROM clock_timestamp() - last_reserved_at) * 1000)::float8 AS idle_ms
          FROM inbox_rounds WHERE channel = ${this.#channel} FOR UPDATE`),
      ) as RoundRow[];
      return fn(
        {
          sent: Number(row!.sent),
          inflight: Number(row!.inflight),
          paused_ms: row!.paused_ms === null ? null : Number(row!.paused_ms),
          idle_ms: row!.idle_ms === null ? null : Number(row!.idle_ms),
        },
        (q) => tx.execute(q),
      );
    });
  }

  async reserve(max: number): Promise<{ granted: number; waitMs: number }> {
    const { size, pauseMs, staleMs } = this.#rule;
    return this.#locked(async (row, exec) => {
      let sent = row.sent;
      if (row.paused_ms !== null) {
        if (row.paused_ms > 0) return { granted: 0, waitMs: Math.ceil(row.paused_ms) };
        sent = 0;
        await exec(sql`UPDATE inbox_rounds SET sent = 0, inflight = 0, paused_until = NULL,
                         round_started_at = NULL WHERE channel = ${this.#channel}`);
      }
      if (sent >= size) {
        // Full: the pause starts when the round's last message is done, or once it is abandoned.
        if (row.inflight > 0 && (row.idle_ms ?? 0) < staleMs) return { granted: 0, waitMs: 500 };
        await exec(sql`UPDATE inbox_rounds SET inflight = 0,
                         paused_until = clock_timestamp() + ${pauseMs} * interval '1 millisecond'
                       WHERE channel = ${this.#channel}`);
        return { granted: 0, waitMs: pauseMs };
      }
      const granted = Math.min(max, size - sent);
      await exec(sql`UPDATE inbox_rounds SET sent = sent + ${granted}, inflight = inflight + ${granted},
                       last_reserved_at = clock_timestamp(),
                       round_started_at = coalesce(round_started_at, clock_timestamp())
                     WHERE channel = ${this.#channel}`);
      return { granted, waitMs: 0 };
    });
  }

  async release(unused: number): Promise<void> {
    if (unused <= 0) return;
    await this.#locked((_row, exec) =>
      exec(sql`UPDATE inbox_rounds SET sent = greatest(sent - ${unused}, 0),
                 inflight = greatest(inflight - ${unused}, 0) WHERE channel = ${this.#channel}`),
    );
  }

  async finished(count: number): Promise<void> {
    const { size, pauseMs } = this.#rule;
    await this.#locked(async (row, exec) => {
      const inflight = Math.max(row.inflight - count, 0);
      const closes = row.paused_ms === null && row.sent >= size && inflight === 0;
      await exec(
        closes
          ? sql`UPDATE inbox_rounds SET inflight = 0,
                  paused_until = clock_timestamp() + ${pauseMs} * interval '1 millisecond'
                WHERE channel = ${this.#channel}`
          : sql`UPDATE inbox_rounds SET inflight = ${inflight} WHERE channel = ${this.#channel}`,
      );
    });
  }
}
