import { type PreferencesView, preferencesView } from '../domain/preferences';
import type { RecipientStore } from './ports';
import type { UnsubscribeLinks } from './unsubscribe-links';

/**
 * "Dina utskick" opened with the token of the unsubscribe link of any non-transactional message (no sign-in): the
 * person's channels and categories, and the category of the message the link came with. null = unknown or expired
 * token, unknown person, or another municipality (all the same to the caller: 404).
 */
export class ShowPreferencesByToken {
  constructor(
    private readonly links: Pick<UnsubscribeLinks, 'lookup'>,
    private readonly recipients: RecipientStore,
  ) {}

  async execute(token: string): Promise<PreferencesView | null> {
    const grant = await this.links.lookup(token);
    if (!grant) return null;
    const recipient = await this.recipients.get(grant.municipalityId, grant.recipientId);
    if (!recipient) return null;
    return preferencesView(recipient, grant.category);
  }
}
