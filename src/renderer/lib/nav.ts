import type { Role } from '../../shared/api/index.ts';
import type { MessageKey } from './messages/index.ts';

/** The views of each role, in menu order. A user with several roles sees each of their groups. */
export const viewGroups = [
  { role: 'office', views: ['docking', 'registrations', 'billing'] },
  { role: 'coordinator', views: ['planning', 'orders'] },
  { role: 'admin', views: ['installation', 'devices', 'users', 'notices', 'integrations', 'people'] },
] as const satisfies readonly { role: Role; views: readonly string[] }[];

export type ViewId = (typeof viewGroups)[number]['views'][number];

export function groupsFor(roles: readonly Role[]): (typeof viewGroups)[number][] {
  return viewGroups.filter((g) => roles.includes(g.role));
}

export function viewsFor(roles: readonly Role[]): ViewId[] {
  return groupsFor(roles).flatMap((g) => [...g.views]);
}

/** The view a `#/view` address names, or null for other fragments (e.g. the skip link's). */
export function viewFromHash(hash: string): string | null {
  return hash.startsWith('#/') ? hash.slice(2) : null;
}

export const roleLabel = {
  office: 'role.office',
  coordinator: 'role.coordinator',
  admin: 'role.admin',
} as const satisfies Record<Role, MessageKey>;

export const viewLabel = {
  docking: 'view.docking',
  registrations: 'view.registrations',
  billing: 'view.billing',
  planning: 'view.planning',
  orders: 'view.orders',
  installation: 'view.installation',
  devices: 'view.devices',
  users: 'view.users',
  notices: 'view.notices',
  integrations: 'view.integrations',
  people: 'view.people',
} as const satisfies Record<ViewId, MessageKey>;

export const comingText = {
  docking: 'coming.docking',
  registrations: 'coming.registrations',
  billing: 'coming.billing',
  planning: 'coming.planning',
  orders: 'coming.orders',
  installation: 'coming.installation',
  devices: 'coming.devices',
  users: 'users.intro',
  notices: 'nt.intro',
  integrations: 'coming.integrations',
  people: 'people.intro',
} as const satisfies Record<ViewId, MessageKey>;

/**
 * Set when the person moved to another view (menu link, back/forward): the new view's heading
 * then takes focus. Not on a first load or after login, where Tab should start at the skip link.
 */
export const headingFocus = { pending: false };
