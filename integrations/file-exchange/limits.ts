// The read limits every reader keeps, and how a limit is named to the person who reads the
// result file.
import { DEFAULT_READ_LIMITS, type ReadLimits } from './records.ts';

export function resolveLimits(limits: Partial<ReadLimits> | undefined): ReadLimits {
  const merged = { ...DEFAULT_READ_LIMITS, ...limits };
  // A zero or negative limit would refuse every file with a message that names the wrong cause.
  if (!(merged.maxRecords >= 1) || !(merged.maxPartBytes >= 1))
    throw new RangeError('read limits must be positive');
  return merged;
}

/** "1 MB", "512 KB", "100 bytes": the result file is read by a person, not a program. */
export function formatLimit(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
  }
  return `${bytes} bytes`;
}
