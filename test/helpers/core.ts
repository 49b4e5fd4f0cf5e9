import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreClient } from '../../src/main/core.ts';
import type { CoreConfigInput } from '../../src/main/config.ts';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../src/shared/api/index.ts';

export function tempDir(prefix = 'caredock-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestCore {
  core: Core;
  dir: string;
  cleanup(): Promise<void>;
}

/** A real core on a fresh data folder; a cheap scrypt cost keeps the suite fast. */
export async function startTestCore(overrides: Partial<CoreConfigInput> = {}): Promise<TestCore> {
  const dir = overrides.dataDir ?? tempDir();
  const core = await createCore({
    dataDir: dir,
    shell: 'headless',
    passwordCostLog2: 10,
    logLevel: 'silent',
    ...overrides,
  });
  return {
    core,
    dir,
    async cleanup() {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls a procedure and returns its result, failing the test with the error code otherwise. */
export async function ok<N extends ProcedureName>(
  client: CoreClient,
  name: N,
  input: ProcedureInput<N>,
): Promise<ProcedureOutput<N>> {
  const envelope = await client.call(name, input);
  if (!envelope.ok)
    throw new Error(`${name} failed: ${envelope.error.code} ${JSON.stringify(envelope.error.params)}`);
  return envelope.result as ProcedureOutput<N>;
}

/** Calls a procedure that must fail and returns its error code. */
export async function failure(client: CoreClient, name: string, input: unknown): Promise<string> {
  const envelope = await client.call(name, input);
  if (envelope.ok) throw new Error(`${name} unexpectedly succeeded`);
  return envelope.error.code;
}

export const ADMIN = { username: 'anna', displayName: 'Anna Admin', password: 'korrekt-häst-batteri' };

export async function withAdmin(client: CoreClient) {
  return ok(client, 'auth.setup', ADMIN);
}
