// The settings table: one JSON value per key.
import type Database from 'better-sqlite3';

export class SettingsData {
  readonly #sqlite: Database.Database;
  readonly #all: Database.Statement;
  readonly #put: Database.Statement;
  readonly #get: Database.Statement;
  readonly #remove: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
    this.#all = sqlite.prepare('select key, value from settings');
    this.#get = sqlite.prepare('select value from settings where key = ?').pluck();
    this.#remove = sqlite.prepare('delete from settings where key = ?');
    this.#put = sqlite.prepare(
      'insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    );
  }

  all(): { key: string; value: string }[] {
    return this.#all.all() as { key: string; value: string }[];
  }

  /** One key's JSON value, if stored. */
  get(key: string): string | undefined {
    return this.#get.get(key) as string | undefined;
  }

  remove(key: string): void {
    this.#remove.run(key);
  }

  /** Stores every pair, in one transaction. */
  put(pairs: readonly { key: string; value: string }[]): void {
    this.#sqlite.transaction(() => {
      for (const p of pairs) this.#put.run(p.key, p.value);
    })();
  }
}
