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

/** Prints the copy before a migration's progress to stderr, at each step of 5 %. */
export function backupProgressPrinter(): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    const percent = Math.floor(fraction * 20) * 5;
    if (percent === last) return;
    last = percent;
    console.error(`caredock: ${formatMessage('db.backupProgress', { percent }, cliLanguage())}`);
  };
}
