import { type PreferencesView, preferencesView } from '../domain/preferences';
import type { RecipientStore } from './ports';

/**
 * "Dina utskick" from self-service, by person id (the web has it from enrolment's self-service view). null = unknown
 * person or another municipality (404 to the caller).
 */
export class ShowPersonPreferences {
  constructor(private readonly recipients: RecipientStore) {}

  async execute(municipalityId: string, personId: string): Promise<PreferencesView | null> {
    const recipient = await this.recipients.get(municipalityId, personId);
    if (!recipient) return null;
    return preferencesView(recipient, null);
  }
}
