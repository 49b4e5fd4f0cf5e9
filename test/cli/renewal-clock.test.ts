// The renewal clock offset is read for one-shot commands (`caredock sync --once`) as for
// `caredock serve`, and only under NODE_ENV=test: an installed PC must never renew early.
import { describe, expect, it } from 'vitest';
import { renewalClockOffsetFromEnv } from '../../src/cli/one-shot-core.ts';

describe('renewalClockOffsetFromEnv', () => {
  it('takes the offset under NODE_ENV=test', () => {
    expect(
      renewalClockOffsetFromEnv({ NODE_ENV: 'test', CAREDOCK_RENEWAL_CLOCK_OFFSET_MS: '86400000' }),
    ).toBe(86_400_000);
  });

  it('ignores it outside tests', () => {
    expect(
      renewalClockOffsetFromEnv({ NODE_ENV: 'production', CAREDOCK_RENEWAL_CLOCK_OFFSET_MS: '86400000' }),
    ).toBe(0);
    expect(renewalClockOffsetFromEnv({ CAREDOCK_RENEWAL_CLOCK_OFFSET_MS: '86400000' })).toBe(0);
  });

  it('reads a missing, negative, fractional or unreadable value as none', () => {
    for (const v of [undefined, '-5', '1.5', 'soon', ''])
      expect(renewalClockOffsetFromEnv({ NODE_ENV: 'test', CAREDOCK_RENEWAL_CLOCK_OFFSET_MS: v })).toBe(0);
  });
});
