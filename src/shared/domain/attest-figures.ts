// The figures of a period at the moment it was attested: kept with the attest on the workstation,
// shown by the billing basis and its exports while the attest is in force, and sent up with the
// attestation so the municipality's server holds the same figures the provider attested.
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

export const attestFigures = z.object({ rows: z.array(figureRow), weeks: z.array(weekFigures) });
export type Figures = z.infer<typeof attestFigures>;

/** The same figures on the sync wire, where every object is strict like the rest of a push item. */
export const attestFiguresWire = z
  .object({ rows: z.array(figureRow.strict()), weeks: z.array(weekFigures.strict()) })
  .strict();
