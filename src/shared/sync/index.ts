// The sync wire contract, shared by the workstation (src/main) and the central server
// (src/server). Imports only zod.
export * from './ids.ts';
export * from './errors.ts';
export * from './headers.ts';
export * from './pushItems.ts';
export * from './push.ts';
export * from './entities.ts';
export * from './pull.ts';
export * from './reconciliation.ts';
export * from './enrolment.ts';
export * from './time.ts';
