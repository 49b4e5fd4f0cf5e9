import { formatMessage, languages, type Language } from '../../shared/errors/index.ts';
import { messages, type MessageKey } from './messages/index.ts';
import { formatInstant } from './time.ts';

type Params = Record<string, string | number>;

const storageKey = 'caredock.language';

/** Each language named in itself, so a person who cannot read the current one still finds theirs. */
export const languageNames: Record<Language, string> = { sv: 'Svenska', fi: 'Suomi', en: 'English' };

export const i18n = $state<{ lang: Language }>({ lang: 'sv' });

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The language someone picked on this PC (before or after login), if any. */
export function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(storageKey);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(lang: Language): void {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // Storage may be disabled; the choice then lasts for this page only.
  }
}

export function setLanguage(lang: Language): void {
  i18n.lang = lang;
  document.documentElement.lang = lang;
}

const pluralRules: Record<Language, Intl.PluralRules> = {
  sv: new Intl.PluralRules('sv'),
  fi: new Intl.PluralRules('fi'),
  en: new Intl.PluralRules('en'),
};

/**
 * The word form for a count by the language's plural rules: `{visits#käynti|käyntiä}` is
 * "käynti" for one visit and "käyntiä" for any other number ("1 käynti", "2 käyntiä").
 */
function pluralForm(lang: Language, count: number, forms: string): string {
  const [one, other = one] = forms.split('|') as [string, string?];
  return pluralRules[lang].select(count) === 'one' ? one : other;
}

export function fillMessage(text: string, lang: Language, params?: Params): string {
  if (!params) return text;
  return text
    .replace(/\{(\w+)#([^}]*)\}/g, (whole, name: string, forms: string) =>
      name in params && typeof params[name] === 'number' ? pluralForm(lang, params[name], forms) : whole,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** UI text in the current language. Reading i18n.lang makes callers reactive to the switch. */
export function t(key: MessageKey, params?: Params): string {
  return fillMessage(messages[key][i18n.lang], i18n.lang, params);
}

/** A core error (catalogue code) in the current language; never a stack trace. */
export function errorText(code: string, params?: Params): string {
  return formatMessage(code, params, i18n.lang);
}

const locales: Record<Language, string> = { sv: 'sv-SE', fi: 'fi-FI', en: 'en-GB' };

export function formatDateTime(iso: string): string {
  return formatInstant(iso, i18n.lang);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locales[i18n.lang], { maximumFractionDigits: 2 }).format(value);
}

/** A form field's error: a UI validation message, or a core error the field is about. */
export type FieldError = MessageKey | { code: string; params: Params };

export function fieldText(error: FieldError | undefined): string | undefined {
  if (error === undefined) return undefined;
  return typeof error === 'string' ? t(error) : errorText(error.code, error.params);
}
