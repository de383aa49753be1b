import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { PageNotFound } from './web-exception.filter';

export const MUNICIPALITIES = Symbol('MUNICIPALITIES');
export type Municipalities = Map<string, BrandedMunicipality>;
/** The walker organisations of each municipality (`Map<municipalityId, WalkerOrganisations>`). */
export const WALKER_ORGANISATIONS = Symbol('WALKER_ORGANISATIONS');

export function municipalityOr404(municipalities: Municipalities, id: string): BrandedMunicipality {
  const m = municipalities.get(id);
  if (!m) throw new PageNotFound();
  return m;
}

/** Link tokens are base64url (32 random bytes = 43 characters); anything else is not worth asking about. */
export function isToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{16,128}$/.test(token);
}

export function isId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,100}$/.test(id);
}
