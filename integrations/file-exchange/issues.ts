// A zod issue turned into a record code the result file can show in three languages. Never
// zod's English, and never the value itself: a door code or a personnummer must not reach a
// result file, so no value is echoed for any field.
import type { z } from 'zod';
import type { ErrorParams } from '../../src/shared/errors/index.ts';
import type { RecordCode } from './records.ts';

export interface RecordProblem {
  code: RecordCode;
  params: ErrorParams;
}

export interface IssueWording {
  /** The name the person who fixes the export knows the field by. */
  field(path: readonly PropertyKey[]): string;
  /** A short neutral description of what the field takes, when the format says more than zod. */
  expected(pattern: string): string | undefined;
  /** Params of the date-order refine: the two dates, which are not secret. */
  dateOrder?(input: unknown): { from: string; to: string };
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** `services.3.code` → `services.*.code`, so one wording covers every index. */
export function pathPattern(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? '*' : String(key))).join('.');
}

function generic(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' ? `at most ${issue.maximum} characters` : `at most ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'string' ? `at least ${issue.minimum} characters` : `at least ${issue.minimum}`;
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return 'a whole number';
      if (issue.expected === 'boolean') return 'true or false';
      return 'text';
    default:
      return 'see the format description';
  }
}

export function problemFromIssue(
  issue: z.core.$ZodIssue,
  input: unknown,
  wording: IssueWording,
): RecordProblem {
  const field = wording.field(issue.path);
  // What is absent or blank is "missing" whatever check zod ran first: the date check reports an
  // empty date as a bad date, the id check an empty id as a bad pattern.
  if (isBlank(valueAt(input, issue.path))) return { code: 'exchange.record.missing', params: { field } };
  const custom: unknown = issue.code === 'custom' ? issue.params?.['code'] : undefined;
  if (custom === 'exchange.record.personalId') return { code: 'exchange.record.personalId', params: {} };
  if (custom === 'exchange.record.dateOrder' && wording.dateOrder) {
    const { from, to } = wording.dateOrder(input);
    return { code: 'exchange.record.dateOrder', params: { from, to } };
  }
  const stringLength = issue.code === 'too_big' && issue.origin === 'string';
  const expected = (stringLength ? undefined : wording.expected(pathPattern(issue.path))) ?? generic(issue);
  return { code: 'exchange.record.badValue', params: { field, expected } };
}
