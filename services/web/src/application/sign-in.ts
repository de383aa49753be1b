/** What a sign-in must remember between the redirect to the IdP and its answer (kept sealed in a short-lived cookie). */
export interface SignInChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface SignInStart {
  /** The IdP's authorization endpoint with the request (code flow, PKCE S256, state, nonce). */
  readonly url: string;
  readonly checks: SignInChecks;
}

export interface SignInResult {
  readonly accessToken: string;
  readonly idToken: string;
  /** ms since the epoch. */
  readonly expiresAt: number;
  /** The validated ID token's claims, completed by the access token's (e.g. the officer's police area). */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * The port to the organisations' OpenID Connect providers (the web is their confidential relying party). The
 * organisation is a municipality id (its staff IdP) or `polisen`.
 */
export interface IdentityProviderClient {
  start(organisation: string): Promise<SignInStart>;
  /**
   * Validates the IdP's answer — the query string of the request to /auth/callback — (state, PKCE, nonce, ID token)
   * and redeems the code; SignInFailed otherwise.
   */
  finish(organisation: string, callbackQuery: URLSearchParams, checks: SignInChecks): Promise<SignInResult>;
  /** RP-initiated logout at the IdP, or undefined when it has no end_session_endpoint. */
  endSessionUrl(organisation: string, idToken: string): Promise<string | undefined>;
}

export const IDENTITY_PROVIDER_CLIENT = Symbol('IDENTITY_PROVIDER_CLIENT');

/** The IdP's answer did not validate (wrong state, an error from the IdP, a bad token): the person signs in again. */
export class SignInFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInFailed';
  }
}

/** The IdP cannot be reached (discovery or the token endpoint failed): 503 "try again shortly". */
export class IdentityProviderUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityProviderUnavailable';
  }
}
