// UI text, Swedish first, one file per area. Errors from the core are NOT here: they come from
// the shared error catalogue (src/shared/errors) through formatMessage, so every shell says the
// same thing.
import type { Message } from '../../../shared/errors/index.ts';
import { appMessages } from './app.ts';
import { dockingMessages } from './docking.ts';
import { syncUiMessages } from './sync.ts';
import { workflowUiMessages } from './workflows.ts';

export const messages = {
  ...appMessages,
  ...dockingMessages,
  ...workflowUiMessages,
  ...syncUiMessages,
} as const satisfies Record<string, Message>;

export type MessageKey = keyof typeof messages;

/** Names of audit actions the core records; an action not listed here is shown as its code. */
export const auditActions: Record<string, Message> = {
  'auth.setup': {
    sv: 'Första administratören skapad',
    fi: 'Ensimmäinen ylläpitäjä luotu',
    en: 'First administrator created',
  },
  'auth.login': { sv: 'Inloggning', fi: 'Kirjautuminen', en: 'Login' },
  'auth.loginFailed': { sv: 'Misslyckad inloggning', fi: 'Epäonnistunut kirjautuminen', en: 'Failed login' },
  'auth.logout': { sv: 'Utloggning', fi: 'Uloskirjautuminen', en: 'Logout' },
  'auth.idleLock': {
    sv: 'Skärmen låstes efter inaktivitet',
    fi: 'Näyttö lukittiin käyttämättömyyden vuoksi',
    en: 'Screen locked after inactivity',
  },
  'auth.unlock': { sv: 'Skärmen låstes upp', fi: 'Näytön lukitus avattiin', en: 'Screen unlocked' },
  'auth.passwordChanged': { sv: 'Lösenord bytt', fi: 'Salasana vaihdettu', en: 'Password changed' },
  'users.create': { sv: 'Användare skapad', fi: 'Käyttäjä luotu', en: 'User created' },
  'users.update': { sv: 'Användare ändrad', fi: 'Käyttäjää muutettu', en: 'User changed' },
  'users.resetPassword': { sv: 'Lösenord återställt', fi: 'Salasana palautettu', en: 'Password reset' },
  'settings.update': { sv: 'Inställningar ändrade', fi: 'Asetuksia muutettu', en: 'Settings changed' },
};
