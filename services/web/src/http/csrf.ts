import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF protection without sessions or JavaScript (signed double-submit): the browser holds a random id in an
 * HttpOnly, SameSite=Lax cookie; every form carries HMAC(secret, id). A post counts only when the form's token
 * is the signature of the cookie it came with. Another site can neither read the cookie nor forge the signature.
 */
export class CsrfTokens {
  constructor(private readonly secret: string) {}

  newId(): string {
    return randomBytes(32).toString('base64url');
  }

  tokenFor(id: string): string {
    return createHmac('sha256', this.secret).update(`csrf:${id}`).digest('base64url');
  }

  verify(id: string | undefined, token: unknown): boolean {
    if (!id || typeof token !== 'string' || token.length > 200) return false;
    const expected = Buffer.from(this.tokenFor(id));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
