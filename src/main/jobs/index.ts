export { JobQueue, type LeasedJob, type Settlement, type SettleResult, type AuditHook } from './queue.ts';
export { ChannelRunner, type Adapter, type RunnerOptions, type RunnerEvents } from './runner.ts';
