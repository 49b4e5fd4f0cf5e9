// The console's views: one file each, and one line here with its address, its menu label and
// the roles that see it. A later issue adds a view by adding a file and a line.
import type { Component } from 'svelte';
import { adminOnly, anyRole } from '../../shared/console/define.ts';
import type { ConsoleRole } from '../../shared/console/roles.ts';
import type { MessageKey } from '../lib/messages/index.ts';
import Accounts from './Accounts.svelte';
import Audit from './Audit.svelte';
import Channels from './Channels.svelte';
import Expiring from './Expiring.svelte';
import Integrations from './Integrations.svelte';
import People from './People.svelte';
import Providers from './Providers.svelte';
import Records from './Records.svelte';

/** What a view gets from the frame: the address part after its own, e.g. a provider's id. */
export interface ViewProps {
  param: string | null;
}

export interface ConsoleView {
  path: string;
  label: MessageKey;
  roles: readonly ConsoleRole[];
  component: Component<ViewProps>;
}

export const consoleViews: readonly ConsoleView[] = [
  { path: 'providers', label: 'view.providers', roles: anyRole, component: Providers },
  { path: 'expiring', label: 'view.expiring', roles: anyRole, component: Expiring },
  { path: 'records', label: 'view.records', roles: anyRole, component: Records },
  { path: 'integrations', label: 'view.integrations', roles: anyRole, component: Integrations },
  { path: 'audit', label: 'view.audit', roles: anyRole, component: Audit },
  { path: 'channels', label: 'view.channels', roles: anyRole, component: Channels },
  { path: 'accounts', label: 'view.accounts', roles: adminOnly, component: Accounts },
  { path: 'people', label: 'view.people', roles: adminOnly, component: People },
];

export function viewsFor(roles: readonly ConsoleRole[]): ConsoleView[] {
  return consoleViews.filter((v) => v.roles.some((r) => roles.includes(r)));
}
