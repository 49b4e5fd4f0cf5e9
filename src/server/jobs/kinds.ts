// The job kinds the central server runs. The municipality's channels (file exchange, 1177 inbox,
// TWeb) add theirs here; every server process registers the same list.
import type { JobKind } from '../../shared/jobs/index.ts';
import { exportMonthKind } from '../exchange/kinds.ts';
import { inboxSendKind } from '../inbox/kinds.ts';
import { twebFileKind } from '../tweb/kinds.ts';

export const serverJobKinds: readonly JobKind[] = [
  exportMonthKind as JobKind,
  inboxSendKind as JobKind,
  twebFileKind as JobKind,
];
