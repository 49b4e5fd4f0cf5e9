// A person's data: the admin's export and erasure.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { PeopleService } from './service.ts';

export function peopleHandlers(people: PeopleService): AreaHandlers<'people.export' | 'people.erase'> {
  return {
    'people.export': async (input, ctx) => {
      const user = callerOf(ctx);
      const made = await people.export(user, input.personalId);
      return ctx.commit(() => {
        people.recordExport(
          user,
          made.people.map((p) => p.recipient.id),
        );
        return made.result;
      });
    },
    // VACUUM cannot run inside a transaction: the dispatcher runs an async handler's first
    // synchronous part inside one, so the erasure starts after a turn, commits its own, then answers.
    'people.erase': async (input, ctx) => {
      await Promise.resolve();
      const result = people.erase(callerOf(ctx), input.personalId);
      return ctx.commit(() => result);
    },
  };
}
