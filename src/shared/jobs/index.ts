export * from './contract.ts';
export * from './backoff.ts';
