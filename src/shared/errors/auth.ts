import type { Message } from './types.ts';

export const authErrors = {
  'auth.passwordIsYours': {
    sv: 'Det är ditt eget lösenord. Välj ett annat startlösenord åt användaren.',
    fi: 'Tämä on oma salasanasi. Valitse käyttäjälle toinen alkusalasana.',
    en: 'That is your own password. Choose another initial password for the user.',
  },
  'auth.required': {
    sv: 'Logga in för att fortsätta.',
    fi: 'Kirjaudu sisään jatkaaksesi.',
    en: 'Log in to continue.',
  },
  'auth.locked': {
    sv: 'Skärmen är låst efter en stunds inaktivitet. Ange ditt lösenord för att fortsätta.',
    fi: 'Näyttö lukittiin käyttämättömyyden vuoksi. Jatka antamalla salasanasi.',
    en: 'The screen locked after a period of inactivity. Enter your password to continue.',
  },
  'auth.forbidden': {
    sv: 'Din roll får inte göra detta. Be en administratör om rollen {roles} om du behöver det.',
    fi: 'Roolisi ei salli tätä. Pyydä ylläpitäjältä roolia {roles}, jos tarvitset sitä.',
    en: 'Your role may not do this. Ask an administrator for the role {roles} if you need it.',
  },
  'auth.mustChangePassword': {
    sv: 'Välj ett eget lösenord innan du fortsätter. Lösenordet du fick av administratören gäller bara för första inloggningen.',
    fi: 'Valitse oma salasana ennen kuin jatkat. Ylläpitäjältä saamasi salasana kelpaa vain ensimmäiseen kirjautumiseen.',
    en: 'Choose your own password before you go on. The password the administrator gave you is only for the first login.',
  },
  'auth.badCredentials': {
    sv: 'Fel användarnamn eller lösenord.',
    fi: 'Väärä käyttäjätunnus tai salasana.',
    en: 'Wrong user name or password.',
  },
  'auth.tooManyAttempts': {
    sv: 'För många felaktiga försök. Vänta {seconds} sekunder och försök igen.',
    fi: 'Liian monta virheellistä yritystä. Odota {seconds} sekuntia ja yritä uudelleen.',
    en: 'Too many failed attempts. Wait {seconds} seconds and try again.',
  },
  'auth.setupDone': {
    sv: 'CareDock har redan en administratör. Logga in i stället.',
    fi: 'CareDockilla on jo ylläpitäjä. Kirjaudu sen sijaan sisään.',
    en: 'CareDock already has an administrator. Log in instead.',
  },
  'auth.weakPassword': {
    sv: 'Lösenordet måste ha minst {min} tecken.',
    fi: 'Salasanassa on oltava vähintään {min} merkkiä.',
    en: 'The password must have at least {min} characters.',
  },
  'auth.passwordMismatch': {
    sv: 'Det nuvarande lösenordet stämmer inte.',
    fi: 'Nykyinen salasana ei täsmää.',
    en: 'The current password is not correct.',
  },
  'users.usernameTaken': {
    sv: 'Användarnamnet {username} finns redan. Välj ett annat.',
    fi: 'Käyttäjätunnus {username} on jo käytössä. Valitse toinen.',
    en: 'The user name {username} is already taken. Choose another.',
  },
  'users.notFound': {
    sv: 'Användaren finns inte längre. Ladda om listan.',
    fi: 'Käyttäjää ei enää ole. Lataa luettelo uudelleen.',
    en: 'The user no longer exists. Reload the list.',
  },
  'users.lastAdmin': {
    sv: 'Det måste finnas minst en aktiv administratör. Ge någon annan rollen först.',
    fi: 'Vähintään yhden aktiivisen ylläpitäjän on oltava olemassa. Anna rooli ensin jollekulle muulle.',
    en: 'There must be at least one active administrator. Give someone else the role first.',
  },
} as const satisfies Record<string, Message>;
