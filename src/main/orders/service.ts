// The municipality's orders as the coordinator reads them.
import type { OrderRecord } from '../../shared/api/procedures/workflows.ts';
import type { Caller } from '../api/caller.ts';
import type { Directory } from '../recipients/directory.ts';
import type Database from 'better-sqlite3';
import { CareDockError } from '../../shared/errors/index.ts';
import type { AuditLog } from '../audit/log.ts';
import type { OrderData, TaskServiceData, TaskServiceRow } from './data.ts';
import { orderActiveOn } from './orders.ts';

export class OrderService {
  readonly #orders: OrderData;
  readonly #directory: (viewer: Caller) => Directory;

  constructor(orders: OrderData, directory: (viewer: Caller) => Directory) {
    this.#orders = orders;
    this.#directory = directory;
  }

  list(
    viewer: Caller,
    input: { activeOn?: string | undefined; recipientId?: string | undefined },
  ): OrderRecord[] {
    const dir = this.#directory(viewer);
    return this.#orders
      .load(input.recipientId)
      .filter((o) => !input.activeOn || orderActiveOn(o, input.activeOn))
      .map((o) => ({
        id: o.id,
        recipient: dir.recipient(o.recipientId)!,
        validFrom: o.validFrom,
        validTo: o.validTo,
        services: o.services,
        version: o.version,
        origin: o.originFile && o.originAt ? { file: o.originFile, importedAt: o.originAt } : null,
      }));
  }
}

/** The municipality's table of task codes to services, kept by an administrator (audited). */
export class TaskServiceService {
  readonly #sqlite: Database.Database;
  readonly #data: TaskServiceData;
  readonly #audit: AuditLog;
  readonly #municipalityId: () => string;

  constructor(
    sqlite: Database.Database,
    data: TaskServiceData,
    audit: AuditLog,
    municipalityId: () => string,
  ) {
    this.#sqlite = sqlite;
    this.#data = data;
    this.#audit = audit;
    this.#municipalityId = municipalityId;
  }

  list(): TaskServiceRow[] {
    return this.#data.list(this.#municipalityId());
  }

  set(user: Caller, rows: readonly TaskServiceRow[]): TaskServiceRow[] {
    const codes = rows.map((r) => r.taskCode);
    if (new Set(codes).size !== codes.length) throw new CareDockError('taskServices.duplicate');
    this.#sqlite.transaction(() => {
      this.#data.replace(this.#municipalityId(), rows);
      this.#audit.record(user, 'taskServices.set', this.#municipalityId(), { rows: rows.length });
    })();
    return this.list();
  }
}
