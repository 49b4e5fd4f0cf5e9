// Request headers and protocol constants both sides agree on.

/** The workstation's version (package.json "version"), sent on every /v1 request. */
export const CLIENT_VERSION_HEADER = 'x-caredock-client-version';

/** The municipality id from the install profile, sent on every /v1 request. */
export const MUNICIPALITY_HEADER = 'x-caredock-municipality';

/** Push limits: more items or more body bytes than this answers 413 sync.batchTooLarge. */
export const MAX_PUSH_ITEMS = 500;
export const MAX_PUSH_BYTES = 1024 * 1024;

/** Pull page size: default and the most the server hands out in one page. */
export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

/** Reconciliation answers at most this many days per request. */
export const MAX_RECONCILIATION_DAYS = 93;

/**
 * Compare dotted numeric versions ("0.1.0", "1.12"); a pre-release suffix ("-beta.1") sorts before
 * the release. Returns <0, 0, >0. Unparsable parts count as 0 so a garbled header is "too old".
 */
export function compareVersions(a: string, b: string): number {
  const split = (v: string): { nums: number[]; pre: boolean } => {
    const [core = '', pre] = v.trim().split('-', 2);
    const nums = core
      .split('.')
      .slice(0, 4)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
    return { nums, pre: pre !== undefined };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 4; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre !== y.pre) return x.pre ? -1 : 1;
  return 0;
}
