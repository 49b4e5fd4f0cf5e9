// `caredock jobs list|retry|discard|pause|resume`: the workstation's job queue from the command
// line, doing what Admin → Integrations does. Listing reads the database alongside a running
// CareDock (SQLite's WAL allows it); the others write, so they take the data folder's lock like
// the program does and say so when CareDock is running. Each change is audited as the UI's are.
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { acquireDataLock } from '../main/data-lock.ts';
import { workstationJobKinds } from '../main/jobs/registry.ts';
import { JobQueue } from '../main/jobs/index.ts';
import { dataPaths, defaultDataDir } from '../main/paths.ts';
import { jobLine, jobStates, type JobState, type JobSummary } from '../shared/jobs/index.ts';
import { CareDockError } from '../shared/errors/index.ts';
import { cliLanguage } from './output.ts';

export const jobsHelp = `caredock jobs list [--state STATE] [--channel sync|email|sms] [--data DIR]
caredock jobs retry ID [--data DIR]
caredock jobs discard ID --reason TEXT [--data DIR]
caredock jobs pause|resume CHANNEL [--data DIR]
  Lists the queued jobs (sync, email, SMS) with their state and last error, sends a dead or parked
  job again, discards one with a reason (kept in the audit log), or pauses and resumes a channel.
  States: ${jobStates.join(', ')}. All but list need CareDock closed (it holds the data folder).`;

const line = (j: JobSummary): string => jobLine(j, cliLanguage());

export async function jobsMain(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      state: { type: 'string' },
      channel: { type: 'string' },
      reason: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [sub, id] = positionals;
  const paths = dataPaths(values.data ? path.resolve(values.data) : defaultDataDir());
  if (sub === 'list') {
    const state = values.state;
    if (state !== undefined && !(jobStates as readonly string[]).includes(state))
      throw new Error(`--state is one of ${jobStates.join(', ')}`);
    const sqlite = new Database(paths.database, { fileMustExist: true });
    try {
      const queue = new JobQueue({ sqlite, kinds: workstationJobKinds });
      const jobs = queue.list({
        ...(state ? { state: state as JobState } : {}),
        ...(values.channel ? { channel: values.channel } : {}),
        limit: 1000,
      });
      for (const j of jobs) console.log(line(j));
      if (jobs.length === 0) console.log('no jobs');
    } finally {
      sqlite.close();
    }
    return 0;
  }
  if (sub === 'retry' || sub === 'discard' || sub === 'pause' || sub === 'resume') {
    if (!id)
      throw new Error(
        sub === 'pause' || sub === 'resume'
          ? `caredock jobs ${sub} needs the channel (see caredock jobs list)`
          : `caredock jobs ${sub} needs the job id (see caredock jobs list)`,
      );
    if (sub === 'discard' && !values.reason?.trim())
      throw new Error('caredock jobs discard needs --reason TEXT: why it is discarded, for the audit log');
    const release = acquireDataLock(paths.lockFile, paths.root);
    const sqlite = new Database(paths.database, { fileMustExist: true });
    try {
      const queue = new JobQueue({
        sqlite,
        kinds: workstationJobKinds,
        audit: (actor, action, subject, details) =>
          sqlite
            .prepare('insert into audit_log (actor, action, subject, details) values (?, ?, ?, ?)')
            .run(actor, action, subject, JSON.stringify(details)),
      });
      if (sub === 'retry') console.log(line(queue.retry(id, 'cli')));
      else if (sub === 'discard') console.log(line(queue.discard(id, values.reason ?? '', 'cli')));
      else {
        if (!queue.channels().some((c) => c.channel === id))
          throw new CareDockError('jobs.channelUnknown', { channel: id });
        if (sub === 'pause') queue.pause(id, 'cli');
        else queue.resume(id, 'cli');
        console.log(`${id}: ${sub === 'pause' ? 'paused' : 'running'}`);
      }
    } finally {
      sqlite.close();
      release();
    }
    return 0;
  }
  throw new Error(`unknown: caredock jobs ${sub ?? ''}\n${jobsHelp}`);
}
