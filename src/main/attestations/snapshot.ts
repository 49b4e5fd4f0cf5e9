// The figures of a period at the moment it was attested. They are stored with the attest and are
// what the billing basis and its exports show while the attest is in force, whatever is docked,
// synced or planned afterwards.
import { z } from 'zod';

const minutes = z.number().int();

export const figureRow = z.object({
  recipientId: z.string(),
  serviceCode: z.string(),
  serviceName: z.string(),
  grantedMinutes: minutes,
  plannedMinutes: minutes,
  performedMinutes: minutes,
  deviations: minutes,
});
export type FigureRow = z.infer<typeof figureRow>;

export const weekFigures = z.object({ week: z.string(), plannedMinutes: minutes, performedMinutes: minutes });

export const figures = z.object({ rows: z.array(figureRow), weeks: z.array(weekFigures) });
export type Figures = z.infer<typeof figures>;

export function readFigures(json: string | null): Figures | null {
  if (json === null) return null;
  const parsed = figures.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}
