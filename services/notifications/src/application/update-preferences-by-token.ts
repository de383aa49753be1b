import { type Clock, systemClock } from '@trygg/values';
import type { PreferencesInput, PreferencesView } from '../domain/preferences';
import type { RecipientStore } from './ports';
import { savePreferences } from './save-preferences';
import type { UnsubscribeLinks } from './unsubscribe-links';

/**
 * "Dina utskick" saved with the token of an unsubscribe link (no sign-in): replaces the person's preferences.
 * null = unknown or expired token, unknown person, or another municipality (404 to the caller).
 */
export class UpdatePreferencesByToken {
  constructor(
    private readonly links: Pick<UnsubscribeLinks, 'lookup'>,
    private readonly recipients: RecipientStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string, input: PreferencesInput): Promise<PreferencesView | null> {
    const grant = await this.links.lookup(token);
    if (!grant) return null;
    return savePreferences(this.recipients, grant, input, grant.category, this.clock());
  }
}
