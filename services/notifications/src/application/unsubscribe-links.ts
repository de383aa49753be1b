import { createHash, randomBytes } from 'node:crypto';
import { defaultPreferences } from '../domain/recipient';
import type { RecipientStore, UnsubscribeGrant, UnsubscribeGrants } from './ports';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The unsubscribe link in every non-transactional message: works without signing in. The token is 32 random
 * bytes; only its sha256 is stored, with an expiry.
 */
export class UnsubscribeLinks {
  constructor(
    private readonly grants: UnsubscribeGrants,
    private readonly recipients: RecipientStore,
    private readonly publicUrl: string,
    private readonly validDays: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A fresh link; the caller stores `tokenHash` and `expiresAt` with the message that carries it. */
  mint(): { url: string; tokenHash: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock().getTime() + this.validDays * 86_400_000);
    return { url: `${this.publicUrl.replace(/\/$/, '')}/unsubscribe/${token}`, tokenHash: hashToken(token), expiresAt };
  }

  /** The grant behind a token, or null when unknown or expired (the page says so; nothing else is revealed). */
  async lookup(token: string): Promise<UnsubscribeGrant | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const grant = await this.grants.findGrant(hashToken(token));
    if (!grant || grant.expiresAt.getTime() <= this.clock().getTime()) return null;
    return grant;
  }

  /** Turns off the category of the message the link came with. Idempotent. */
  async unsubscribe(token: string): Promise<UnsubscribeGrant | null> {
    const grant = await this.lookup(token);
    if (!grant) return null;
    const recipient = await this.recipients.get(grant.recipientId);
    if (!recipient) return grant; // erased meanwhile: nothing left to send to
    const preferences = recipient.preferences ?? defaultPreferences();
    if (grant.category !== 'transactional') preferences.categories[grant.category] = false;
    await this.recipients.setPreferences(recipient.id, preferences);
    return grant;
  }
}
