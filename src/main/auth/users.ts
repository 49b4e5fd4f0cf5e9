import { and, count, eq, ne } from 'drizzle-orm';
import type { Role, UserRecord } from '../../shared/api/index.ts';
import type { Language } from '../../shared/errors/index.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import type { Db } from '../db/open.ts';
import { userRoles, users } from '../db/schema.ts';

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

const roleOrder: Role[] = ['office', 'coordinator', 'admin'];

/** The users table and its roles behind one module with typed queries. */
export class UserRepository {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  count(): number {
    return this.#db.select({ n: count() }).from(users).get()?.n ?? 0;
  }

  #rolesOf(userId: number): Role[] {
    const rows = this.#db
      .select({ role: userRoles.role })
      .from(userRoles)
      .where(eq(userRoles.userId, userId))
      .all();
    return roleOrder.filter((r) => rows.some((row) => row.role === r));
  }

  byId(id: number): UserRow | null {
    const row = this.#db.select().from(users).where(eq(users.id, id)).get();
    return row ? { ...row, roles: this.#rolesOf(row.id) } : null;
  }

  byUsername(username: string): UserRow | null {
    const row = this.#db.select().from(users).where(eq(users.username, username)).get();
    return row ? { ...row, roles: this.#rolesOf(row.id) } : null;
  }

  all(): UserRow[] {
    return this.#db
      .select()
      .from(users)
      .orderBy(users.username)
      .all()
      .map((row) => ({ ...row, roles: this.#rolesOf(row.id) }));
  }

  /** Must run inside a transaction with the audit record. */
  insert(
    db: Db,
    values: {
      username: string;
      displayName: string;
      passwordHash: string;
      roles: Role[];
      language: Language;
      mustChangePassword: boolean;
    },
  ): number {
    if (db.select({ id: users.id }).from(users).where(eq(users.username, values.username)).get()) {
      throw new CareDockError('users.usernameTaken', { username: values.username });
    }
    const { id } = db
      .insert(users)
      .values({
        username: values.username,
        displayName: values.displayName,
        passwordHash: values.passwordHash,
        language: values.language,
        mustChangePassword: values.mustChangePassword,
      })
      .returning({ id: users.id })
      .get();
    db.insert(userRoles)
      .values(values.roles.map((role) => ({ userId: id, role })))
      .run();
    return id;
  }

  setRoles(db: Db, userId: number, roles: Role[]): void {
    db.delete(userRoles).where(eq(userRoles.userId, userId)).run();
    db.insert(userRoles)
      .values(roles.map((role) => ({ userId, role })))
      .run();
  }

  update(
    db: Db,
    userId: number,
    patch: Partial<
      Pick<
        UserRow,
        'displayName' | 'active' | 'passwordHash' | 'mustChangePassword' | 'language' | 'lastLoginAt'
      >
    >,
  ): void {
    if (Object.keys(patch).length === 0) return;
    db.update(users).set(patch).where(eq(users.id, userId)).run();
  }

  /** Active admins other than the given user: guards against locking everyone out. */
  otherActiveAdmins(db: Db, userId: number): number {
    return (
      db
        .select({ n: count() })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(and(eq(userRoles.role, 'admin'), eq(users.active, true), ne(users.id, userId)))
        .get()?.n ?? 0
    );
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
