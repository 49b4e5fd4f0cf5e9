// The console's UI text, one file per language, Swedish first. Errors are not here: they come
// from the shared catalogue (src/shared/errors), so the console says what every shell says.
import type { Language } from '../../../shared/errors/index.ts';
import { en } from './en.ts';
import { fi } from './fi.ts';
import { sv, type ConsoleMessages } from './sv.ts';

export type { MessageKey } from './sv.ts';

export const messages: Record<Language, ConsoleMessages> = { sv, fi, en };
