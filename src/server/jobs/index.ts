export { ServerJobQueue, jobIdForKey, type ServerLeasedJob, type ServerSettlement } from './queue.ts';
export { ServerChannelRunner, type ServerAdapter, type ServerRunnerOptions } from './runner.ts';
