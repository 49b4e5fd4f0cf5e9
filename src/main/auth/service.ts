import type { ProcedureName, SessionInfo } from '../../shared/api/index.ts';
import { CareDockError, type Language } from '../../shared/errors/index.ts';
import type { AuditLog } from '../audit/log.ts';
import type { ClientRegistry, ClientState } from '../api/clients.ts';
import type { SettingsStore } from '../settings/store.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../../shared/node/password.ts';
import { attemptKeys, LoginThrottle } from './throttle.ts';
import { type UserRepository, type UserRow } from './data.ts';

export interface AuthDeps {
  /** One synchronous write transaction. */
  transaction: <T>(fn: () => T) => T;
  users: UserRepository;
  audit: AuditLog;
  settings: SettingsStore;
  clients: ClientRegistry;
  passwordCostLog2: number;
  idleLockSecondsOverride: number | undefined;
}

/** Calls that do not count as a person being active (the UI polls them on its own). */
const passiveProcedures: ReadonlySet<ProcedureName> = new Set(['app.info', 'auth.session']);

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new CareDockError('auth.weakPassword', { min: MIN_PASSWORD_LENGTH });
}

export class AuthService {
  readonly #d: AuthDeps;
  readonly #throttle = new LoginThrottle();
  // Verifying against a real hash for unknown names keeps response time from revealing which names exist.
  #decoyHash: Promise<string> | null = null;

  constructor(deps: AuthDeps) {
    this.#d = deps;
  }

  idleLockSeconds(): number {
    return this.#d.idleLockSecondsOverride ?? this.#d.settings.get().idleLockSeconds;
  }

  sessionInfo(client: ClientState, user: UserRow): SessionInfo {
    return {
      user: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        language: user.language,
        mustChangePassword: user.mustChangePassword,
      },
      locked: client.locked,
      idleLockSeconds: this.idleLockSeconds(),
    };
  }

  /** Sends the client its session; `known` spares reading a user the caller has just read. */
  #announce(client: ClientState, known?: UserRow | null): void {
    const user =
      client.userId === null ? null : known !== undefined ? known : this.#d.users.byId(client.userId);
    this.#d.clients.send(client, 'session.changed', user ? this.sessionInfo(client, user) : null);
  }

  /** Locks the client if it has been idle too long. Returns true if it locked now. */
  applyIdleLock(client: ClientState, now = Date.now()): boolean {
    if (client.userId === null || client.locked) return false;
    if (now - client.lastActivityMs < this.idleLockSeconds() * 1000) return false;
    client.locked = true;
    this.#d.audit.record({ id: client.userId, username: null }, 'auth.idleLock');
    this.#announce(client);
    return true;
  }

  /** Runs before every call: who is this, are they still allowed, has the screen locked? */
  authenticate(client: ClientState, name: ProcedureName): UserRow | null {
    if (client.userId === null) return null;
    const user = this.#d.users.byId(client.userId);
    if (!user || !user.active) {
      client.userId = null;
      client.locked = false;
      this.#announce(client);
      return null;
    }
    this.applyIdleLock(client);
    if (!client.locked && !passiveProcedures.has(name)) client.lastActivityMs = Date.now();
    return user;
  }

  /**
   * The slow half of the first-run setup: checks and hashes the password. The writes are in
   * `setup`, which the caller runs inside its commit.
   */
  async prepareSetup(input: { password: string }): Promise<string> {
    if (this.#d.users.count() > 0) throw new CareDockError('auth.setupDone');
    checkPasswordStrength(input.password);
    return hashPassword(input.password, this.#d.passwordCostLog2);
  }

  setup(
    client: ClientState,
    input: { username: string; displayName: string; language?: Language | undefined },
    passwordHash: string,
  ): SessionInfo {
    const language = input.language ?? this.#d.settings.get().defaultLanguage;
    const id = this.#d.transaction(() => {
      // Checked again inside the transaction: two first-run screens must not both create an admin.
      if (this.#d.users.count() > 0) throw new CareDockError('auth.setupDone');
      const newId = this.#d.users.insert({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        roles: ['admin'],
        language,
        mustChangePassword: false,
      });
      this.#d.audit.record({ id: newId, username: input.username }, 'auth.setup', input.username);
      return newId;
    });
    return this.#startSession(client, id);
  }

  #startSession(client: ClientState, userId: number): SessionInfo {
    this.#d.users.update(userId, { lastLoginAt: new Date().toISOString() });
    const user = this.#d.users.byId(userId);
    if (!user) throw new CareDockError('users.notFound');
    client.userId = userId;
    client.locked = false;
    client.lastActivityMs = Date.now();
    this.#announce(client, user);
    return this.sessionInfo(client, user);
  }

  /**
   * Checks a password under the throttle. The attempt is reserved before the hash starts, per
   * client and per user name, so parallel attempts wait their turn instead of all being checked.
   */
  async #checkPassword(client: ClientState, username: string, password: string): Promise<UserRow> {
    const keys = attemptKeys(client.id, username);
    const reserved = this.#throttle.reserve(keys);
    if (!reserved.ok) throw new CareDockError('auth.tooManyAttempts', { seconds: reserved.waitSeconds });
    const user = this.#d.users.byUsername(username);
    this.#decoyHash ??= hashPassword('decoy-password', this.#d.passwordCostLog2);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.#decoyHash));
    if (!user || !ok || !user.active) {
      this.#d.audit.record({ id: null, username: null }, 'auth.loginFailed', username);
      throw new CareDockError('auth.badCredentials');
    }
    this.#throttle.succeeded(keys, [`user:${username}`]);
    return user;
  }

  /** The slow half of a login: the password check. `login` then starts the session. */
  verifyLogin(client: ClientState, input: { username: string; password: string }): Promise<UserRow> {
    return this.#checkPassword(client, input.username, input.password);
  }

  login(client: ClientState, user: UserRow): SessionInfo {
    this.#d.audit.record({ id: user.id, username: user.username }, 'auth.login');
    return this.#startSession(client, user.id);
  }

  async verifyUnlock(client: ClientState, user: UserRow, password: string): Promise<void> {
    await this.#checkPassword(client, user.username, password);
  }

  unlock(client: ClientState, user: UserRow): SessionInfo {
    this.#d.audit.record({ id: user.id, username: user.username }, 'auth.unlock');
    client.locked = false;
    client.lastActivityMs = Date.now();
    this.#announce(client);
    return this.sessionInfo(client, user);
  }

  lock(client: ClientState, user: UserRow): SessionInfo {
    client.locked = true;
    this.#announce(client);
    return this.sessionInfo(client, user);
  }

  logout(client: ClientState, user: UserRow): void {
    this.#d.audit.record({ id: user.id, username: user.username }, 'auth.logout');
    client.userId = null;
    client.locked = false;
    this.#announce(client);
  }

  /** The slow half of a password change: checks the current password and hashes the new one. */
  async newPasswordHash(client: ClientState, user: UserRow, current: string, next: string): Promise<string> {
    checkPasswordStrength(next);
    // The current password is a password check like any other: an unlocked desk is no licence to guess.
    const keys = attemptKeys(client.id, user.username);
    const reserved = this.#throttle.reserve(keys);
    if (!reserved.ok) throw new CareDockError('auth.tooManyAttempts', { seconds: reserved.waitSeconds });
    if (!(await verifyPassword(current, user.passwordHash))) throw new CareDockError('auth.passwordMismatch');
    this.#throttle.succeeded(keys, [`user:${user.username}`]);
    return hashPassword(next, this.#d.passwordCostLog2);
  }

  changePassword(client: ClientState, user: UserRow, passwordHash: string): SessionInfo {
    this.#d.transaction(() => {
      this.#d.users.update(user.id, { passwordHash, mustChangePassword: false });
      this.#d.audit.record({ id: user.id, username: user.username }, 'auth.passwordChanged', user.username);
    });
    return this.#refreshed(client, user.id);
  }

  setLanguage(client: ClientState, user: UserRow, language: Language): SessionInfo {
    this.#d.users.update(user.id, { language });
    return this.#refreshed(client, user.id);
  }

  #refreshed(client: ClientState, userId: number): SessionInfo {
    const fresh = this.#d.users.byId(userId);
    if (!fresh) throw new CareDockError('users.notFound');
    this.#announce(client, fresh);
    return this.sessionInfo(client, fresh);
  }

  /** Tell every client of this user that its session changed (roles edited, deactivated). */
  announceUser(userId: number): void {
    for (const client of this.#d.clients.all()) {
      if (client.userId === userId) {
        const user = this.#d.users.byId(userId) ?? null;
        if (!user || !user.active) {
          client.userId = null;
          client.locked = false;
        }
        this.#announce(client, user);
      }
    }
  }
}
