import { IMPORT_CSV_MAX, isIsoDate, SIGN_PLACE_MAX, validateImportForm, validateSignForm } from './staff-forms';

describe('the sign form (coordinator records a sign)', () => {
  it('accepts a place and an optional date', () => {
    expect(validateSignForm({ place: '  Vid   infarten ', putUpAt: '2026-11-20' })).toEqual({ ok: true, value: { place: 'Vid infarten', putUpAt: '2026-11-20' } });
    expect(validateSignForm({ place: 'Vid infarten', putUpAt: '' })).toEqual({ ok: true, value: { place: 'Vid infarten', putUpAt: null } });
  });

  it('names each field it rejects', () => {
    const result = validateSignForm({ place: '', putUpAt: '20/11/2026' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([
      { field: 'place', key: 'errors.place.required' },
      { field: 'putUpAt', key: 'errors.putUpAt.invalid' },
    ]);
  });

  it('rejects a too long place, control characters and impossible dates; arrays and objects count as no answer', () => {
    const long = validateSignForm({ place: 'x'.repeat(SIGN_PLACE_MAX + 1) });
    expect(!long.ok && long.errors[0]?.key).toBe('errors.place.tooLong');
    const control = validateSignForm({ place: 'a\u0007b' });
    expect(!control.ok && control.errors[0]?.key).toBe('errors.place.invalid');
    const array = validateSignForm({ place: ['a', 'b'], putUpAt: { a: 1 } });
    expect(!array.ok && array.errors.map((e) => e.key)).toEqual(['errors.place.required']);
    expect(validateSignForm(null).ok).toBe(false);
  });

  it('knows a real calendar date', () => {
    expect(['2026-11-20', '2024-02-29'].map(isIsoDate)).toEqual([true, true]);
    expect(['2026-02-30', '2025-02-29', '2026-13-01', '26-11-20', '2026-11-20T00:00', '0000-01-01'].map(isIsoDate)).toEqual([false, false, false, false, false, false]);
  });
});

describe('the import form (CSV of existing groups)', () => {
  const csv = 'omrade;grupp;roll;namn;epost;mobil;gata;nummer;postnummer;ort\nCentrum;Centrum 1;medlem;Åsa;asa@x.example;;Storgatan;1;449 30;Nödinge';

  it('keeps the text with its rows, without a BOM and with plain line breaks', () => {
    expect(validateImportForm({ csv: `\ufeff${csv.replace('\n', '\r\n')}\r\n` })).toEqual({ ok: true, value: { csv } });
  });

  it('asks for the text, for more than a header row, and for less than the limit', () => {
    const keys = (input: unknown) => {
      const result = validateImportForm(input);
      return result.ok ? [] : result.errors.map((e) => e.key);
    };
    expect(keys({})).toEqual(['errors.csv.required']);
    expect(keys({ csv: ['a', 'b'] })).toEqual(['errors.csv.required']);
    expect(keys({ csv: 'omrade;grupp' })).toEqual(['errors.csv.noRows']);
    expect(keys({ csv: `${csv}\n${'x'.repeat(IMPORT_CSV_MAX)}` })).toEqual(['errors.csv.tooLong']);
    // Fewer characters than the limit, but too many bytes for enrolment's 100 kB JSON body (å is 2 bytes, " is escaped).
    expect(keys({ csv: `${csv}\n${'å"'.repeat(IMPORT_CSV_MAX / 2 - 200)}` })).toEqual(['errors.csv.tooLong']);
    expect(keys({ csv: `${csv}\n${'x'.repeat(IMPORT_CSV_MAX - csv.length - 1)}` })).toEqual([]);
  });
});
