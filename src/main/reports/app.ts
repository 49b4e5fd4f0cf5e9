// Avvikelser → Rapportera till kommunen.
import { callerOf, type AreaHandlers } from '../api/caller.ts';
import type { ReportService } from './service.ts';

export function reportHandlers(reports: ReportService): AreaHandlers<'reports.file' | 'reports.list'> {
  return {
    'reports.file': (input, ctx) => reports.file(callerOf(ctx), input),
    'reports.list': (input) => reports.list(input.limit),
  };
}
