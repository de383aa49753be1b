import { type PreferencesInput, type PreferencesView, preferencesView, toPreferences } from '../domain/preferences';
import type { RecipientStore } from './ports';
import type { UnsubscribeLinks } from './unsubscribe-links';

/**
 * "Dina utskick": a person sees and changes their channels and categories, either with the token of the
 * unsubscribe link of any non-transactional message (no sign-in) or, from self-service, by their person id.
 * null = unknown or expired token, unknown person, or another municipality (all the same to the caller: 404).
 */
export class ManagePreferences {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly recipients: RecipientStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async byToken(token: string): Promise<PreferencesView | null> {
    const grant = await this.links.lookup(token);
    if (!grant) return null;
    const recipient = await this.recipients.get(grant.recipientId);
    if (!recipient || recipient.municipalityId !== grant.municipalityId) return null;
    return preferencesView(recipient, grant.category);
  }

  async updateByToken(token: string, input: PreferencesInput): Promise<PreferencesView | null> {
    const grant = await this.links.lookup(token);
    if (!grant) return null;
    return this.update(grant.recipientId, grant.municipalityId, input, grant.category);
  }

  async byPerson(municipalityId: string, personId: string): Promise<PreferencesView | null> {
    const recipient = await this.recipients.get(personId);
    if (!recipient || recipient.municipalityId !== municipalityId) return null;
    return preferencesView(recipient, null);
  }

  updateByPerson(municipalityId: string, personId: string, input: PreferencesInput): Promise<PreferencesView | null> {
    return this.update(personId, municipalityId, input, null);
  }

  private async update(recipientId: string, municipalityId: string, input: PreferencesInput, linkCategory: PreferencesView['linkCategory']): Promise<PreferencesView | null> {
    // One single-document update of the whole preferences object (no read-modify-write of parts of it).
    if (!(await this.recipients.setPreferences(recipientId, municipalityId, toPreferences(input), this.clock()))) return null;
    const recipient = await this.recipients.get(recipientId);
    return recipient ? preferencesView(recipient, linkCategory) : null;
  }
}
