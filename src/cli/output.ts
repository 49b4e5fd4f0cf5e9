import { CareDockError, formatMessage, languageFromLocale, type Language } from '../shared/errors/index.ts';

/** The CLI speaks the language of the shell's locale; Swedish when it cannot tell. */
export function cliLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  return languageFromLocale(env);
}

/** Prints an error for the person at the terminal and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof CareDockError) {
    console.error(`caredock: ${formatMessage(error.code, error.params, cliLanguage())} [${error.code}]`);
    return 1;
  }
  console.error(`caredock: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}
