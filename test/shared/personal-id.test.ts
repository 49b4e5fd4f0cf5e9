import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFinnishId, parseSwedishId } from '../../src/shared/domain/personal-id.ts';
import { recipientSchema } from '../../src/shared/sync/entities.ts';

describe('Swedish personnummer and samordningsnummer', () => {
  it('accepts the Skatteverket test numbers in every written form', () => {
    const today = new Date('2026-11-21T00:00:00Z');
    expect(parseSwedishId('19121212-1212', today)).toMatchObject({
      kind: 'personnummer',
      normalised: '19121212-1212',
      birthDate: '1912-12-12',
    });
    expect(parseSwedishId('191212121212', today)?.normalised).toBe('19121212-1212');
    expect(parseSwedishId('121212+1212', today)?.birthDate).toBe('1912-12-12');
    expect(parseSwedishId('121212-1212', today)?.birthDate).toBe('2012-12-12');
    expect(parseSwedishId('701063-2391', today)).toMatchObject({
      kind: 'samordningsnummer',
      birthDate: '1970-10-03',
    });
  });

  it('rejects a wrong check digit, an impossible date and garbage', () => {
    expect(parseSwedishId('19121212-1213')).toBeNull();
    expect(parseSwedishId('19121332-1212')).toBeNull();
    expect(parseSwedishId('1912121-1212')).toBeNull();
    expect(parseSwedishId('abc')).toBeNull();
  });

  it('rejects any single changed digit of the ten the check digit covers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 11 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = '191212121212'.split('');
        digits[position] = String((Number(digits[position]) + delta) % 10);
        return parseSwedishId(digits.join('')) === null;
      }),
    );
  });
});

describe('Finnish henkilötunnus', () => {
  it('accepts valid numbers with old and new century signs', () => {
    expect(parseFinnishId('131052-308T')).toMatchObject({ kind: 'henkilotunnus', birthDate: '1952-10-13' });
    expect(parseFinnishId('010101A123N')?.birthDate).toBe('2001-01-01');
  });
  it('rejects a wrong check character', () => {
    expect(parseFinnishId('131052-308U')).toBeNull();
  });
});

describe('a recipient as it arrives from the municipality', () => {
  const recipient = (personalIdentityNumber: string | null) => ({
    id: 'r-1',
    displayName: 'Karin Karlsson',
    personalIdentityNumber,
    protectedIdentity: false,
    address: null,
  });

  it('carries a personnummer, samordningsnummer or henkilötunnus with a right check digit, or none', () => {
    for (const id of ['19121212-1212', '701063-2391', '131052-308T', null])
      expect(recipientSchema.safeParse(recipient(id)).success).toBe(true);
  });

  it('is refused with a wrong check digit or an impossible date, by the server and the workstation alike', () => {
    for (const id of ['19121212-1213', '701063-2392', '131052-308U', '19121312-1212', 'okänt']) {
      const parsed = recipientSchema.safeParse(recipient(id));
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/check digit/);
    }
  });
});
