import type { Logger } from 'pino';
import type { NotifyOnEvent } from './notify-on-event';
import type { AwaitingStore } from './ports';

/**
 * Events that waited for a person (`domain/awaiting.ts`): released through the normal NotifyOnEvent path once the
 * person is stored, deleted with the person's erasure, given up after a bound.
 */
export class AwaitingRecipients {
  constructor(
    private readonly awaiting: AwaitingStore,
    private readonly notify: Pick<NotifyOnEvent, 'replay'>,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs the person's awaiting records (oldest first), then deletes those that ran. Called after the recipient
   * write. A failure leaves the records in place and fails the event, which is redelivered: running them again cannot
   * send twice (message ids derive from eventId + recipient + channel + template).
   */
  async release(municipalityId: string, recipientId: string): Promise<string[]> {
    const records = await this.awaiting.forRecipient(municipalityId, recipientId);
    if (records.length === 0) return [];
    const ids: string[] = [];
    const done: string[] = [];
    for (const record of records) {
      const result = await this.notify.replay(record);
      ids.push(...result.ids);
      if (result.done) done.push(record.id);
    }
    if (done.length) await this.awaiting.remove(municipalityId, done);
    this.logger.info({ recipientId, released: done.length, messages: ids.length }, 'events that waited for the person ran');
    return ids;
  }

  async erase(municipalityId: string, recipientId: string): Promise<void> {
    const count = await this.awaiting.eraseRecipient(municipalityId, recipientId);
    if (count > 0) this.logger.info({ recipientId, count }, 'erasure: events waiting for the person deleted');
  }
}
