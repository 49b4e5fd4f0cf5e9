import type { Role, UserRecord } from '../../shared/api/index.ts';
import { CareDockError, type Language } from '../../shared/errors/index.ts';
import type { AuditLog } from '../audit/log.ts';
import { hashPassword, verifyPassword } from '../../shared/node/password.ts';
import { checkPasswordStrength } from './service.ts';
import { toUserRecord, type UserRepository, type UserRow } from './data.ts';

export interface UserAdminDeps {
  /** One synchronous write transaction. */
  transaction: <T>(fn: () => T) => T;
  users: UserRepository;
  audit: AuditLog;
  passwordCostLog2: number;
  defaultLanguage: () => Language;
  /** Called after a change so that user's open sessions learn about it at once. */
  onUserChanged: (userId: number) => void;
}

/** What an administrator does to other accounts; every change is audited in its own transaction. */
export class UserAdmin {
  readonly #d: UserAdminDeps;
  constructor(deps: UserAdminDeps) {
    this.#d = deps;
  }

  list(): UserRecord[] {
    return this.#d.users.all().map(toUserRecord);
  }

  #get(id: number): UserRow {
    const row = this.#d.users.byId(id);
    if (!row) throw new CareDockError('users.notFound');
    return row;
  }

  /** The slow half of creating a user or resetting a password; the writes follow in one commit. */
  async passwordHash(password: string, chosenBy?: UserRow): Promise<string> {
    checkPasswordStrength(password);
    // An administrator's own password handed to someone else is no longer theirs alone.
    if (chosenBy && (await verifyPassword(password, chosenBy.passwordHash)))
      throw new CareDockError('auth.passwordIsYours');
    return hashPassword(password, this.#d.passwordCostLog2);
  }

  create(
    actor: UserRow,
    input: {
      username: string;
      displayName: string;
      roles: Role[];
      language?: Language | undefined;
    },
    passwordHash: string,
  ): UserRecord {
    const roles = [...new Set(input.roles)];
    const id = this.#d.transaction(() => {
      const newId = this.#d.users.insert({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        roles,
        language: input.language ?? this.#d.defaultLanguage(),
        // An initial password was chosen by someone else, so the person must pick their own.
        mustChangePassword: true,
      });
      this.#d.audit.record(actor, 'users.create', input.username, { roles: roles.join(',') });
      return newId;
    });
    return toUserRecord(this.#get(id));
  }

  update(
    actor: UserRow,
    input: {
      id: number;
      displayName?: string | undefined;
      roles?: Role[] | undefined;
      active?: boolean | undefined;
      seeProtected?: boolean | undefined;
    },
  ): UserRecord {
    const target = this.#get(input.id);
    const roles = input.roles ? [...new Set(input.roles)] : undefined;
    const losesAdmin = (roles && !roles.includes('admin')) || input.active === false;
    this.#d.transaction(() => {
      if (losesAdmin && target.roles.includes('admin') && this.#d.users.otherActiveAdmins(target.id) === 0) {
        throw new CareDockError('users.lastAdmin');
      }
      const patch: Partial<Pick<UserRow, 'displayName' | 'active' | 'seeProtected'>> = {};
      if (input.seeProtected !== undefined) patch.seeProtected = input.seeProtected;
      if (input.displayName !== undefined) patch.displayName = input.displayName;
      if (input.active !== undefined) patch.active = input.active;
      this.#d.users.update(target.id, patch);
      if (roles) this.#d.users.setRoles(target.id, roles);
      const details: Record<string, string | boolean> = {};
      if (roles) details.roles = roles.join(',');
      if (input.active !== undefined) details.active = input.active;
      if (input.displayName !== undefined) details.displayName = input.displayName;
      if (input.seeProtected !== undefined) details.seeProtected = input.seeProtected;
      this.#d.audit.record(actor, 'users.update', target.username, details);
    });
    this.#d.onUserChanged(target.id);
    return toUserRecord(this.#get(target.id));
  }

  resetPassword(actor: UserRow, id: number, passwordHash: string): UserRecord {
    const target = this.#get(id);
    this.#d.transaction(() => {
      this.#d.users.update(target.id, { passwordHash, mustChangePassword: true });
      this.#d.audit.record(actor, 'users.resetPassword', target.username);
    });
    return toUserRecord(this.#get(target.id));
  }
}
