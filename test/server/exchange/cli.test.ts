// `caredock server import|export|exchange` as the municipality's admin types them: on the database
// directly, and through the running server's admin API (which streams the file up).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverMain } from '../../../src/server/cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'caredock-exchange-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const EXAMPLE = path.resolve('docs/formats/examples/bfu-orders.xml');

const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await serverMain(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('caredock server import, export and exchange', () => {
  it('imports a file, says what became of it in the shell’s language, and lists it', async () => {
    const data = path.join(dir, 'srv');
    expect((await run('init', '--data', data, '--port', '0', '--url', 'https://localhost:9443/')).code).toBe(
      0,
    );
    expect(
      (await run('municipality', 'add', '--data', data, '--id', '1480', '--name', 'Göteborgs Stad')).code,
    ).toBe(0);
    for (const p of ['hemtjanst-nord', 'hemtjanst-syd'])
      expect(
        (await run('provider', 'add', '--data', data, '--id', p, '--municipality', '1480', '--name', p)).code,
      ).toBe(0);

    process.env['CAREDOCK_LANG'] = 'sv';
    try {
      const first = await run('import', 'bfu', '--data', data, '--municipality', '1480', EXAMPLE);
      expect(first.code).toBe(0);
      expect(first.out).toMatch(
        /^imported: 4 \+ 0 = 4 — .*archive\/\d{8}T\d{6}Z_bfu-orders\.xml\.result\.csv$/,
      );
      // The admin's own file stays where it was; a copy is archived.
      expect(existsSync(EXAMPLE)).toBe(true);
      const again = await run('import', 'bfu', '--data', data, '--municipality', '1480', EXAMPLE);
      expect(again.code).toBe(0);
      expect(again.out).toMatch(/^unchanged: Samma fil lästes redan in /);

      const broken = path.join(dir, 'broken.xml');
      writeFileSync(
        broken,
        '<orders xmlns="urn:caredock:bfu:orders:1" version="1" municipality="1480"><order',
      );
      const refused = await run('import', 'bfu', '--data', data, '--municipality', '1480', broken);
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/^refused: Filen är inte korrekt XML \(rad 1, kolumn \d+\)/);

      expect((await run('import', 'csv', '--data', data, '--municipality', '1480', EXAMPLE)).code).toBe(2);
      const missing = await run(
        'import',
        'bfu',
        '--data',
        data,
        '--municipality',
        '1480',
        path.join(dir, 'nope.xml'),
      );
      expect(missing.code).toBe(1);
      expect(missing.err).toContain('[exchange.file.unreadable]');

      const files = await run('exchange', 'files', '--data', data, '--municipality', '1480');
      expect((JSON.parse(files.out) as { status: string }[]).map((f) => f.status)).toEqual([
        'refused',
        'imported',
      ]);

      // The same through the running server: the file goes up the admin API.
      const lines: string[] = [];
      let ready: () => void = () => undefined;
      const isReady = new Promise<void>((r) => (ready = r));
      const started = serverMain(
        ['start', '--data', data, '--host', '127.0.0.1', '--port', '0', '--allow-non-durable'],
        {
          out: (l) => {
            lines.push(l);
            if (l.startsWith('CareDock server ready')) ready();
          },
          err: () => undefined,
        },
      );
      await isReady;
      const newer = path.join(dir, 'orders-v2.xml');
      writeFileSync(
        newer,
        readFileSync(EXAMPLE, 'utf8').replace(
          '<order id="o-1001" version="1">',
          '<order id="o-1001" version="2">',
        ),
      );
      const viaApi = await run('import', 'bfu', '--data', data, '--municipality', '1480', newer);
      expect(viaApi.code).toBe(0);
      expect(viaApi.out).toMatch(/^imported: 1 \+ 3 = 4 — /);
      const viaApiAgain = await run('import', 'bfu', '--data', data, '--municipality', '1480', newer);
      expect(viaApiAgain.out).toMatch(/^unchanged: Samma fil lästes redan in /);
      const archive = path.join(data, 'exchange', '1480', 'archive');
      expect(readdirSync(archive).filter((n) => n.endsWith('_orders-v2.xml'))).toHaveLength(2);

      const settings = await run('exchange', 'settings', '--data', data, '--municipality', '1480');
      expect(JSON.parse(settings.out)).toMatchObject({
        recipientMapping: { columns: { customerNumber: 'Kundnummer' } },
      });
      const nothing = await run(
        'export',
        '--data',
        data,
        '--provider',
        'hemtjanst-nord',
        '--month',
        '2026-01',
      );
      expect(JSON.parse(nothing.out)).toEqual({ status: 'no-attest', files: [] });

      process.emit('SIGTERM');
      expect(await started).toBe(0);
    } finally {
      delete process.env['CAREDOCK_LANG'];
    }
  }, 120_000);
});
