import { CareDockError } from '../../shared/errors/index.ts';
import type { UserRow } from '../auth/users.ts';
import type { WorkflowService, WorkflowUser } from '../workflows/service.ts';
import type { CallContext, Handlers } from './dispatcher.ts';

type WorkflowProcedure =
  | 'registrations.list'
  | 'visits.list'
  | 'corrections.create'
  | 'corrections.forRegistration'
  | 'attestations.list'
  | 'attestations.create'
  | 'attestations.reopen'
  | 'orders.list'
  | 'plans.list'
  | 'plans.save'
  | 'plans.cancel'
  | 'plans.generate'
  | 'plans.summary'
  | 'billing.basis'
  | 'billing.export';

function workflowUser(ctx: CallContext): WorkflowUser {
  const user: UserRow | null = ctx.user;
  if (!user) throw new CareDockError('auth.required');
  return { id: user.id, username: user.username, language: user.language, seeProtected: user.seeProtected };
}

export function createWorkflowHandlers(w: WorkflowService): Pick<Handlers, WorkflowProcedure> {
  return {
    'registrations.list': (input, ctx) => w.registrations(workflowUser(ctx), input),
    'visits.list': (input, ctx) => w.visits(workflowUser(ctx), input),
    'corrections.create': (input, ctx) => w.createCorrection(workflowUser(ctx), input),
    'corrections.forRegistration': (input) => w.correctionsFor(input.registrationId),
    'attestations.list': (_input, ctx) => w.attestations(workflowUser(ctx)),
    'attestations.create': (input, ctx) => w.attest(workflowUser(ctx), input),
    'attestations.reopen': (input, ctx) => w.reopen(workflowUser(ctx), input),
    'orders.list': (input, ctx) => w.orders(workflowUser(ctx), input),
    'plans.list': (input, ctx) => w.plans(workflowUser(ctx), input),
    'plans.save': (input, ctx) => w.savePlan(workflowUser(ctx), input),
    'plans.cancel': (input, ctx) => {
      w.cancelPlan(workflowUser(ctx), input.id);
      return { ok: true as const };
    },
    'plans.generate': (input, ctx) => w.generatePlans(workflowUser(ctx), input),
    'plans.summary': (input, ctx) => w.planSummary(workflowUser(ctx), input.month),
    'billing.basis': (input, ctx) => w.billing(workflowUser(ctx), input.month),
    'billing.export': (input, ctx) => w.exportBilling(workflowUser(ctx), input.month, input.format),
  };
}
