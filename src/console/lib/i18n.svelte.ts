// The console's language: Swedish until the person or their account says otherwise. UI text
// comes from lib/messages (one file per language); errors from the shared catalogue.
import { formatMessage, languages, type Language } from '../../shared/errors/index.ts';
import { messages, type MessageKey } from './messages/index.ts';
import type { Problem } from './problem.ts';

type Params = Record<string, string | number>;

const storageKey = 'caredock.console.language';

/** Each language named in itself, so a person who cannot read the current one still finds theirs. */
export const languageNames: Record<Language, string> = { sv: 'Svenska', fi: 'Suomi', en: 'English' };
export const languageOrder: readonly Language[] = languages;

export const i18n = $state<{ lang: Language }>({ lang: 'sv' });

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(storageKey);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function applyLanguage(lang: Language): void {
  i18n.lang = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // Storage may be disabled; the choice then lasts for this page only.
  }
}

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** UI text in the current language; reading i18n.lang makes the caller follow a switch. */
export function t(key: MessageKey, params?: Params): string {
  return fill(messages[i18n.lang][key], params);
}

/** A catalogue error in the current language. */
export function problemText(p: Problem): string {
  return formatMessage(p.code, p.params, i18n.lang);
}

const locales: Record<Language, string> = { sv: 'sv-SE', fi: 'fi-FI', en: 'en-GB' };

export function formatDateTime(iso: string | null): string {
  if (iso === null) return '–';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(locales[i18n.lang], { dateStyle: 'short', timeStyle: 'short' }).format(ms);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locales[i18n.lang]).format(n);
}
