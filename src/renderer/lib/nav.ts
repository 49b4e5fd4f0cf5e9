import type { Role } from '../../shared/api/index.ts';

/** The views of each role, in menu order. A user with several roles sees each of their groups. */
export const viewGroups = [
  { role: 'office', views: ['docking', 'registrations'] },
  { role: 'coordinator', views: ['planning', 'orders'] },
  { role: 'admin', views: ['installation', 'devices', 'users', 'integrations'] },
] as const satisfies readonly { role: Role; views: readonly string[] }[];

export type ViewId = (typeof viewGroups)[number]['views'][number];

export function groupsFor(roles: readonly Role[]): (typeof viewGroups)[number][] {
  return viewGroups.filter((g) => roles.includes(g.role));
}

export function viewsFor(roles: readonly Role[]): ViewId[] {
  return groupsFor(roles).flatMap((g) => [...g.views]);
}

export function viewFromHash(hash: string): string {
  return hash.replace(/^#\/?/, '');
}
