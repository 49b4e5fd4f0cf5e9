import { parsePersonalId } from '../../shared/domain/personal-id.ts';
import type { MessageKey } from './messages/index.ts';

/** Same rule as the core's username schema, so most mistakes are caught before a round trip. */
export function usernameError(value: string): MessageKey | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return 'validation.required';
  if (v.length < 2 || v.length > 64 || !/^[a-z0-9._-]+$/.test(v)) return 'validation.username';
  return undefined;
}

export function requiredError(value: string): MessageKey | undefined {
  return value.trim() === '' ? 'validation.required' : undefined;
}

/** The core's own check (shape, date, check digit), so a mistyped number never makes a round trip. */
export function personalIdError(value: string): MessageKey | undefined {
  if (value.trim() === '') return 'validation.required';
  return parsePersonalId(value) ? undefined : 'validation.personalId';
}

/** Focuses the first control marked invalid inside a form, after Svelte has rendered the marks. */
export function focusFirstInvalid(form: HTMLFormElement | undefined): void {
  queueMicrotask(() => {
    const el = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]');
    const target = el instanceof HTMLFieldSetElement ? el.querySelector<HTMLElement>('input') : el;
    target?.focus();
  });
}
