export * from './contract.ts';
export * from './backoff.ts';
export * from './format.ts';
