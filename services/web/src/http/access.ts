import type { Request, Response } from 'express';
import type { StaffSession } from '../domain/staff-session';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { type Pages, translate } from './pages';
import { redirectToSignIn, sessionOf } from './session';

/**
 * The staff and police pages' door: no session (or an idle or expired one) → /logga-in with the reason; a session
 * whose role or scope does not fit → a 403 page naming who is signed in. Returns the session when the page may be
 * shown. (The services check the token again: this only decides what the web offers.)
 */
export function signedIn(pages: Pages, req: Request, res: Response, fits: (session: StaffSession) => boolean, municipality?: BrandedMunicipality): StaffSession | undefined {
  const session = sessionOf(res);
  if (!session) {
    redirectToSignIn(res);
    return undefined;
  }
  if (fits(session)) return session;
  const t = translate(res);
  pages.message(req, res, { title: t('auth.forbidden.title'), paragraphs: [t('auth.forbidden.p1', { name: session.name })], link: { href: '/inloggad', text: t('auth.forbidden.link') } }, { status: 403, ...(municipality ? { municipality } : {}) });
  return undefined;
}

/** A coordinator of this municipality (the municipality whose IdP they signed in at). */
export const coordinatorOf = (municipalityId: string) => (s: StaffSession) => s.roles.includes('coordinator') && s.municipalityId === municipalityId;

/** A police officer with a police area. */
export const policeOfficer = (s: StaffSession) => s.roles.includes('police-officer') && !!s.policeAreaId;

/**
 * Who reads a municipality's walk reports: its coordinator, and read-only its other roles (`municipal-role`: the local
 * BRÅ, ANDTS-samordnare, folkhälsostrateg, SSPF-koordinator) and the police of an area the municipality lists.
 */
export const reportReaderOf = (m: { id: string; policeAreas: ReadonlyArray<{ id: string }> }) => (s: StaffSession) =>
  coordinatorOf(m.id)(s) || (s.roles.includes('municipal-role') && s.municipalityId === m.id) || (policeOfficer(s) && m.policeAreas.some((a) => a.id === s.policeAreaId));
