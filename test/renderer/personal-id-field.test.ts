// The admin's personnummer field is checked as the core checks it: shape, date and check digit.
import { describe, expect, it } from 'vitest';
import { personalIdError } from '../../src/renderer/lib/validate.ts';

describe('personalIdError', () => {
  it('asks for a number when the field is empty', () => {
    expect(personalIdError('  ')).toBe('validation.required');
  });

  it('accepts a Swedish number in its usual shapes', () => {
    for (const v of ['19391211-2384', '193912112384', '391211-2384', ' 19391211-2384 '])
      expect(personalIdError(v)).toBeUndefined();
  });

  it('refuses a wrong check digit, an impossible date and other text', () => {
    for (const v of ['19391211-2385', '19391311-2384', 'Astrid Lindqvist', '1234'])
      expect(personalIdError(v)).toBe('validation.personalId');
  });
});
