// The municipality's orders.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { OrderService, TaskServiceService } from './service.ts';

export function orderHandlers(
  orders: OrderService,
  taskServices: TaskServiceService,
): AreaHandlers<'orders.list' | 'taskServices.list' | 'taskServices.set'> {
  return {
    'orders.list': (input, ctx) => orders.list(callerOf(ctx), input),
    'taskServices.list': () => taskServices.list(),
    'taskServices.set': (input, ctx) => taskServices.set(callerOf(ctx), input.rows),
  };
}
