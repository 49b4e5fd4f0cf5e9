// A person's export and erasure, the CLI's `person export|erase`, for the console's admins. The
// admin functions audit by recipient id under the console actor; the number itself is in no
// audit row and no log line (the console's call log names only procedure and account).
import type { consolePeopleProcedures } from '../../shared/console/people.ts';
import { erasePerson, exportPerson } from '../admin/people.ts';
import { actorOf, type Handlers } from './handlerTypes.ts';

export const peopleHandlers: Handlers<keyof typeof consolePeopleProcedures> = {
  'people.export': async (call, { providerId, personalIdentityNumber }) =>
    exportPerson(call.ctx, providerId, { personalIdentityNumber }, actorOf(call)),
  'people.erase': async (call, { providerId, personalIdentityNumber }) =>
    erasePerson(call.ctx, providerId, { personalIdentityNumber }, actorOf(call)),
};
