import { type Clock, systemClock } from '@trygg/values';
import type { PreferencesInput, PreferencesView } from '../domain/preferences';
import type { RecipientStore } from './ports';
import { savePreferences } from './save-preferences';

/** "Dina utskick" saved from self-service, by person id: replaces the person's preferences. null = unknown person or another municipality. */
export class UpdatePersonPreferences {
  constructor(
    private readonly recipients: RecipientStore,
    private readonly clock: Clock = systemClock,
  ) {}

  execute(municipalityId: string, personId: string, input: PreferencesInput): Promise<PreferencesView | null> {
    return savePreferences(this.recipients, { recipientId: personId, municipalityId }, input, null, this.clock());
  }
}
