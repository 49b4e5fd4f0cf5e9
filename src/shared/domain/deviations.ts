// What pairing can find wrong with a registration or a visit: one list for the contract, the
// pairing itself, the explanations in the error catalogue and the labels on screen.

export const deviationKinds = [
  'unmatchedArrive',
  'unmatchedDepart',
  'taskOutsideVisit',
  'overlap',
  'unplanned',
  'missed',
  'late',
  'tooShort',
  'tooLong',
] as const;

export type DeviationKind = (typeof deviationKinds)[number];

/** Registrations pairing could not place: the ones a person must fix; the rest inform. */
export const unmatchedDeviationKinds = [
  'unmatchedArrive',
  'unmatchedDepart',
  'taskOutsideVisit',
] as const satisfies readonly DeviationKind[];

const unmatched: ReadonlySet<DeviationKind> = new Set(unmatchedDeviationKinds);

export function isUnmatched(kind: DeviationKind): boolean {
  return unmatched.has(kind);
}
