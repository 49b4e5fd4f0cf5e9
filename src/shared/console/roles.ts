/** The console's roles: what a municipality's system administrators may do in it. */
export const consoleRoles = ['municipalityAdmin', 'unitAdmin', 'viewer'] as const;
export type ConsoleRole = (typeof consoleRoles)[number];
