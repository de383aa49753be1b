/**
 * Reading a submitted form safely: a body parser may hand over strings, arrays (a field posted twice), nested
 * objects (`a[b]=c`) or nothing at all. Only a single string counts as an answer; anything else is "no answer".
 */
export type FormBody = Record<string, unknown>;

export function asFormBody(body: unknown): FormBody {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as FormBody) : {};
}

export function text(body: FormBody, field: string): string {
  const value = Object.prototype.hasOwnProperty.call(body, field) ? body[field] : undefined;
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
}

export function checked(body: FormBody, field: string): boolean {
  return text(body, field) === 'yes';
}

/** Control characters have no place in anything typed into a form field of one line. */
export function hasControlCharacters(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return true;
  }
  return false;
}

export interface FieldError {
  /** The field's name, also the id of its input (the error summary links to it). */
  field: string;
  /** A message key in the catalogues (`errors.<field>.<reason>`). */
  key: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[]; values: Record<string, string | boolean> };
