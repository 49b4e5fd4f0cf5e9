// The figures of a period at the moment it was attested. They are stored with the attest and are
// what the billing basis and its exports show while the attest is in force, whatever is docked,
// synced or planned afterwards. Their shape is shared: the attestation carries them up to the
// municipality's server.
import { attestFigures, type Figures } from '../../shared/domain/attest-figures.ts';

export { figureRow, weekFigures, type FigureRow, type Figures } from '../../shared/domain/attest-figures.ts';
export const figures = attestFigures;

export function readFigures(json: string | null): Figures | null {
  if (json === null) return null;
  const parsed = attestFigures.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}
