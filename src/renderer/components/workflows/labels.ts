// Message keys for the domain's enumerations, so each view names them the same way.
import type { RegistrationRow } from '../../../shared/api/index.ts';
import type { DeviationKind } from '../../../shared/domain/deviations.ts';
import type { MessageKey } from '../../lib/messages/index.ts';

export type RegistrationKind = RegistrationRow['kind'];

export const deviationLabel = {
  unmatchedArrive: 'wf.dev.unmatchedArrive',
  unmatchedDepart: 'wf.dev.unmatchedDepart',
  taskOutsideVisit: 'wf.dev.taskOutsideVisit',
  overlap: 'wf.dev.overlap',
  unplanned: 'wf.dev.unplanned',
  missed: 'wf.dev.missed',
  late: 'wf.dev.late',
  tooShort: 'wf.dev.tooShort',
  tooLong: 'wf.dev.tooLong',
} as const satisfies Record<DeviationKind, MessageKey>;

export const kindLabel = {
  arrive: 'wf.kind.arrive',
  depart: 'wf.kind.depart',
  task: 'wf.kind.task',
} as const satisfies Record<RegistrationKind, MessageKey>;

/** Deviations whose explanation needs the minutes the pairing measured (visits.list has them). */
export function needsMinutes(kind: DeviationKind): boolean {
  return kind === 'late' || kind === 'tooShort' || kind === 'tooLong';
}
