import { CareDockError, formatMessage, type Language } from '../shared/errors/index.ts';

/** The CLI speaks the language of the shell's locale; Swedish when it cannot tell. */
export function cliLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  const tag = (env.CAREDOCK_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '').toLowerCase();
  if (tag.startsWith('fi')) return 'fi';
  if (tag.startsWith('en') || tag === 'c' || tag.startsWith('c.') || tag === 'posix') return 'en';
  return 'sv';
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
