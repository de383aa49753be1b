import type { MessageStore } from './ports';

export interface DeliveryReport {
  providerMessageId: string;
  status: 'delivered' | 'failed';
  at: Date;
}

/** The SMS provider's delivery report: sent → delivered | failed. Unknown ids are ignored (answered 2xx all the same). */
export class RecordDeliveryReport {
  constructor(private readonly messages: MessageStore) {}

  async execute(report: DeliveryReport): Promise<'recorded' | 'unknown'> {
    const message = await this.messages.findByProviderId('sms', report.providerMessageId);
    if (!message) return 'unknown';
    await this.messages.transition(message.id, report.status, report.at, `delivery report: ${report.status}`, {}, ['sent', 'uncertain']);
    return 'recorded';
  }
}
