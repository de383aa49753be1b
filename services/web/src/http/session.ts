import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { SignInChecks } from '../application/sign-in';
import { checkSession, type StaffRole, type StaffSession } from '../domain/staff-session';
import { asStaffSession, SealedValues } from '../infrastructure/sealed-cookie';
import { parseCookies, serializeCookie } from './cookies';

export const SESSION_OPTIONS = Symbol('SESSION_OPTIONS');
/** The organisations' identity providers from identity.yaml (IdentityProviders). */
export const IDENTITY_PROVIDERS = Symbol('IDENTITY_PROVIDERS');
export interface SessionOptions {
  /** Secure cookies with the `__Host-` prefix (HTTPS); plain names without Secure on a developer's http. */
  readonly secure: boolean;
  readonly idleMs: number;
}

/** A sign-in under way: what the callback must find again (the organisation, state, nonce, PKCE verifier). */
interface SignInTransaction extends SignInChecks {
  readonly organisation: string;
  readonly startedAt: number;
}

const SIGN_IN_MAX_AGE_SECONDS = 600;

/**
 * The signed-in person's session in one sealed cookie (AES-256-GCM, no server-side store): tokens, expiry, name,
 * roles, scope, created and last seen. `__Host-trygg-session` (Secure, Path=/, no Domain) behind HTTPS,
 * `trygg-session` on a developer's http; HttpOnly, SameSite=Lax. The sign-in under way has its own sealed cookie
 * (10 minutes).
 */
@Injectable()
export class SessionCookies {
  readonly sessionName: string;
  private readonly signInName: string;

  constructor(
    private readonly sealed: SealedValues,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {
    const prefix = options.secure ? '__Host-' : '';
    this.sessionName = `${prefix}trygg-session`;
    this.signInName = `${prefix}trygg-sign-in`;
  }

  /** The session the request carries, checked against idle time and token expiry; undefined when there is none or it does not open. */
  read(req: Request, now = Date.now()): ReturnType<typeof checkSession> | undefined {
    const session = asStaffSession(this.sealed.open('session', parseCookies(req.headers.cookie)[this.sessionName]));
    return session ? checkSession(session, now, this.options.idleMs) : undefined;
  }

  write(res: Response, session: StaffSession): void {
    res.append('set-cookie', serializeCookie(this.sessionName, this.sealed.seal('session', session), { secure: this.options.secure }));
  }

  clear(res: Response): void {
    res.append('set-cookie', `${this.sessionName}=; Path=/; SameSite=Lax; HttpOnly${this.options.secure ? '; Secure' : ''}; Max-Age=0`);
  }

  writeSignIn(res: Response, transaction: SignInTransaction): void {
    res.append('set-cookie', serializeCookie(this.signInName, this.sealed.seal('sign-in', transaction), { secure: this.options.secure, maxAgeSeconds: SIGN_IN_MAX_AGE_SECONDS }));
  }

  /** The sign-in under way (and clears it: a callback is used once). */
  takeSignIn(req: Request, res: Response, now = Date.now()): SignInTransaction | undefined {
    const value = this.sealed.open('sign-in', parseCookies(req.headers.cookie)[this.signInName]) as Partial<SignInTransaction> | undefined;
    res.append('set-cookie', `${this.signInName}=; Path=/; SameSite=Lax; HttpOnly${this.options.secure ? '; Secure' : ''}; Max-Age=0`);
    if (!value || typeof value !== 'object') return undefined;
    const { organisation, state, nonce, codeVerifier, startedAt } = value;
    if (typeof organisation !== 'string' || typeof state !== 'string' || typeof nonce !== 'string' || typeof codeVerifier !== 'string' || typeof startedAt !== 'number') return undefined;
    if (now - startedAt > SIGN_IN_MAX_AGE_SECONDS * 1000) return undefined;
    return { organisation, state, nonce, codeVerifier, startedAt };
  }
}

/** What the header shows of the signed-in person (res.locals.signedIn). */
export interface SignedInHeader {
  name: string;
  roles: readonly StaffRole[];
  scope?: string;
}

export function sessionOf(res: Response): StaffSession | undefined {
  return res.locals['session'] as StaffSession | undefined;
}

/** Why a person is sent to /logga-in: `?orsak=` */
export type SignInReason = 'kravs' | 'inaktiv' | 'utgangen';

/** Sends a person without a (fitting) session to the sign-in page, saying why. */
export function redirectToSignIn(res: Response): void {
  const reason: SignInReason = (res.locals['sessionEnded'] as SignInReason | undefined) ?? 'kravs';
  res.redirect(303, `/logga-in?orsak=${reason}`);
}
