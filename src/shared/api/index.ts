export * from './define.ts';
export * from './contract.ts';
export * from './envelope.ts';
export * from './events.ts';
export * from './client.ts';
export * from './procedures/common.ts';
export { userRecord, auditEntry, type UserRecord, type AuditEntry } from './procedures/users.ts';
export { settingsRecord, type Settings } from './procedures/settings.ts';
