import { asFormBody, type FieldError, hasControlCharacters, text, type Validated } from './form-input';

/** The longest place description enrolment accepts. */
export const SIGN_PLACE_MAX = 300;

export interface SignForm {
  place: string;
  /** YYYY-MM-DD, or null when the date is not known. */
  putUpAt: string | null;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** "Registrera en skylt": where it stands (required) and when it was put up (optional, YYYY-MM-DD). */
export function validateSignForm(input: unknown): Validated<SignForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const place = text(body, 'place').replace(/\s+/g, ' ');
  const putUpAt = text(body, 'putUpAt');
  if (!place) errors.push({ field: 'place', key: 'errors.place.required' });
  else if (place.length > SIGN_PLACE_MAX) errors.push({ field: 'place', key: 'errors.place.tooLong' });
  else if (hasControlCharacters(place)) errors.push({ field: 'place', key: 'errors.place.invalid' });
  if (putUpAt && !isIsoDate(putUpAt)) errors.push({ field: 'putUpAt', key: 'errors.putUpAt.invalid' });
  if (errors.length) return { ok: false, errors, values: { place: place.slice(0, SIGN_PLACE_MAX * 2), putUpAt: putUpAt.slice(0, 40) } };
  return { ok: true, value: { place, putUpAt: putUpAt || null } };
}

/**
 * The most CSV text the import form takes. Enrolment accepts a JSON body of 100 kB; the form is posted
 * URL-encoded (limit 100 kB too), where `;` and å/ä/ö take 3–6 bytes each, so about 60 000 characters fit.
 */
export const IMPORT_CSV_MAX = 60_000;

/** enrolment takes a JSON body of at most 100 kB; the text as a JSON string (UTF-8, escapes) must fit with room to spare. */
export const IMPORT_JSON_BYTES_MAX = 95_000;

function jsonBytes(value: string): number {
  return new TextEncoder().encode(JSON.stringify({ csv: value })).length;
}

export interface ImportForm {
  csv: string;
}

/** The import form: the spreadsheet's rows pasted as CSV text (header row included). Line breaks are kept. */
export function validateImportForm(input: unknown): Validated<ImportForm> {
  const body = asFormBody(input);
  const raw = typeof body['csv'] === 'string' ? body['csv'] : '';
  const csv = raw.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').trim();
  const errors: FieldError[] = [];
  if (!csv) errors.push({ field: 'csv', key: 'errors.csv.required' });
  else if (csv.length > IMPORT_CSV_MAX || jsonBytes(csv) > IMPORT_JSON_BYTES_MAX) errors.push({ field: 'csv', key: 'errors.csv.tooLong' });
  else if (!csv.includes('\n')) errors.push({ field: 'csv', key: 'errors.csv.noRows' });
  if (errors.length) return { ok: false, errors, values: { csv: csv.slice(0, IMPORT_CSV_MAX) } };
  return { ok: true, value: { csv } };
}
