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

/** A Swedish number's ten digits with its check digit computed (Luhn over YYMMDD + NNN). */
function withCheckDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${nine}${(10 - (sum % 10)) % 10}`;
}

describe('Swedish numbers whose check digit is right but whose date is not', () => {
  const today = new Date('2026-11-21T00:00:00Z');
  const swedish = (century: string, nine: string) => {
    const ten = withCheckDigit(nine);
    return `${century}${ten.slice(0, 6)}-${ten.slice(6)}`;
  };

  it('the check digit helper agrees with the Skatteverket test number', () => {
    expect(withCheckDigit('121212121')).toBe('1212121212');
  });

  it('30 February, 31 April, month 13 and day 00 are refused', () => {
    for (const date of ['800230', '800431', '801315', '800100', '800015'])
      expect(parseSwedishId(swedish('19', `${date}123`), today), date).toBeNull();
    expect(parseSwedishId(swedish('', '800230123'), today)).toBeNull();
    // The same numbers on a real date are accepted: it is the date that is refused.
    expect(parseSwedishId(swedish('19', '800228123'), today)?.birthDate).toBe('1980-02-28');
  });

  it('a samordningsnummer on an impossible date (day 60 + 30 February) is refused', () => {
    expect(parseSwedishId(swedish('19', '800290123'), today)).toBeNull();
    expect(parseSwedishId(swedish('19', '800288123'), today)).toMatchObject({
      kind: 'samordningsnummer',
      birthDate: '1980-02-28',
    });
  });

  it('a year before 100 is refused, not read as the 1900s', () => {
    expect(parseSwedishId(swedish('00', '500101123'), today)).toBeNull();
    expect(parseSwedishId(swedish('19', '500101123'), today)?.birthDate).toBe('1950-01-01');
  });

  it('without the century, the birth date is the latest one not after today, and + means a hundred years more', () => {
    expect(parseSwedishId(swedish('', '260101123'), today)?.birthDate).toBe('2026-01-01');
    expect(parseSwedishId(swedish('', '261231123'), today)?.birthDate).toBe('1926-12-31');
    // Born today, and last month: this century.
    expect(parseSwedishId(swedish('', '261121123'), today)?.birthDate).toBe('2026-11-21');
    expect(parseSwedishId(swedish('', '261122123'), today)?.birthDate).toBe('1926-11-22');
    expect(parseSwedishId(swedish('', '261001123'), today)?.birthDate).toBe('2026-10-01');
    const plus = withCheckDigit('260101123');
    expect(parseSwedishId(`${plus.slice(0, 6)}+${plus.slice(6)}`, today)?.birthDate).toBe('1926-01-01');
  });

  it('the number must be the whole text: spaces around it are trimmed, anything else is refused', () => {
    expect(parseSwedishId('  19121212-1212 \n', today)?.normalised).toBe('19121212-1212');
    expect(parseSwedishId('x19121212-1212', today)).toBeNull();
    expect(parseSwedishId('19121212-1212x', today)).toBeNull();
    expect(parseSwedishId('1219121212-1212', today)).toBeNull();
    expect(parseSwedishId('19121212-12120', today)).toBeNull();
  });
});

describe('Finnish numbers whose check character is right but whose date is not', () => {
  const FI_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
  const finnish = (ddmmyy: string, sign: string, individual: string) =>
    `${ddmmyy}${sign}${individual}${FI_CHECK[Number(`${ddmmyy}${individual}`) % 31]}`;

  it('30 February and month 13 are refused, a real date with the same check rule accepted', () => {
    expect(parseFinnishId(finnish('300280', '-', '123'))).toBeNull();
    expect(parseFinnishId(finnish('151380', '-', '123'))).toBeNull();
    expect(parseFinnishId(finnish('290200', 'A', '123'))?.birthDate).toBe('2000-02-29');
    expect(parseFinnishId(finnish('290201', 'A', '123'))).toBeNull();
  });

  it('the number must be the whole text: spaces around it are trimmed, lower case read as upper', () => {
    const id = finnish('131052', '-', '308');
    expect(parseFinnishId(`  ${id.toLowerCase()} `)?.normalised).toBe(id);
    expect(parseFinnishId(`x${id}`)).toBeNull();
    expect(parseFinnishId(`${id}x`)).toBeNull();
  });
});
