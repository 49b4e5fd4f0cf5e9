// The municipality's orders (beställningar) and their services with granted time, as they come
// down from the server.
import type Database from 'better-sqlite3';
import type { Order } from '../../shared/sync/entities.ts';
import type { ServerRows } from '../sync/apply.ts';

export interface OrderRow {
  id: string;
  recipientId: string;
  validFrom: string;
  validTo: string | null;
  services: { code: string; name: string; grantedMinutesPerMonth: number }[];
  version: number | null;
  originFile: string | null;
  originAt: string | null;
}

export class OrderData implements ServerRows<Order> {
  readonly #all: Database.Statement;
  readonly #ofRecipient: Database.Statement;
  readonly #services: Database.Statement;
  readonly #upsert: Database.Statement;
  readonly #clearServices: Database.Statement;
  readonly #addService: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #sweep: Database.Statement;
  readonly #forgetServer: Database.Statement;

  constructor(sqlite: Database.Database) {
    const columns =
      'id, recipient_id as recipientId, valid_from as validFrom, valid_to as validTo, version, origin_file as originFile, origin_at as originAt';
    this.#all = sqlite.prepare(`select ${columns} from orders order by recipient_id, valid_from`);
    this.#ofRecipient = sqlite.prepare(
      `select ${columns} from orders where recipient_id = ? order by valid_from`,
    );
    this.#services = sqlite.prepare(
      'select order_id as orderId, code, name, granted_minutes_per_month as grantedMinutesPerMonth from order_services order by code',
    );
    this.#upsert = sqlite.prepare(
      `insert into orders (id, recipient_id, valid_from, valid_to, version, origin_file, origin_at, contacts, source, updated_at)
       values (@id, @recipientId, @validFrom, @validTo, @version, @originFile, @originAt, @contacts, 'server', @now)
       on conflict (id) do update set recipient_id = excluded.recipient_id, valid_from = excluded.valid_from,
         valid_to = excluded.valid_to, version = excluded.version, origin_file = excluded.origin_file,
         origin_at = excluded.origin_at, contacts = excluded.contacts, source = 'server', updated_at = excluded.updated_at`,
    );
    this.#clearServices = sqlite.prepare(`delete from order_services where order_id = ?`);
    this.#addService = sqlite.prepare(
      `insert into order_services (order_id, code, name, granted_minutes_per_month) values (?, ?, ?, ?)
       on conflict do update set name = excluded.name, granted_minutes_per_month = excluded.granted_minutes_per_month`,
    );
    this.#delete = sqlite.prepare(`delete from orders where id = ?`);
    this.#sweep = sqlite.prepare(
      `delete from orders where source = 'server'
       and not exists (select 1 from sync_resync_seen s where s.entity = 'order' and s.id = orders.id)`,
    );
    this.#forgetServer = sqlite.prepare(`delete from orders where source = 'server'`);
  }

  /** Every order (or one recipient's) with its services. */
  load(recipientId?: string): OrderRow[] {
    const orders = (recipientId ? this.#ofRecipient.all(recipientId) : this.#all.all()) as Omit<
      OrderRow,
      'services'
    >[];
    const byOrder = new Map<string, OrderRow['services']>();
    for (const s of this.#services.all() as ({ orderId: string } & OrderRow['services'][number])[])
      (byOrder.get(s.orderId) ?? byOrder.set(s.orderId, []).get(s.orderId)!).push({
        code: s.code,
        name: s.name,
        grantedMinutesPerMonth: s.grantedMinutesPerMonth,
      });
    return orders.map((o) => ({ ...o, services: byOrder.get(o.id) ?? [] }));
  }

  upsertFromServer(o: Order, now: string): boolean {
    this.#upsert.run({
      id: o.id,
      recipientId: o.recipientId,
      validFrom: o.validFrom,
      validTo: o.validTo,
      version: o.version ?? null,
      originFile: o.origin?.file ?? null,
      originAt: o.origin?.importedAt ?? null,
      contacts: o.contacts && o.contacts.length > 0 ? JSON.stringify(o.contacts) : null,
      now,
    });
    this.#clearServices.run(o.id);
    for (const s of o.services) this.#addService.run(o.id, s.code, s.name, s.grantedMinutesPerMonth);
    return true;
  }

  removeFromServer(id: string): boolean {
    this.#delete.run(id);
    return true;
  }

  sweepUnseen(): number {
    return this.#sweep.run().changes;
  }

  forgetServerRows(): void {
    this.#forgetServer.run();
  }
}

// Which service (insats) a task code on a pen counts for. Each municipality numbers its task codes
// its own way, so the table is per municipality; an administrator keeps it.
export interface TaskServiceRow {
  taskCode: number;
  serviceCode: string;
}

export class TaskServiceData {
  readonly #list: Database.Statement;
  readonly #clear: Database.Statement;
  readonly #put: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#list = sqlite.prepare(
      `select task_code as taskCode, service_code as serviceCode from task_services
       where municipality_id = ? order by task_code`,
    );
    this.#clear = sqlite.prepare('delete from task_services where municipality_id = ?');
    this.#put = sqlite.prepare(
      'insert into task_services (municipality_id, task_code, service_code) values (?, ?, ?)',
    );
  }

  list(municipalityId: string): TaskServiceRow[] {
    return this.#list.all(municipalityId) as TaskServiceRow[];
  }

  /** The municipality's whole table at once (the caller holds the transaction). */
  replace(municipalityId: string, rows: readonly TaskServiceRow[]): void {
    this.#clear.run(municipalityId);
    for (const r of rows) this.#put.run(municipalityId, r.taskCode, r.serviceCode);
  }
}
