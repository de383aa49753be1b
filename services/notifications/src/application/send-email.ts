import type { Logger } from 'pino';
import { renderRegistrationReceived } from '../domain/templates';
import type { Mailer, MessageStore, RecipientStore } from './ports';
import { PermanentDeliveryError } from './ports';
import { REGISTRATION_RECEIVED_TEMPLATE } from './notify-registration-submitted';

export interface MunicipalityNames {
  nameOf(municipalityId: string): string;
}

export type SendOutcome = 'sent' | 'already-done' | 'uncertain' | 'failed';

/**
 * The email worker's use case. Loads the message and the recipient by id, claims the message, renders, sends,
 * records. Throws on a transient failure so the queue retries with backoff.
 */
export class SendEmail {
  constructor(
    private readonly messages: MessageStore,
    private readonly recipients: RecipientStore,
    private readonly mailer: Mailer,
    private readonly municipalities: MunicipalityNames,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(messageId: string): Promise<SendOutcome> {
    const message = await this.messages.get(messageId);
    if (!message) throw new Error(`message ${messageId} not found`);
    if (message.status === 'sent' || message.status === 'failed' || message.status === 'uncertain') return 'already-done';
    if (message.status === 'sending') {
      // A previous attempt died between sending and recording: it may have gone out. At most once: do not resend.
      await this.messages.markUncertain(messageId, this.clock());
      this.logger.warn({ messageId }, 'message left in sending by a dead attempt; marked uncertain, not resent');
      return 'uncertain';
    }
    const recipient = await this.recipients.get(message.recipientId);
    if (!recipient?.email) {
      await this.messages.markFailed(messageId, 'recipient has no email address', this.clock());
      return 'failed';
    }
    const rendered = this.render(message.template, message.language, recipient.name, message.municipalityId);
    if (!(await this.messages.claimForSending(messageId, this.clock()))) return 'already-done';
    try {
      const { providerMessageId } = await this.mailer.send({ to: recipient.email, ...rendered, messageId });
      await this.messages.markSent(messageId, providerMessageId, this.clock());
      return 'sent';
    } catch (error) {
      const reason = (error as Error).message;
      if (error instanceof PermanentDeliveryError) {
        await this.messages.markFailed(messageId, reason, this.clock());
        return 'failed';
      }
      await this.messages.release(messageId, reason, this.clock());
      throw error;
    }
  }

  private render(template: string, language: 'sv' | 'en', name: string, municipalityId: string) {
    if (template === REGISTRATION_RECEIVED_TEMPLATE) {
      return renderRegistrationReceived(language, { name, municipalityName: this.municipalities.nameOf(municipalityId) });
    }
    throw new Error(`unknown template ${template}`);
  }
}
