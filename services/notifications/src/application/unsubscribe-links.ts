import { randomBytes } from 'node:crypto';
import { type Clock, sha256Hex, systemClock } from '@trygg/values';
import type { Language } from '../domain/template';
import type { UnsubscribeGrant, UnsubscribeGrants } from './ports';

export const hashToken = (token: string): string => sha256Hex(token);

/** The web page "Dina utskick" for a token: the footer link of every non-transactional message (and its preview). */
export const preferencesPageUrl = (webUrl: string, municipalityId: string, token: string): string =>
  `${webUrl.replace(/\/$/, '')}/${encodeURIComponent(municipalityId)}/utskick/${token}`;

/** Tokens are 32 random bytes in base64url; anything else is not worth a database look-up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * The unsubscribe link in every non-transactional message: works without signing in. The token is 32 random
 * bytes; only its sha256 is stored, with an expiry. One token, two addresses: the web page "Dina utskick"
 * (`<web>/<municipality>/utskick/<token>`, in the message's footer) and notifications' own URL for the RFC 8058
 * one-click POST (`<notifications>/unsubscribe/<token>`, in `List-Unsubscribe`).
 */
export class UnsubscribeLinks {
  private readonly notificationsUrl: string;
  private readonly webUrl: string;

  constructor(
    private readonly grants: UnsubscribeGrants,
    publicUrls: { notifications: string; web: string },
    private readonly validDays: number,
    private readonly clock: Clock = systemClock,
  ) {
    this.notificationsUrl = publicUrls.notifications.replace(/\/$/, '');
    this.webUrl = publicUrls.web.replace(/\/$/, '');
  }

  /**
   * A fresh link; the caller stores `tokenHash` and `expiresAt` with the message that carries it. The page opens in
   * the message's language (`?lang=en`; Swedish is the web's default).
   */
  mint(municipalityId: string, language: Language = 'sv'): { url: string; oneClickUrl: string; tokenHash: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock().getTime() + this.validDays * 86_400_000);
    const url = `${this.pageUrl(municipalityId, token)}${language === 'sv' ? '' : `?lang=${language}`}`;
    return { url, oneClickUrl: `${this.notificationsUrl}/unsubscribe/${token}`, tokenHash: hashToken(token), expiresAt };
  }

  /**
   * An area message's one-click "Jag har läst" link: the web's thank-you page `<web>/<municipality>/kvittera/<token>`
   * records the acknowledgement (notifications' POST /internal/acknowledgements/:token). 32 random bytes; the caller
   * stores only `tokenHash`, with `expiresAt`, on the message that carries it.
   */
  mintAcknowledgement(municipalityId: string, language: Language = 'sv'): { url: string; tokenHash: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock().getTime() + this.validDays * 86_400_000);
    const url = `${this.webUrl}/${encodeURIComponent(municipalityId)}/kvittera/${token}${language === 'sv' ? '' : '?lang=en'}`;
    return { url, tokenHash: hashToken(token), expiresAt };
  }

  /** Is the string shaped like a token of ours (anything else is not worth a database look-up)? */
  static isTokenShaped(token: string): boolean {
    return TOKEN_SHAPE.test(token);
  }

  /** The web page for a token ("Dina utskick"). */
  pageUrl(municipalityId: string, token: string): string {
    return preferencesPageUrl(this.webUrl, municipalityId, token);
  }

  /** The grant behind a token, or null when unknown or expired (nothing else is revealed). */
  async lookup(token: string): Promise<UnsubscribeGrant | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const grant = await this.grants.findGrant(hashToken(token));
    if (!grant || grant.expiresAt.getTime() <= this.clock().getTime()) return null;
    return grant;
  }
}
