// Recipients and orders as the console shows them. A protected identity (skyddad identitet) is
// masked for an account without the right to see it — masked here, on the server, so the page
// never receives what it may not show — and a masked name is not searchable either. Opening a
// recipient is a look at a person and is logged, masked or not. Door codes never leave.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { consoleRecordProcedures, RecipientRow } from '../../shared/console/records.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import { orderSchema, recipientSchema } from '../../shared/sync/entities.ts';
import { recordAudit } from '../audit.ts';
import { syncEntities } from '../db/schema.ts';
import { actorOf, type Handlers, type SignedInCall } from './handlerTypes.ts';

type Recipient = z.output<typeof recipientSchema>;

function masked(call: SignedInCall, r: Pick<Recipient, 'protectedIdentity'>): boolean {
  return r.protectedIdentity && !call.account.seeProtected;
}

function recipientRow(call: SignedInCall, r: Recipient, orders: number): RecipientRow {
  const hide = masked(call, r);
  return {
    id: r.id,
    displayName: hide ? '' : r.displayName,
    personalIdentityNumber: hide ? null : r.personalIdentityNumber,
    address: hide ? null : r.address,
    protectedIdentity: r.protectedIdentity,
    masked: hide,
    orders,
  };
}

const live = (providerId: string, entity: string) =>
  and(
    eq(syncEntities.providerId, providerId),
    eq(syncEntities.entity, entity),
    eq(syncEntities.deleted, false),
  );

/** Rows that do not parse (an older shape) are left out rather than failing the whole list. */
function parsed<T>(schema: z.ZodType<T>, data: unknown): T | null {
  const r = schema.safeParse(data);
  return r.success ? r.data : null;
}

async function orderCounts(call: SignedInCall, providerId: string): Promise<Map<string, number>> {
  const rows = await call.ctx.database.db
    .select({ recipientId: sql<string>`${syncEntities.data}->>'recipientId'`, n: sql<number>`count(*)::int` })
    .from(syncEntities)
    .where(live(providerId, 'order'))
    .groupBy(sql`${syncEntities.data}->>'recipientId'`);
  return new Map(rows.map((r) => [r.recipientId, r.n]));
}

export const recordHandlers: Handlers<keyof typeof consoleRecordProcedures> = {
  'recipients.list': async (call, { providerId, search, limit, offset }) => {
    const db = call.ctx.database.db;
    const visibleName = call.account.seeProtected
      ? sql`true`
      : sql`coalesce((${syncEntities.data}->>'protectedIdentity')::boolean, false) = false`;
    const where = and(
      live(providerId, 'recipient'),
      search === undefined || search === ''
        ? undefined
        : and(
            visibleName,
            sql`${syncEntities.data}->>'displayName' ILIKE ${`%${search.replace(/[%_\\]/g, '\\$&')}%`}`,
          ),
    );
    const [total] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(syncEntities)
      .where(where);
    const rows = await db
      .select({ data: syncEntities.data })
      .from(syncEntities)
      .where(where)
      .orderBy(asc(syncEntities.entityId))
      .limit(limit)
      .offset(offset);
    const counts = await orderCounts(call, providerId);
    const out: RecipientRow[] = [];
    for (const r of rows) {
      const rec = parsed(recipientSchema, r.data);
      if (rec) out.push(recipientRow(call, rec, counts.get(rec.id) ?? 0));
    }
    return { rows: out, total: total?.n ?? 0 };
  },
  'recipients.open': async (call, { providerId, recipientId }) => {
    const db = call.ctx.database.db;
    const [row] = await db
      .select({ data: syncEntities.data })
      .from(syncEntities)
      .where(and(live(providerId, 'recipient'), eq(syncEntities.entityId, recipientId)));
    const rec = row ? parsed(recipientSchema, row.data) : null;
    if (!rec) throw new CareDockError('console.notFound', { id: recipientId });
    const orders = await db
      .select({ id: syncEntities.entityId })
      .from(syncEntities)
      .where(and(live(providerId, 'order'), sql`${syncEntities.data}->>'recipientId' = ${recipientId}`))
      .orderBy(asc(syncEntities.entityId));
    const view = recipientRow(call, rec, orders.length);
    await recordAudit(db, {
      action: 'console.recipientOpened',
      actor: actorOf(call),
      providerId,
      details: { recipientId, masked: view.masked, protectedIdentity: rec.protectedIdentity },
    });
    return { ...view, phone: view.masked ? null : (rec.phone ?? null), orderIds: orders.map((o) => o.id) };
  },
  'orders.list': async (call, { providerId, limit, offset }) => {
    const db = call.ctx.database.db;
    const [total] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(syncEntities)
      .where(live(providerId, 'order'));
    const rows = await db
      .select({ data: syncEntities.data })
      .from(syncEntities)
      .where(live(providerId, 'order'))
      .orderBy(asc(syncEntities.entityId))
      .limit(limit)
      .offset(offset);
    const orders = rows.map((r) => parsed(orderSchema, r.data)).filter((o) => o !== null);
    const recipientIds = [...new Set(orders.map((o) => o.recipientId))];
    const recipients = new Map<string, Recipient>();
    if (recipientIds.length > 0) {
      const recs = await db
        .select({ data: syncEntities.data })
        .from(syncEntities)
        .where(and(live(providerId, 'recipient'), inArray(syncEntities.entityId, recipientIds)));
      for (const r of recs) {
        const rec = parsed(recipientSchema, r.data);
        if (rec) recipients.set(rec.id, rec);
      }
    }
    return {
      total: total?.n ?? 0,
      rows: orders.map((o) => {
        const rec = recipients.get(o.recipientId);
        const hide = rec ? masked(call, rec) : false;
        return {
          id: o.id,
          recipientId: o.recipientId,
          recipientName: hide || !rec ? '' : rec.displayName,
          masked: hide,
          services: o.services,
          validFrom: o.validFrom,
          validTo: o.validTo,
          version: o.version ?? null,
        };
      }),
    };
  },
};
