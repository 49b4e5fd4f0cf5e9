// The provider's outside channels on the workstation: one job queue, one runner per channel.
import type Database from 'better-sqlite3';
import { ChannelRunner, type JobQueue } from '../jobs/index.ts';
import type { Logger } from '../log/logger.ts';
import { emailAdapter, smsAdapter } from './adapters.ts';
import { emailJob, smsJob } from './kinds.ts';
import type { SecretStore } from './secrets.ts';
import { channelSettings, type ChannelSettings } from './settings.ts';

export interface IntegrationsOptions {
  sqlite: Database.Database;
  /** The workstation's one job queue (sync runs on it too). */
  queue: JobQueue;
  logger: Logger;
  secrets: SecretStore;
  /** Broadcast that counts or a channel's state changed (Admin → Integrations, the header). */
  onChanged?: () => void;
}

export class IntegrationsService {
  readonly queue: JobQueue;
  readonly settings: ChannelSettings;
  readonly secrets: SecretStore;
  readonly runners: ChannelRunner[];

  constructor(opts: IntegrationsOptions) {
    const { logger } = opts;
    this.secrets = opts.secrets;
    this.settings = channelSettings(opts.sqlite);
    this.queue = opts.queue;
    const events = {
      onSettled: () => opts.onChanged?.(),
      onPaused: (channel: string, code: string) => {
        logger.warn({ channel, code }, 'channel paused itself');
        opts.onChanged?.();
      },
      onStale: (channel: string, ids: number[]) =>
        logger.warn({ channel, jobs: ids }, 'late outcome refused'),
      // The error's message only: an adapter error may carry a message's text.
      onAdapterError: (channel: string, kind: string, error: unknown) =>
        logger.error(
          { channel, kind, error: error instanceof Error ? error.name : 'unknown' },
          'adapter threw',
        ),
    };
    this.runners = [
      new ChannelRunner(this.queue, {
        channel: emailJob.channel,
        concurrency: 2,
        adapters: { [emailJob.kind]: emailAdapter(this.settings, this.secrets) },
        ...events,
      }),
      new ChannelRunner(this.queue, {
        channel: smsJob.channel,
        concurrency: 4,
        adapters: {
          [smsJob.kind]: smsAdapter(this.settings, this.secrets, (ref) => this.queue.refRecorded(ref)),
        },
        ...events,
      }),
    ];
  }

  /** After the core released the previous process's leases (JobQueue.releaseOrphanedLeases). */
  start(): void {
    for (const r of this.runners) r.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }
}
