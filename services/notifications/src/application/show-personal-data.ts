import type { NotificationsPersonalData } from '@trygg/http-contracts';
import type { MessageStore, RecipientStore } from './ports';

/**
 * "Mina uppgifter" (GDPR Art. 15): what notifications holds about one person of one municipality — the recipient
 * (contact details, groups and areas, preferences) and the delivery log of the messages sent to them: template,
 * channel, category, status and its history with times. Payloads are not shown (they may name other people, e.g. the
 * contact person in a group's news). Unknown person: no recipient, no messages.
 */
export class ShowPersonalData {
  constructor(
    private readonly recipients: Pick<RecipientStore, 'get'>,
    private readonly messages: Pick<MessageStore, 'ofRecipient'>,
  ) {}

  async execute(municipalityId: string, personId: string): Promise<NotificationsPersonalData> {
    const recipient = await this.recipients.get(municipalityId, personId);
    const messages = (await this.messages.ofRecipient(municipalityId, personId)).map((m) => ({
      id: m.id,
      channel: m.channel,
      template: m.template,
      category: m.category,
      language: m.language,
      status: m.status,
      createdAt: m.createdAt.toISOString(),
      updatedAt: m.updatedAt.toISOString(),
      history: m.history.map((h) => ({ status: h.status, at: h.at.toISOString(), detail: h.detail })),
    }));
    return {
      recipient: recipient && {
        name: recipient.name,
        email: recipient.email,
        emailWorking: recipient.email !== null && recipient.emailBouncedAt === null,
        mobile: recipient.mobile,
        smsOptIn: recipient.smsOptIn,
        emailUpdates: recipient.emailUpdates,
        language: recipient.language,
        groupIds: [...recipient.groupIds],
        areaIds: [...recipient.areaIds],
        contactPersonGroupIds: [...(recipient.contactPersonGroupIds ?? [])],
        preferences: {
          channels: { ...recipient.preferences.channels },
          categories: { ...recipient.preferences.categories },
          updatedAt: recipient.preferencesUpdatedAt ? recipient.preferencesUpdatedAt.toISOString() : null,
        },
      },
      messages,
    };
  }
}
