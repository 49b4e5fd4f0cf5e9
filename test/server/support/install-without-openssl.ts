// Run by test/server/pki.test.ts in a child process whose PATH holds only `node` and an
// `openssl` that records being called: a central server is initialised (its CA and TLS
// certificate), a workstation core installs against it and syncs once. Prints one JSON line.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { createCore } from '../../../src/main/core.ts';
import { createEnrolmentCode } from '../../../src/server/admin/enrolmentCodes.ts';
import { exportInstallProfile } from '../../../src/server/admin/profile.ts';
import { MUNICIPALITY_A, PROVIDER_A, REGISTERED, startFixture } from '../helpers/fixture.ts';

const fx = await startFixture({ engine: 'pglite', dataDir: null });
const dir = mkdtempSync(path.join(tmpdir(), 'caredock-no-openssl-'));
const core = await createCore({
  dataDir: dir,
  shell: 'headless',
  logLevel: 'silent',
  passwordCostLog2: 10,
  syncIntervalSeconds: 0,
  watchDevices: false,
});
try {
  const profile = await exportInstallProfile(
    fx.server.ctx,
    MUNICIPALITY_A,
    `https://127.0.0.1:${fx.server.port}/`,
  );
  const { code } = await createEnrolmentCode(fx.server.ctx, { providerId: PROVIDER_A });
  const status = await core.sync.install({
    profile: JSON.stringify(profile),
    code,
    workstationName: 'Utan openssl',
    sourceAddress: REGISTERED,
  });
  const synced = await core.sync.runOnce('user');
  process.stdout.write(`${JSON.stringify({ municipality: status.municipality?.id, synced })}\n`);
} finally {
  await core.close();
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
}
