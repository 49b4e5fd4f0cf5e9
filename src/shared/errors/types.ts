export const languages = ['sv', 'fi', 'en'] as const;
export type Language = (typeof languages)[number];

/** One message per language; `{name}` placeholders are filled from the error's params. */
export interface Message {
  sv: string;
  fi: string;
  en: string;
}
