import { type Clock, systemClock } from '@trygg/values';
import { withoutCategory } from '../domain/preferences';
import type { RecipientStore, UnsubscribeGrant } from './ports';
import type { UnsubscribeLinks } from './unsubscribe-links';

/**
 * The RFC 8058 one-click POST of an unsubscribe link: turns off the category of the message the link came with.
 * Idempotent. null = unknown or expired token.
 */
export class Unsubscribe {
  constructor(
    private readonly links: Pick<UnsubscribeLinks, 'lookup'>,
    private readonly recipients: RecipientStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string): Promise<UnsubscribeGrant | null> {
    const grant = await this.links.lookup(token);
    if (!grant) return null;
    // A person erased meanwhile matches nothing: there is nothing left to send to.
    await this.recipients.updatePreferences(grant.recipientId, grant.municipalityId, (current) => withoutCategory(current, grant.category), this.clock());
    return grant;
  }
}
