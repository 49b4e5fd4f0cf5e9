// A workstation-like process for the kill -9 test: the product's queue, its SMS adapter and its
// TellusTalk client on a data folder, run until every job is settled. Only the SMS kind's timing
// is shortened (lease 2 s, backoff ≤ 0.5 s) so the test does not wait out a real minute's lease.
import path from 'node:path';
import { applyMigrations } from '../../src/main/db/migrate.ts';
import { openDatabase } from '../../src/main/db/open.ts';
import { smsAdapter } from '../../src/main/integrations/adapters.ts';
import { smsJob } from '../../src/main/integrations/kinds.ts';
import { fileSecretStore } from '../../src/main/integrations/secrets.ts';
import { channelSettings } from '../../src/main/integrations/settings.ts';
import { ChannelRunner, JobQueue } from '../../src/main/jobs/index.ts';

const [dataDir, countText, url, caFile] = process.argv.slice(2);
const count = Number(countText);
const { readFileSync } = await import('node:fs');
const db = openDatabase(path.join(dataDir!, 'caredock.db'));
applyMigrations(
  db.sqlite,
  db.db,
  path.resolve(import.meta.dirname, '../../migrations'),
  path.join(dataDir!, 'backups'),
);
const quickSms = { ...smsJob, leaseMs: 2000, backoff: { baseMs: 50, capMs: 500 } };
const queue = new JobQueue({ sqlite: db.sqlite, kinds: [quickSms] });
const settings = channelSettings(db.sqlite);
const secrets = fileSecretStore(dataDir!);
settings.setSms({
  provider: 'tellustalk',
  url: url!,
  account: 'omsorg.api',
  sender: 'Omsorg',
  country: 'SE',
  ca: readFileSync(caFile!, 'utf8'),
});
secrets.set('sms.password', 'pw-crash');

db.sqlite.transaction(() => {
  for (let i = 0; i < count; i++) {
    const to = `+4670${String(10_000_000 + i).slice(1)}`;
    queue.enqueue(
      db.sqlite,
      quickSms,
      { to, text: `Påminnelse ${i}: besök i morgon 09:00` },
      { key: `crash:${i}` },
    );
  }
})();
queue.releaseOrphanedLeases();
const runner = new ChannelRunner(queue, {
  channel: 'sms',
  concurrency: 16,
  idleMs: 100,
  adapters: { 'sms.send': smsAdapter(settings, secrets, (ref) => queue.refRecorded(ref)) },
});
runner.start();
process.stdout.write('running\n');
const timer = setInterval(() => {
  const counts = queue.channels().find((c) => c.channel === 'sms')!.counts;
  if (counts.waiting + counts.running + counts.retry === 0) {
    clearInterval(timer);
    void runner.stop().then(() => {
      process.stdout.write(`settled ${JSON.stringify(counts)}\n`);
      db.sqlite.close();
    });
  }
}, 100);
