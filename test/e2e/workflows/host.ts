// A headless host on a data folder seeded before it starts: the first start creates and migrates
// the database, the host stops, the seed is written with SQLite, and the host starts again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request, type APIRequestContext } from '@playwright/test';
import { serveAt } from '../host.ts';
import { seedDatabase, type Seed } from './seed.ts';

export interface SeededHost {
  readonly url: string;
  newLink(): Promise<string>;
  readonly origin: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startSeededHost(seed: Seed): Promise<SeededHost> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'caredock-wf-'));
  const first = await serveAt(dataDir);
  await first.stop();
  seedDatabase(dataDir, seed);
  const running = await serveAt(dataDir);
  return {
    url: running.url,
    newLink: () => running.newLink(),
    origin: new URL(running.url).origin,
    dataDir,
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A client of the host's API with a session of its own (its own cookie jar). */
export class Api {
  readonly #context: APIRequestContext;

  private constructor(context: APIRequestContext) {
    this.#context = context;
  }

  /** A session of its own through a fresh one-time link. */
  static async open(host: { newLink(): Promise<string>; origin: string }): Promise<Api> {
    const context = await request.newContext({
      baseURL: host.origin,
      extraHTTPHeaders: { origin: host.origin },
    });
    const answer = await context.get(await host.newLink());
    if (!answer.ok()) throw new Error(`token exchange failed: ${answer.status()}`);
    return new Api(context);
  }

  async call<T = unknown>(name: string, input: unknown = {}): Promise<T> {
    const response = await this.#context.post(`/api/${name}`, { data: input });
    const envelope = (await response.json()) as
      { ok: true; result: T } | { ok: false; error: { code: string } };
    if (!envelope.ok) throw new Error(`${name} failed: ${JSON.stringify(envelope.error)}`);
    return envelope.result;
  }

  async close(): Promise<void> {
    await this.#context.dispose();
  }
}

export interface User {
  username: string;
  displayName: string;
  password: string;
  roles: ('office' | 'coordinator' | 'admin')[];
}

/** The first administrator (setup), then each user with their own password already chosen. */
export async function createUsers(
  host: { newLink(): Promise<string>; origin: string },
  admin: User,
  users: User[],
): Promise<Api> {
  const api = await Api.open(host);
  await api.call('auth.setup', {
    username: admin.username,
    displayName: admin.displayName,
    password: admin.password,
  });
  if (admin.roles.length > 1) await api.call('users.update', { id: 1, roles: admin.roles });
  for (const u of users) {
    const initial = `${u.password}-first`;
    await api.call('users.create', {
      username: u.username,
      displayName: u.displayName,
      password: initial,
      roles: u.roles,
    });
    const own = await Api.open(host);
    await own.call('auth.login', { username: u.username, password: initial });
    await own.call('auth.changePassword', { currentPassword: initial, newPassword: u.password });
    await own.close();
  }
  return api;
}
