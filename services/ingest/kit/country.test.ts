import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countryCode, isPlainKey, knownCountryCodes, nameKey } from './country.js';

describe('countryCode', () => {
  it('upper-cases alpha-2 codes and maps alpha-3 codes', () => {
    expect(countryCode('PT')).toBe('PT');
    expect(countryCode(' fr ')).toBe('FR');
    expect(countryCode('PRT')).toBe('PT');
    expect(countryCode('deu')).toBe('DE');
  });

  it('maps ISO names and the variants vendors send', () => {
    expect(countryCode('Portugal')).toBe('PT');
    expect(countryCode('United States of America')).toBe('US');
    expect(countryCode('United States')).toBe('US');
    expect(countryCode('USA')).toBe('US');
    expect(countryCode('U.S.A.')).toBe('US');
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('United Kingdom')).toBe('GB');
    expect(countryCode('Russia')).toBe('RU');
    expect(countryCode('Russian Federation')).toBe('RU');
    expect(countryCode('South Korea')).toBe('KR');
    expect(countryCode('Korea, Republic of')).toBe('KR');
    expect(countryCode("Korea, Democratic People's Republic of")).toBe('KP');
    expect(countryCode('Congo, The Democratic Republic of the')).toBe('CD');
    expect(countryCode('Congo')).toBe('CG');
    expect(countryCode('Viet Nam')).toBe('VN');
    expect(countryCode('Czech Republic')).toBe('CZ');
    expect(countryCode('Turkey')).toBe('TR');
    expect(countryCode('Türkiye')).toBe('TR');
  });

  it('ignores case, accents, apostrophe style, "The", "St." and "&"', () => {
    expect(countryCode('CÔTE D’IVOIRE')).toBe('CI');
    expect(countryCode('cote divoire')).toBe('CI');
    expect(countryCode('The Netherlands')).toBe('NL');
    expect(countryCode('St. Kitts & Nevis')).toBe('KN');
    expect(countryCode('Bosnia & Herzegovina')).toBe('BA');
    expect(countryCode('Guinea-Bissau')).toBe('GW');
    expect(countryCode('Guinea')).toBe('GN');
  });

  it('takes a plain name as its own key only where nameKey would give it back unchanged', () => {
    const plainish = fc.stringMatching(/^(the |st )?[a-z]{1,8}( [a-z]{1,8}){0,3}$/);
    fc.assert(
      fc.property(fc.oneof(plainish, fc.string({ maxLength: 24 })), (s) => {
        const lower = s.toLowerCase();
        if (isPlainKey(lower)) expect(nameKey(s)).toBe(lower);
      }),
      { numRuns: 3000 },
    );
    expect(isPlainKey('the gambia')).toBe(false);
    expect(isPlainKey('st lucia')).toBe(false);
    expect(isPlainKey('united  states')).toBe(false);
    expect(countryCode('the gambia')).toBe('GM');
    expect(countryCode('st lucia')).toBe('LC');
  });

  it('returns unknown input trimmed, unchanged otherwise', () => {
    expect(countryCode('  Atlantis ')).toBe('Atlantis');
    expect(countryCode('XX')).toBe('XX');
    expect(countryCode('zz')).toBe('zz');
    expect(countryCode('')).toBe('');
    expect(countryCode('ABCD')).toBe('ABCD');
  });

  it('knows all 249 ISO 3166-1 countries plus XK, each one a region the platform ICU names', () => {
    const codes = knownCountryCodes();
    expect(codes).toHaveLength(250);
    const icu = new Intl.DisplayNames(['en'], { type: 'region' });
    const unknown = codes.filter((c) => icu.of(c) === c);
    expect(unknown).toEqual([]);
  });

  it("maps every country's English name as ICU spells it back to its code", () => {
    const icu = new Intl.DisplayNames(['en'], { type: 'region' });
    const misses = knownCountryCodes().filter((c) => countryCode(icu.of(c)!) !== c);
    expect(misses).toEqual([]);
  });
});
