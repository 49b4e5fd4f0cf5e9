// `caredock jobs list|retry`: the workstation's job queue from the command line. Listing reads the
// database alongside a running CareDock (SQLite's WAL allows it); retry writes, so it takes the
// data folder's lock like the program does and says so when CareDock is running.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openForTool } from '../main/db/open.ts';
import { acquireDataLock } from '../main/data-lock.ts';
import { integrationJobKinds } from '../main/integrations/kinds.ts';
import { JobQueue } from '../main/jobs/index.ts';
import { dataPaths, defaultDataDir } from '../main/paths.ts';
import { jobLine, jobStates, type JobState, type JobSummary } from '../shared/jobs/index.ts';
import { cliLanguage } from './output.ts';

export const jobsHelp = `caredock jobs list [--state STATE] [--channel email|sms] [--data DIR]
caredock jobs retry ID [--data DIR]
  Lists the outgoing jobs (email, SMS) with their state and last error, or sends a dead or parked
  job again. States: ${jobStates.join(', ')}. Retry needs CareDock closed (it holds the data folder).`;

const line = (j: JobSummary): string => jobLine(j, cliLanguage());

export async function jobsMain(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, state: { type: 'string' }, channel: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [sub, id] = positionals;
  const paths = dataPaths(values.data ? path.resolve(values.data) : defaultDataDir());
  if (sub === 'list') {
    const state = values.state;
    if (state !== undefined && !(jobStates as readonly string[]).includes(state))
      throw new Error(`--state is one of ${jobStates.join(', ')}`);
    const sqlite = openForTool(paths);
    try {
      const queue = new JobQueue({ sqlite, kinds: integrationJobKinds });
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
  if (sub === 'retry') {
    if (!id) throw new Error('caredock jobs retry needs the job id (see caredock jobs list)');
    const release = acquireDataLock(paths.lockFile, paths.root);
    const sqlite = openForTool(paths);
    try {
      const queue = new JobQueue({
        sqlite,
        kinds: integrationJobKinds,
        audit: (actor, action, subject, details) =>
          sqlite
            .prepare('insert into audit_log (actor, action, subject, details) values (?, ?, ?, ?)')
            .run(actor, action, subject, JSON.stringify(details)),
      });
      console.log(line(queue.retry(id, 'cli')));
    } finally {
      sqlite.close();
      release();
    }
    return 0;
  }
  throw new Error(`unknown: caredock jobs ${sub ?? ''}\n${jobsHelp}`);
}
