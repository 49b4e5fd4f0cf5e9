// The municipality's orders as the coordinator reads them.
import type { OrderRecord } from '../../shared/api/procedures/workflows.ts';
import type { Caller } from '../api/caller.ts';
import type { Directory } from '../recipients/directory.ts';
import type { OrderData } from './data.ts';
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
      }));
  }
}
