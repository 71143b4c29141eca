// CSV phone validation. The default rule is India's: 12 digits starting with 91 after removing
// spaces, '+', '-' (and brackets/dots people paste from spreadsheets). Excel turns long numbers
// into scientific notation (9.19876543210E+11); that is accepted when it still holds every digit
// and refused with a clear reason when Excel already rounded the number away.

export interface CountryRule {
  code: string;
  /** Total digits including the country code. */
  length: number;
}

export const DEFAULT_COUNTRIES: CountryRule[] = [{ code: '91', length: 12 }];

export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: string };

export function normalizePhone(raw: string, countries: readonly CountryRule[] = DEFAULT_COUNTRIES): PhoneResult {
  const input = raw.trim();
  if (!input) return { ok: false, reason: 'phone is empty' };
  if (/^\d{8,15}$/.test(input)) return checkCountry(input, countries); // the common case, kept cheap
  let digits: string;
  // Excel in a European locale writes the decimal separator as a comma: 9,19877E+11.
  const sci = /^([+-]?)(\d+)(?:[.,](\d+))?[eE]\+?(\d+)$/.exec(input);
  if (sci) {
    const [, sign, int, frac = '', exp] = sci;
    if (sign === '-') return { ok: false, reason: `phone "${input}" is negative` };
    const shift = Number(exp);
    if (frac.length > shift) return { ok: false, reason: `phone "${input}" has a fraction` };
    digits = int! + frac + '0'.repeat(shift - frac.length);
    if (int!.length + frac.length < 10) {
      return { ok: false, reason: `phone "${input}": the number was rounded by Excel (scientific notation); format the column as text and export again` };
    }
  } else {
    const stripped = input.replace(/[\s+\-().]/g, '');
    if (!/^\d+$/.test(stripped)) return { ok: false, reason: `phone "${input}" has characters other than digits, spaces, '+' and '-'` };
    digits = stripped.replace(/^00/, '');
  }
  return checkCountry(digits, countries);
}

function checkCountry(digits: string, countries: readonly CountryRule[]): PhoneResult {
  const rule = countries.find((c) => digits.startsWith(c.code));
  if (!rule) return { ok: false, reason: `phone ${digits} must start with country code ${countries.map((c) => c.code).join(' or ')}` };
  if (digits.length !== rule.length) return { ok: false, reason: `phone ${digits} must have ${rule.length} digits with country code ${rule.code} (has ${digits.length})` };
  return { ok: true, phone: digits };
}

/** ALLOWED_COUNTRY_CODES, e.g. "91:12,971:12" (code:total digits). */
export function parseCountryRules(spec: string): CountryRule[] {
  return spec.split(',').map((part) => {
    const [code, length] = part.trim().split(':');
    if (!code || !/^\d{1,3}$/.test(code) || !length || !/^\d{1,2}$/.test(length)) throw new Error(`bad country rule "${part}"; expected code:digits such as 91:12`);
    return { code, length: Number(length) };
  });
}
