// Makes `npm start`, `npm test` and `npm run serve` work as the first command on a fresh clone:
// check the Node version, then install packages when node_modules is missing or stale.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `CareDock needs Node 24 LTS; this is Node ${process.versions.node}.\n` +
      `Install Node 24, or in this shell run:  . scripts/node24.sh`,
  );
  process.exit(1);
}

const lock = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.package-lock.json');
const stale =
  !existsSync(stamp) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(stamp).mtimeMs + 1000);
if (stale) {
  console.log('Installing packages (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
