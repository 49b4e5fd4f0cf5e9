// The UI's one date format (lib/time.ts): the UI language's form in the municipality's zone, the
// same in every view; and the renderer's date check, which refuses days that do not exist.
import { afterEach, describe, expect, it } from 'vitest';

process.env.TZ = 'Europe/Stockholm';
const time = await import('../../src/renderer/lib/time.ts');
const format = await import('../../src/renderer/components/workflows/format.ts');
const sync = await import('../../src/renderer/components/sync/format.ts');

afterEach(() => time.setDisplayZone('Europe/Stockholm'));

describe('one format for an instant', () => {
  const iso = '2026-12-02T07:02:00.000Z';

  it('shows date and time in the UI language', () => {
    expect(time.formatInstant(iso, 'sv')).toBe('2026-12-02 08:02');
    expect(time.formatInstant(iso, 'sv', 'date')).toBe('2026-12-02');
    expect(time.formatInstant(iso, 'sv', 'time')).toBe('08:02');
    expect(time.formatInstant(iso, 'fi', 'date')).toBe('02.12.2026');
    expect(time.formatInstant(iso, 'fi', 'time')).toBe('08.02');
    expect(time.formatInstant(iso, 'en', 'date')).toBe('02/12/2026');
  });

  it('uses the municipality’s zone, not the PC’s, once app.info names it', () => {
    time.setDisplayZone('Europe/Helsinki');
    expect(time.formatInstant(iso, 'sv', 'time')).toBe('09:02');
    expect(format.timeOf(iso)).toBe('09:02');
    // Late in the evening UTC is already the next day in Helsinki.
    expect(time.dayInZone('2026-12-02T22:30:00Z')).toBe('2026-12-03');
    time.setDisplayZone('Not/AZone');
    expect(time.displayZoneName()).toBe('Europe/Helsinki');
  });

  it('shows text that is no instant as it is', () => {
    expect(time.formatInstant('okänt', 'sv')).toBe('okänt');
  });

  it('gives the sync status the same form: today as a clock time, other days with the date', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    expect(sync.formatWhen(iso, 'sv', now)).toBe('08:02');
    expect(sync.formatWhen('2026-11-30T07:02:00Z', 'sv', now)).toBe('2026-11-30 08:02');
    expect(sync.formatDate(iso, 'sv')).toBe('2026-12-02');
  });
});

describe('the date check', () => {
  it('refuses days that do not exist', () => {
    expect(['2026-02-30', '2026-02-29', '2026-04-31', '2026-00-10', '2026-12-32'].some(format.isDate)).toBe(
      false,
    );
    expect(['2028-02-29', '2026-02-28', '2026-04-30', '2026-12-31'].every(format.isDate)).toBe(true);
  });
});
