// `caredock server …` end to end in-process: init, admin commands on the database, start (the
// ready line), admin commands through the running server, and stop.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverMain } from '../../src/server/cli.ts';
import { installProfileSchema } from '../../src/shared/sync/enrolment.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'caredock-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  let onLine: ((l: string) => void) | undefined;
  return {
    out,
    err,
    io: {
      out: (l: string) => {
        out.push(l);
        onLine?.(l);
      },
      err: (l: string) => err.push(l),
    },
    waitFor: (re: RegExp) =>
      new Promise<string>((resolve) => {
        const hit = out.find((l) => re.test(l));
        if (hit) resolve(hit);
        else
          onLine = (l) => {
            if (re.test(l)) resolve(l);
          };
      }),
  };
}

const run = async (...argv: string[]) => {
  const o = io();
  const code = await serverMain(argv, o.io);
  return { code, out: o.out.join('\n'), err: o.err.join('\n') };
};

describe('caredock server CLI', () => {
  it('initialises, administers, starts and stops', async () => {
    const data = path.join(dir, 'srv');
    expect((await run('init', '--data', data, '--port', '0', '--url', 'https://localhost:9443/')).code).toBe(
      0,
    );
    expect(statSync(path.join(data, 'pki', 'ca.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(data, 'admin-token')).mode & 0o777).toBe(0o600);
    expect((await run('init', '--data', data)).code).toBe(1);
    expect(
      (await run('municipality', 'add', '--data', data, '--id', '0139', '--name', 'Upplands-Bro kommun'))
        .code,
    ).toBe(0);
    expect(
      (
        await run(
          'provider',
          'add',
          '--data',
          data,
          '--id',
          'p1',
          '--municipality',
          '0139',
          '--name',
          'Omsorg AB',
        )
      ).code,
    ).toBe(0);
    expect(
      (await run('provider', 'add', '--data', data, '--id', 'p2', '--municipality', 'nope', '--name', 'X'))
        .code,
    ).toBe(1);
    expect(
      (await run('provider', 'ip', 'add', '--data', data, '--provider', 'p1', '--address', '127.0.0.2')).code,
    ).toBe(0);
    expect((await run('bogus', '--data', data)).code).toBe(2);

    const server = io();
    const started = serverMain(['start', '--data', data, '--host', '127.0.0.1', '--port', '0'], server.io);
    const ready = await server.waitFor(/^CareDock server ready at /);
    expect(ready).toMatch(/^CareDock server ready at https:\/\/127\.0\.0\.1:\d+\/$/);

    // While it runs, admin commands go through its admin API.
    const code = await run('enrolment-code', '--data', data, '--provider', 'p1');
    expect(code.code).toBe(0);
    expect(JSON.parse(code.out)).toMatchObject({
      providerId: 'p1',
      code: expect.stringMatching(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/),
    });
    const profileFile = path.join(dir, 'profile.json');
    expect(
      (await run('profile', 'export', '--data', data, '--municipality', '0139', '--out', profileFile)).code,
    ).toBe(0);
    const profile = installProfileSchema.parse(JSON.parse(readFileSync(profileFile, 'utf8')));
    expect(profile).toMatchObject({ municipalityId: '0139', serverUrl: 'https://localhost:9443/' });
    expect(
      (await run('provider', 'ip', 'remove', '--data', data, '--provider', 'p1', '--address', '127.0.0.9'))
        .code,
    ).toBe(1);

    process.emit('SIGTERM');
    expect(await started).toBe(0);
  });
});
