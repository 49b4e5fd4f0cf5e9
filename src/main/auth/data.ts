// The users table and their roles behind typed functions: who may log in, with which roles, and
// whether they may see a protected identity.
import type Database from 'better-sqlite3';
import type { Role, UserRecord } from '../../shared/api/index.ts';
import type { Language } from '../../shared/errors/index.ts';
import { CareDockError } from '../../shared/errors/index.ts';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  active: boolean;
  language: Language;
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  roles: Role[];
  /** May see a protected identity's name and address (skyddad identitet). */
  seeProtected: boolean;
}

export type UserPatch = Partial<
  Pick<
    UserRow,
    | 'displayName'
    | 'active'
    | 'passwordHash'
    | 'mustChangePassword'
    | 'language'
    | 'lastLoginAt'
    | 'seeProtected'
  >
>;

const roleOrder: Role[] = ['office', 'coordinator', 'admin'];

const columnOf: { [K in keyof Required<UserPatch>]: string } = {
  displayName: 'display_name',
  active: 'active',
  passwordHash: 'password_hash',
  mustChangePassword: 'must_change_password',
  language: 'language',
  lastLoginAt: 'last_login_at',
  seeProtected: 'see_protected',
};

interface StoredUser extends Omit<UserRow, 'roles' | 'active' | 'mustChangePassword' | 'seeProtected'> {
  active: number;
  mustChangePassword: number;
  seeProtected: number;
}

/** The users table and its roles. Writes run inside the caller's transaction with the audit record. */
export class UserRepository {
  readonly #count: Database.Statement;
  readonly #byId: Database.Statement;
  readonly #byUsername: Database.Statement;
  readonly #all: Database.Statement;
  readonly #roles: Database.Statement;
  readonly #insert: Database.Statement;
  readonly #clearRoles: Database.Statement;
  readonly #addRole: Database.Statement;
  readonly #set: { [K in keyof Required<UserPatch>]: Database.Statement };
  readonly #otherAdmins: Database.Statement;

  constructor(sqlite: Database.Database) {
    const columns = `id, username, display_name as displayName, password_hash as passwordHash, active, language,
      must_change_password as mustChangePassword, see_protected as seeProtected, created_at as createdAt,
      last_login_at as lastLoginAt`;
    this.#count = sqlite.prepare('select count(*) from users').pluck();
    this.#byId = sqlite.prepare(`select ${columns} from users where id = ?`);
    this.#byUsername = sqlite.prepare(`select ${columns} from users where username = ?`);
    this.#all = sqlite.prepare(`select ${columns} from users order by username`);
    this.#roles = sqlite.prepare('select role from user_roles where user_id = ?').pluck();
    this.#insert = sqlite.prepare(
      `insert into users (username, display_name, password_hash, language, must_change_password)
       values (@username, @displayName, @passwordHash, @language, @mustChangePassword) returning id`,
    );
    this.#clearRoles = sqlite.prepare('delete from user_roles where user_id = ?');
    this.#addRole = sqlite.prepare('insert into user_roles (user_id, role) values (?, ?)');
    this.#set = Object.fromEntries(
      Object.entries(columnOf).map(([key, column]) => [
        key,
        sqlite.prepare(`update users set ${column} = ? where id = ?`),
      ]),
    ) as { [K in keyof Required<UserPatch>]: Database.Statement };
    this.#otherAdmins = sqlite
      .prepare(
        `select count(*) from users u join user_roles r on r.user_id = u.id
         where r.role = 'admin' and u.active = 1 and u.id != ?`,
      )
      .pluck();
  }

  count(): number {
    return this.#count.get() as number;
  }

  #row(stored: StoredUser | undefined): UserRow | null {
    if (!stored) return null;
    const roles = this.#roles.all(stored.id) as Role[];
    return {
      ...stored,
      active: stored.active === 1,
      mustChangePassword: stored.mustChangePassword === 1,
      seeProtected: stored.seeProtected === 1,
      roles: roleOrder.filter((r) => roles.includes(r)),
    };
  }

  byId(id: number): UserRow | null {
    return this.#row(this.#byId.get(id) as StoredUser | undefined);
  }

  byUsername(username: string): UserRow | null {
    return this.#row(this.#byUsername.get(username) as StoredUser | undefined);
  }

  all(): UserRow[] {
    return (this.#all.all() as StoredUser[]).map((u) => this.#row(u)!);
  }

  /** Must run inside a transaction with the audit record. */
  insert(values: {
    username: string;
    displayName: string;
    passwordHash: string;
    roles: Role[];
    language: Language;
    mustChangePassword: boolean;
  }): number {
    if (this.#byUsername.get(values.username)) {
      throw new CareDockError('users.usernameTaken', { username: values.username });
    }
    const { id } = this.#insert.get({
      username: values.username,
      displayName: values.displayName,
      passwordHash: values.passwordHash,
      language: values.language,
      mustChangePassword: values.mustChangePassword ? 1 : 0,
    }) as { id: number };
    this.setRoles(id, values.roles);
    return id;
  }

  setRoles(userId: number, roles: Role[]): void {
    this.#clearRoles.run(userId);
    for (const role of roles) this.#addRole.run(userId, role);
  }

  update(userId: number, patch: UserPatch): void {
    for (const [key, value] of Object.entries(patch) as [keyof UserPatch, UserPatch[keyof UserPatch]][]) {
      if (value === undefined) continue;
      this.#set[key].run(typeof value === 'boolean' ? (value ? 1 : 0) : value, userId);
    }
  }

  /** Active admins other than the given user: guards against locking everyone out. */
  otherActiveAdmins(userId: number): number {
    return this.#otherAdmins.get(userId) as number;
  }
}

export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles,
    active: row.active,
    language: row.language,
    mustChangePassword: row.mustChangePassword,
    seeProtected: row.seeProtected,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}
