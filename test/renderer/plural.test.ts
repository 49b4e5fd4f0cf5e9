// Counts take the word form the language's plural rules give them.
import { describe, expect, it } from 'vitest';

const { fillMessage } = await import('../../src/renderer/lib/i18n.svelte.ts');

describe('plural forms', () => {
  it('says "1 käynti" and "2 käyntiä", "1 registrering" and "0 registreringar"', () => {
    const fi = '{visits} {visits#käynti|käyntiä}';
    expect(fillMessage(fi, 'fi', { visits: 1 })).toBe('1 käynti');
    expect(fillMessage(fi, 'fi', { visits: 2 })).toBe('2 käyntiä');
    const sv = '{total} {total#registrering|registreringar}';
    expect(fillMessage(sv, 'sv', { total: 1 })).toBe('1 registrering');
    expect(fillMessage(sv, 'sv', { total: 0 })).toBe('0 registreringar');
    expect(fillMessage('{n#a|b}', 'en', {})).toBe('{n#a|b}');
  });
});
