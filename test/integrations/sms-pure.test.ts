import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSms } from '../../integrations/sms/message.ts';
import { normalisePhone } from '../../integrations/sms/phone.ts';
import { countSegments, isGsm7 } from '../../integrations/sms/segments.ts';
import { validateSender } from '../../integrations/sms/sender.ts';

const seMobile = fc
  .tuple(fc.constantFrom('70', '72', '73', '76', '79'), fc.stringMatching(/^\d{7}$/))
  .map(([p, rest]) => `${p}${rest}`);
const fiMobile = fc
  .tuple(fc.constantFrom('40', '41', '44', '45', '46', '49', '50'), fc.stringMatching(/^\d{5,8}$/))
  .map(([p, rest]) => `${p}${rest}`);

/** The ways people write one number: national, international, with 00, spaced and hyphenated. */
function writings(cc: string, nsn: string, home: boolean): string[] {
  const spaced = nsn.replace(/^(\d{2})(\d{3})(\d+)$/, '$1 $2 $3');
  return [
    `+${cc}${nsn}`,
    `00${cc}${nsn}`,
    `+${cc} ${spaced}`,
    `+${cc} (0)${nsn}`,
    ...(home ? [`0${nsn}`, `0${spaced.replace(' ', '-')}`] : []),
  ];
}

describe('E.164 for Sweden and Finland', () => {
  it('turns every usual writing of a Swedish or Finnish mobile number into the same E.164', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          seMobile.map((n) => ['SE', '46', n] as const),
          fiMobile.map((n) => ['FI', '358', n] as const),
        ),
        ([country, cc, nsn]) => {
          for (const w of writings(cc, nsn, true)) {
            const r = normalisePhone(w, country);
            if (!r.ok || r.e164 !== `+${cc}${nsn}` || r.country !== country) return false;
            // Idempotent: the result reads back as itself.
            const again = normalisePhone(r.e164, country === 'SE' ? 'FI' : 'SE');
            if (!again.ok || again.e164 !== r.e164) return false;
          }
          return true;
        },
      ),
    );
  });

  it('reads a national number in the municipality’s own country', () => {
    expect(normalisePhone('070-123 45 67', 'SE')).toEqual({ ok: true, e164: '+46701234567', country: 'SE' });
    expect(normalisePhone('040 123 4567', 'FI')).toEqual({ ok: true, e164: '+358401234567', country: 'FI' });
    // A Finnish national number read in Sweden is not a Swedish mobile: refused, not guessed.
    expect(normalisePhone('040 123 4567', 'SE')).toMatchObject({ ok: false, code: 'sms.numberInvalid' });
  });

  it('refuses other countries clearly, and landlines, short and garbled numbers', () => {
    fc.assert(
      fc.property(
        fc
          .stringMatching(/^[1-9]\d{0,2}$/)
          .filter(
            (cc) => !cc.startsWith('46') && !cc.startsWith('358') && cc !== '35' && cc !== '3' && cc !== '4',
          ),
        fc.stringMatching(/^\d{7,10}$/),
        (cc, rest) => {
          const r = normalisePhone(`+${cc}${rest}`, 'SE');
          return !r.ok && r.code === 'sms.countryNotSupported';
        },
      ),
    );
    expect(normalisePhone('+47 912 34 567', 'SE')).toMatchObject({
      ok: false,
      code: 'sms.countryNotSupported',
    });
    for (const bad of [
      '08-123 456 78',
      '+46 8 123 456 78',
      '0701',
      '701234567',
      'abc',
      '',
      '+46 70 123 45 67 8',
    ])
      expect(normalisePhone(bad, 'SE')).toMatchObject({ ok: false, code: 'sms.numberInvalid' });
  });
});

describe('E.164: only the whole text, read one way', () => {
  it('a mobile-looking tail after a landline prefix is not a mobile, in either country', () => {
    // Stockholm 08 followed by digits that end like a mobile number.
    expect(normalisePhone('+46 8 701 234 567', 'SE')).toMatchObject({ ok: false, code: 'sms.numberInvalid' });
    // Helsinki 09 followed by digits that end like a mobile number.
    expect(normalisePhone('+358 9 401 234 567', 'FI')).toMatchObject({
      ok: false,
      code: 'sms.numberInvalid',
    });
    // A Finnish mobile with one digit too many.
    expect(normalisePhone('+358 40 123 456 789', 'FI')).toMatchObject({
      ok: false,
      code: 'sms.numberInvalid',
    });
  });

  it('letters around an international number make it invalid, not an unsupported country', () => {
    for (const bad of ['+1 555 CALL NOW', 'tel +1 555 0100', '001 555 0100 ext', 'x+46701234567'])
      expect(normalisePhone(bad, 'SE'), bad).toMatchObject({ ok: false, code: 'sms.numberInvalid' });
  });

  it('a letter O typed for the leading zero is refused, not read as a national number', () => {
    expect(normalisePhone('O70 123 45 67', 'SE')).toMatchObject({ ok: false, code: 'sms.numberInvalid' });
  });

  it('a refusal names the number as typed, trimmed and cut to 40 characters', () => {
    expect(normalisePhone('  08-123 456 78 ', 'SE')).toEqual({
      ok: false,
      code: 'sms.numberInvalid',
      params: { number: '08-123 456 78' },
    });
    expect(normalisePhone(' +47 912 34 567', 'SE')).toEqual({
      ok: false,
      code: 'sms.countryNotSupported',
      params: { number: '+47 912 34 567' },
    });
    expect(normalisePhone('phone: 070', 'SE')).toEqual({
      ok: false,
      code: 'sms.numberInvalid',
      params: { number: 'phone: 070' },
    });
    const long = ` ${'7'.repeat(50)}`;
    expect(normalisePhone(long, 'SE')).toEqual({
      ok: false,
      code: 'sms.numberInvalid',
      params: { number: '7'.repeat(40) },
    });
  });
});

describe('segment counting: what is left', () => {
  it('says how many units are still free in the last part', () => {
    expect(countSegments('Hej')).toMatchObject({ segments: 1, remaining: 157 });
    expect(countSegments('a'.repeat(161))).toMatchObject({ segments: 2, remaining: 153 * 2 - 161 });
    expect(countSegments('Hej 👋')).toMatchObject({ encoding: 'ucs2', segments: 1, remaining: 70 - 6 });
    expect(countSegments('ж'.repeat(71))).toMatchObject({ segments: 2, remaining: 67 * 2 - 71 });
  });
});

describe('sender id', () => {
  it('takes at most 11 plain letters or a number, never å, ä, ö', () => {
    expect(validateSender('Hemtjanst')).toEqual({ ok: true, sender: 'Hemtjanst', numeric: false });
    expect(validateSender('+46701234567')).toMatchObject({ ok: true, numeric: true });
    for (const bad of ['Hemtjänsten', 'Omsorg Öst', 'ABCDEFGHIJKL', '', '   ', 'Vård', '12'])
      expect(validateSender(bad)).toEqual({ ok: false, code: 'sms.senderInvalid' });
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (s) => {
        const r = validateSender(s);
        return !r.ok || r.numeric || (r.sender.length <= 11 && !/[åäöÅÄÖ]/.test(r.sender));
      }),
    );
  });
});

describe('segment counting', () => {
  const gsmChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzåäöÅÄÖ 0123456789.,!?'.split(''));
  it('counts GSM-7 as 160 in one part and 153 per part after', () => {
    fc.assert(
      fc.property(fc.array(gsmChar, { minLength: 1, maxLength: 1200 }), (chars) => {
        const text = chars.join('');
        const c = countSegments(text);
        const expected = text.length <= 160 ? 1 : Math.ceil(text.length / 153);
        return c.encoding === 'gsm7' && c.units === text.length && c.segments === expected;
      }),
    );
    expect(countSegments('a'.repeat(160)).segments).toBe(1);
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
    expect(countSegments('Besök i morgon 09:00. Välkommen!').encoding).toBe('gsm7');
  });

  it('counts extension characters as two and never splits one across parts', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'gsm7', units: 160, segments: 1 });
    // 152 plain + one € (2 septets) = 154 septets: the € cannot straddle, so it opens part two.
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(10)}`)).toMatchObject({ units: 164, segments: 2 });
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(151)}`).segments).toBe(2);
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
  });

  it('sends anything outside GSM-7 as UCS-2: 70 units in one, 67 per part, surrogate pairs kept whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'б', 'ж', 'ą'), { minLength: 1, maxLength: 600 }),
        (chars) => {
          const text = `ж${chars.join('')}`;
          const c = countSegments(text);
          const expected = text.length <= 70 ? 1 : Math.ceil(text.length / 67);
          return c.encoding === 'ucs2' && c.segments === expected;
        },
      ),
    );
    expect(isGsm7('Hej 😀')).toBe(false);
    expect(countSegments(`${'a'.repeat(66)}😀`)).toMatchObject({ encoding: 'ucs2', units: 68, segments: 1 });
    expect(countSegments(`${'a'.repeat(66)}😀${'a'.repeat(4)}`)).toMatchObject({ units: 72, segments: 2 });
    expect(countSegments('')).toMatchObject({ segments: 0 });
  });

  it('refuses a message longer than six parts, an empty one, and a bad sender before any gateway sees it', () => {
    expect(checkSms({ to: '0701234567', text: 'a'.repeat(918), sender: 'Omsorg' }, 'SE')).toMatchObject({
      ok: true,
    });
    expect(checkSms({ to: '0701234567', text: 'a'.repeat(919), sender: 'Omsorg' }, 'SE')).toMatchObject({
      ok: false,
      code: 'sms.textTooLong',
      params: { segments: 7, max: 6 },
    });
    expect(checkSms({ to: '0701234567', text: '  ', sender: 'Omsorg' }, 'SE')).toMatchObject({
      code: 'sms.textEmpty',
    });
    expect(checkSms({ to: '0701234567', text: 'x', sender: 'Omsorg Öst' }, 'SE')).toMatchObject({
      code: 'sms.senderInvalid',
    });
  });
});
