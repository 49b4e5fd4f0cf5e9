// Which warning a free text earns: the shapes come from src/shared, where the logger gets them.
import { sensitiveFindings } from '../../shared/domain/sensitive-text.ts';
import type { MessageKey } from './messages/index.ts';

export function sensitiveWarning(text: string): MessageKey | null {
  const found = sensitiveFindings(text);
  if (found.length === 2) return 'sensitive.both';
  if (found[0] === 'doorCode') return 'sensitive.doorCode';
  if (found[0] === 'personalId') return 'sensitive.personalId';
  return null;
}

/** The warning's element id for a field, when the field's text earns one (for aria-describedby). */
export function sensitiveWarningId(fieldId: string, text: string): string {
  return sensitiveWarning(text) ? `${fieldId}-sensitive` : '';
}
