// The municipality's orders.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { OrderService } from './service.ts';

export function orderHandlers(orders: OrderService): AreaHandlers<'orders.list'> {
  return { 'orders.list': (input, ctx) => orders.list(callerOf(ctx), input) };
}
