import type { DockingState } from '../../shared/api/procedures/docking.ts';

/**
 * One line for the tray icon's tooltip: what the docks are doing, and what sync is doing.
 * Swedish, as the tray menu is; kept out of the Electron shell so it can be tested.
 */
export function traySummary(docking: DockingState, sync: string | null = null): string {
  const parts: string[] = [];
  const slots = docking.docks.flatMap((d) => d.slots);
  const reading = slots.filter((s) => s.state !== 'done' && s.state !== 'error' && s.state !== 'cancelled');
  const failed =
    docking.docks.filter((d) => d.error).length + slots.filter((s) => s.state === 'error').length;
  if (docking.docks.length === 0) parts.push('ingen docka ansluten');
  else if (reading.length > 0) {
    const done = reading.reduce((n, s) => n + s.done, 0);
    const total = reading.reduce((n, s) => n + s.total, 0);
    parts.push(`läser ${reading.length === 1 ? 'en penna' : `${reading.length} pennor`} (${done}/${total})`);
  } else parts.push(`${docking.docks.length === 1 ? 'en docka' : `${docking.docks.length} dockor`} redo`);
  if (failed > 0) parts.push(`${failed} fel — öppna CareDock`);
  if (sync) parts.push(sync);
  return `CareDock: ${parts.join(' · ')}`;
}
