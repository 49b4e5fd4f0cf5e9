// The server's console for a person's data: `caredock server person export|erase` reads the
// personnummer from stdin (never an argument), answers with what the server holds, and erases it.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openContext } from '../../src/server/bootstrap.ts';
import { serverMain } from '../../src/server/cli.ts';
import { createLogger } from '../../src/server/log.ts';
import { putEntity } from '../../src/server/sync/entities.ts';
import { tempDir } from '../helpers/core.ts';

const PNR = '19121212-1212';
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await serverMain(argv, {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    readLine: async () => stdin,
  });
  return { code, out: out.join('\n') };
}

describe('caredock server person', () => {
  it('exports and erases by a personnummer read from stdin', async () => {
    const data = path.join(dir, 'srv');
    expect(
      (await run(['init', '--data', data, '--port', '0', '--url', 'https://localhost:9443/'])).code,
    ).toBe(0);
    expect(
      (await run(['municipality', 'add', '--data', data, '--id', '0139', '--name', 'Kommunen'])).code,
    ).toBe(0);
    expect(
      (
        await run([
          'provider',
          'add',
          '--data',
          data,
          '--id',
          'omsorg',
          '--municipality',
          '0139',
          '--name',
          'Omsorg',
        ])
      ).code,
    ).toBe(0);
    const ctx = await openContext({ dataDir: data, log: createLogger({ level: 'warn' }) });
    try {
      await ctx.database.db.transaction((tx) =>
        putEntity(tx, 'omsorg', 'recipient', {
          id: 'r-karin',
          displayName: 'Karin Karlsson',
          personalIdentityNumber: PNR,
          protectedIdentity: false,
          address: null,
        }),
      );
    } finally {
      await ctx.database.close();
    }
    const exported = await run(['person', 'export', '--data', data, '--provider', 'omsorg'], PNR);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.out).people[0].recipient).toMatchObject({
      id: 'r-karin',
      displayName: 'Karin Karlsson',
    });
    const erased = await run(['person', 'erase', '--data', data, '--provider', 'omsorg'], PNR);
    expect(JSON.parse(erased.out)).toEqual({ erased: ['r-karin'] });
    // Gone from the server's copy: the number no longer finds anyone.
    expect((await run(['person', 'export', '--data', data, '--provider', 'omsorg'], PNR)).code).not.toBe(0);
  }, 60_000);
});
