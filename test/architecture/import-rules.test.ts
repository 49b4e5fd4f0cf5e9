import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function ruleErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('one-way imports are enforced by lint', () => {
  const cases: [string, string, boolean][] = [
    ['src/main/core-extra.ts', "import { app } from 'electron';", true],
    ['src/main/electron/extra.ts', "import { app } from 'electron';", false],
    ['src/preload/extra.ts', "import { contextBridge } from 'electron';", false],
    ['src/main/db/extra.ts', "import { x } from '../../renderer/lib/app.svelte.ts';", true],
    ['src/main/extra.ts', "import { x } from '../../drivers/errors.ts';", false],
    ['src/shared/extra.ts', "import { x } from '../main/core.ts';", true],
    ['src/shared/api/extra.ts', "import { x } from '../../../drivers/errors.ts';", true],
    ['drivers/extra.ts', "import { x } from '../src/shared/errors/index.ts';", true],
    ['drivers/protocol/extra.ts', "import { app } from 'electron';", true],
    ['src/renderer/lib/extra.ts', "import { x } from '../../main/core.ts';", true],
    ['src/renderer/lib/extra.ts', "import { readFileSync } from 'node:fs';", true],
    ['src/renderer/lib/extra.ts', "import { x } from '../../shared/api/index.ts';", false],
    ['src/renderer/lib/extra.ts', "import { x } from '../../shared/node/password.ts';", true],
    ['src/server/extra.ts', "import { x } from '../main/core.ts';", true],
    ['src/server/extra.ts', "import { x } from '../shared/errors/index.ts';", false],
    ['src/server/admin/extra.ts', "import * as x509 from '@peculiar/x509';", true],
    ['src/server/pki/x509.ts', "import * as x509 from '@peculiar/x509';", false],
    ['src/main/sync/extra.ts', "import * as x509 from '@peculiar/x509';", true],
    ['src/main/sync/csr.ts', "import * as x509 from '@peculiar/x509';", false],
    ['test/server/extra.test.ts', "import * as x509 from '@peculiar/x509';", true],
    ['src/server/jobs/extra.ts', "import { x } from '../../../integrations/sms/phone.ts';", false],
    ['src/main/extra.ts', "import { x } from '../../integrations/smtp/client.ts';", false],
    ['integrations/sms/extra.ts', "import { x } from '../../src/shared/errors/index.ts';", false],
    ['integrations/sms/extra.ts', "import { x } from '../../src/main/core.ts';", true],
    ['integrations/smtp/extra.ts', "import { x } from '../../src/server/db/database.ts';", true],
    ['integrations/pixie/extra.ts', "import { x } from '../../drivers/errors.ts';", true],
    ['integrations/extra.ts', "import { app } from 'electron';", true],
    ['src/shared/extra.ts', "import { x } from '../../integrations/sms/phone.ts';", true],
    ['src/renderer/lib/extra.ts', "import { x } from '../../../integrations/sms/phone.ts';", true],
    ['src/console/lib/extra.ts', "import { x } from '../../server/console/app.ts';", true],
    ['src/console/lib/extra.ts', "import { x } from '../../renderer/lib/i18n.svelte.ts';", true],
    ['src/console/lib/extra.ts', "import { x } from '../../main/core.ts';", true],
    ['src/console/lib/extra.ts', "import { readFileSync } from 'node:fs';", true],
    ['src/console/lib/extra.ts', "import { x } from '../../shared/node/password.ts';", true],
    ['src/console/lib/extra.ts', "import { x } from '../../shared/console/client.ts';", false],
    [
      'src/console/views/Extra.svelte',
      '<script lang="ts">import { x } from \'../../server/console/app.ts\';</script>',
      true,
    ],
  ];
  for (const [file, code, refused] of cases) {
    it(`${refused ? 'refuses' : 'allows'} ${code} in ${file}`, async () => {
      const errors = await ruleErrors(file, code);
      expect(errors.length > 0).toBe(refused);
    });
  }

  const sqlCases: [string, string, boolean][] = [
    [
      'src/main/plans/service.ts',
      "export const x = (db: { prepare(s: string): unknown }) => db.prepare('select 1');",
      true,
    ],
    [
      'src/main/plans/data.ts',
      "export const x = (db: { prepare(s: string): unknown }) => db.prepare('select 1');",
      false,
    ],
    [
      'src/main/db/extra.ts',
      "export const x = (db: { prepare(s: string): unknown }) => db.prepare('select 1');",
      false,
    ],
    [
      'src/main/jobs/queue.ts',
      "export const x = (db: { prepare(s: string): unknown }) => db.prepare('select 1');",
      true,
    ],
    ['src/main/plans/service.ts', "import { eq } from 'drizzle-orm';\nexport const x = eq;", true],
    ['src/main/db/extra.ts', "import { eq } from 'drizzle-orm';\nexport const x = eq;", false],
  ];
  for (const [file, code, refused] of sqlCases) {
    it(`${refused ? 'refuses' : 'allows'} SQL or drizzle queries in ${file}`, async () => {
      const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
      const errors = (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax');
      expect(errors.length > 0).toBe(refused);
    });
  }

  it('finds no electron import outside src/main/electron and src/preload', () => {
    let out: string[] = [];
    try {
      out = execFileSync(
        'grep',
        ['-rlE', 'from [\'"]electron[\'"]|require\\([\'"]electron[\'"]\\)', 'src', 'drivers', 'integrations'],
        { cwd: root, encoding: 'utf8' },
      )
        .trim()
        .split('\n');
    } catch (error) {
      if ((error as { status?: number }).status !== 1) throw error; // 1: grep found nothing
    }
    expect(
      out.filter((f) => f && !f.startsWith('src/main/electron/') && !f.startsWith('src/preload/')),
    ).toEqual([]);
  });
});
