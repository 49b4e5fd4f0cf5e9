// Plain date helpers (outside .svelte.ts: these Dates are never mutated, so no reactivity needed).

export function nowIso(): string {
  return new Date().toISOString();
}

export function formatDateTimeIn(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(date);
}
