import type { Language } from './types.ts';

/** A terminal's language from its locale variables; Swedish when it cannot tell. */
export function languageFromLocale(env: Record<string, string | undefined>): Language {
  const tag = (
    env['CAREDOCK_LANG'] ??
    env['LC_ALL'] ??
    env['LC_MESSAGES'] ??
    env['LANG'] ??
    ''
  ).toLowerCase();
  if (tag.startsWith('fi')) return 'fi';
  if (tag.startsWith('en') || tag === 'c' || tag.startsWith('c.') || tag === 'posix') return 'en';
  return 'sv';
}
