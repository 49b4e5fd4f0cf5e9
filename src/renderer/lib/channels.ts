// The job queue's channels and kinds by name, for Admin → Integrations and the header. A channel
// or kind this version does not know (a newer database) shows as its id.
import { t } from './i18n.svelte.ts';
import type { MessageKey } from './messages/index.ts';

const channelLabels: Record<string, MessageKey> = {
  sync: 'integrations.channel.sync',
  email: 'integrations.channel.email',
  sms: 'integrations.channel.sms',
  calendar: 'integrations.channel.calendar',
};

const kindLabels: Record<string, MessageKey> = {
  'sync.pass': 'job.kind.sync.pass',
  'sync.reconcile': 'job.kind.sync.reconcile',
  'email.send': 'job.kind.email.send',
  'sms.send': 'job.kind.sms.send',
  'calendar.sync': 'job.kind.calendar.sync',
  'calendar.reconcile': 'job.kind.calendar.reconcile',
};

export function channelName(channel: string): string {
  const key = channelLabels[channel];
  return key ? t(key) : channel;
}

export function kindName(kind: string): string {
  const key = kindLabels[kind];
  return key ? t(key) : kind;
}
