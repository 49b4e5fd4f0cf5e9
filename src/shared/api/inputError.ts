import type { z } from 'zod';
import { catalogueOf } from '../domain/calendar.ts';
import { CareDockError, isErrorCode, type ErrorParams } from '../errors/index.ts';

/** The field paths at fault, without zod's English: the catalogue message says the rest. */
function fieldsOf(error: z.ZodError): string {
  const paths = [...new Set(error.issues.map((i) => i.path.join('.') || 'input'))];
  return paths.slice(0, 5).join(', ');
}

/**
 * An input refusal in the person's language: a named catalogue entry where a schema gave one.
 * Both the workstation's core and the server's console answer bad input with it.
 */
export function inputError(error: z.ZodError): CareDockError {
  for (const issue of error.issues) {
    const named = catalogueOf(issue);
    if (named && isErrorCode(named.catalogue)) {
      const params: ErrorParams = {};
      for (const [k, v] of Object.entries(named)) if (k !== 'catalogue' && v !== undefined) params[k] = v;
      return new CareDockError(named.catalogue, params);
    }
    // Length limits are said in words and numbers, not as the schema's field path.
    if (issue.code === 'too_big' && issue.origin === 'string')
      return new CareDockError('input.tooLong', { max: Number(issue.maximum) });
    if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) > 1)
      return new CareDockError('input.tooShort', { min: Number(issue.minimum) });
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.join('.');
      const field = issue.keys.map((k) => (where ? `${where}.${k}` : k)).join(', ');
      return new CareDockError('input.unknownField', { field: field.slice(0, 120) });
    }
  }
  return new CareDockError('input.invalid', { details: fieldsOf(error) });
}
