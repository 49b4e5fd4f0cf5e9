// Every procedure's handler, combined in this one place from the areas that answer them: each
// area keeps its handlers beside its logic (src/main/<area>/app.ts). The return type makes a
// procedure of the contract that no area answers an error here.
import { attestationHandlers } from '../attestations/app.ts';
import type { AttestationService } from '../attestations/service.ts';
import { auditHandlers } from '../audit/app.ts';
import type { AuditLog } from '../audit/log.ts';
import { authHandlers } from '../auth/app.ts';
import type { AuthService } from '../auth/service.ts';
import type { UserAdmin } from '../auth/user-admin.ts';
import { billingHandlers } from '../billing/app.ts';
import { peopleHandlers } from '../people/app.ts';
import type { PeopleService } from '../people/service.ts';
import type { BillingService } from '../billing/service.ts';
import { correctionHandlers } from '../corrections/app.ts';
import type { CorrectionService } from '../corrections/service.ts';
import { deviceHandlers } from '../devices/app.ts';
import type { DeviceRegistry } from '../devices/registry.ts';
import { dockingHandlers } from '../docking/app.ts';
import type { DockingData } from '../docking/data.ts';
import type { DockingManager } from '../docking/manager.ts';
import { calendarHandlers } from '../calendar/app.ts';
import { reportHandlers } from '../reports/app.ts';
import type { ReportService } from '../reports/service.ts';
import type { CalendarAdmin } from '../calendar/admin.ts';
import type { CalendarService } from '../calendar/service.ts';
import { noticeHandlers } from '../notices/app.ts';
import type { NoticeChannels } from '../notices/channels.ts';
import type { Contacts } from '../notices/contacts.ts';
import type { NoticeService } from '../notices/service.ts';
import { orderHandlers } from '../orders/app.ts';
import type { OrderService, TaskServiceService } from '../orders/service.ts';
import { planHandlers } from '../plans/app.ts';
import type { PlanService } from '../plans/service.ts';
import { recipientHandlers } from '../recipients/app.ts';
import type { RecipientService } from '../recipients/service.ts';
import { registrationHandlers } from '../registrations/app.ts';
import type { RegistrationService } from '../registrations/service.ts';
import { appHandlers, type AppDeps } from '../settings/app.ts';
import { staffHandlers } from '../staff/app.ts';
import type { StaffRegistry } from '../staff/registry.ts';
import { jobHandlers } from '../jobs/app.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { syncHandlers } from '../sync/app.ts';
import type { SyncService } from '../sync/service.ts';
import type { Directory } from '../recipients/directory.ts';
import type { Caller } from './caller.ts';
import type { Handlers } from './dispatcher.ts';

export interface Areas {
  app: AppDeps;
  auth: AuthService;
  userAdmin: UserAdmin;
  audit: AuditLog;
  /** Names for ids as a viewer may see them, for the audit view's sentences. */
  directory: (viewer: Caller) => Directory;
  staff: StaffRegistry;
  devices: DeviceRegistry;
  /** A serial dock was added or removed. */
  docksChanged: () => void;
  recipients: RecipientService;
  docking: DockingManager;
  dockSessions: DockingData;
  registrations: RegistrationService;
  corrections: CorrectionService;
  attestations: AttestationService;
  plans: PlanService;
  reports: ReportService;
  orders: OrderService;
  taskServices: TaskServiceService;
  billing: BillingService;
  people: PeopleService;
  sync: SyncService;
  jobs: JobQueue;
  notices: { channels: NoticeChannels; service: NoticeService; contacts: Contacts };
  calendar: { admin: CalendarAdmin; service: CalendarService };
}

export function createHandlers(a: Areas): Handlers {
  return {
    ...appHandlers(a.app),
    ...authHandlers(a.auth, a.userAdmin),
    ...auditHandlers(a.audit, a.directory),
    ...staffHandlers(a.staff),
    ...deviceHandlers(a.devices, a.docksChanged),
    ...recipientHandlers(a.recipients),
    ...dockingHandlers(a.docking, a.dockSessions, a.audit),
    ...registrationHandlers(a.registrations),
    ...correctionHandlers(a.corrections),
    ...attestationHandlers(a.attestations),
    ...planHandlers(a.plans),
    ...reportHandlers(a.reports),
    ...orderHandlers(a.orders, a.taskServices),
    ...billingHandlers(a.billing),
    ...peopleHandlers(a.people),
    ...syncHandlers(a.sync, a.audit),
    ...jobHandlers(a.jobs),
    ...noticeHandlers(a.notices.channels, a.notices.service, a.notices.contacts, a.audit),
    ...calendarHandlers(a.calendar.admin, a.calendar.service, a.audit),
  };
}
