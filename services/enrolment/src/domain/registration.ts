/**
 * A resident's registration of interest in grannsamverkan. Pure domain: no framework, no database.
 * It starts `submitted`; it is confirmed by the email link (double opt-in) in a later step.
 */
export type Language = 'sv' | 'en';

export interface Registration {
  id: string;
  municipalityId: string;
  personId: string;
  name: string;
  email: string;
  language: Language;
  status: 'submitted';
  submittedAt: Date;
}

export interface NewRegistration {
  municipalityId: string;
  name: string;
  email: string;
  language: Language;
}

/** Names are kept as the resident wrote them, with surrounding and repeated white space folded. */
export function normaliseName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** Email addresses compare case-insensitively in practice; store them lower-case so duplicates are found. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function submitRegistration(
  input: NewRegistration,
  ids: { registrationId: string; personId: string },
  now: Date,
): Registration {
  return {
    id: ids.registrationId,
    municipalityId: input.municipalityId,
    personId: ids.personId,
    name: normaliseName(input.name),
    email: normaliseEmail(input.email),
    language: input.language,
    status: 'submitted',
    submittedAt: now,
  };
}

/** Control characters (other than none at all) have no place in a name typed into a form. */
export function hasControlCharacters(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
