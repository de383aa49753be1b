import { randomUUID } from 'node:crypto';
import type { notifications, ParsedBodyOf } from '@trygg/http-contracts';
import { type Clock, systemClock } from '@trygg/values';
import type { NotificationCatalogue } from '../domain/catalogue';
import { BUILT_IN_TEMPLATES } from '../domain/catalogue';
import type { Channel, OutgoingMessage } from '../domain/message';
import { deliverableAt } from '../domain/quiet-hours';
import { newMessage } from './new-message';
import type { Broadcast, BroadcastStore, MessageQueue, MessageStore, RecipientStore } from './ports';

/** A staff broadcast as validated by `notifications.broadcastCommand` (libs/http-contracts). */
export type BroadcastCommand = ParsedBodyOf<typeof notifications.sendBroadcast>;

/**
 * An area message to every recipient matching a filter (areas, groups) of one municipality. Streams the
 * recipients batch by batch from one database cursor — never the whole list in memory — and writes and enqueues each page in
 * bulk. Idempotent per broadcast id: a page retried after a crash creates no second message.
 */
export class SendBroadcast {
  constructor(
    private readonly catalogue: NotificationCatalogue,
    private readonly recipients: RecipientStore,
    private readonly messages: MessageStore,
    private readonly broadcasts: BroadcastStore,
    private readonly queue: MessageQueue,
    private readonly pageSize = 1000,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, command: BroadcastCommand, createdBy: string, correlationId: string): Promise<Broadcast> {
    const municipality = this.catalogue.municipality(municipalityId);
    const broadcast: Broadcast = {
      id: randomUUID(),
      municipalityId,
      subject: command.subject,
      body: command.body,
      category: command.category as Broadcast['category'],
      channels: command.channels as Channel[],
      filter: command.filter,
      createdBy,
      createdAt: this.clock(),
      recipients: 0,
      messages: 0,
    };
    await this.broadcasts.create(broadcast);
    for await (const page of this.recipients.stream({ municipalityId, ...command.filter }, this.pageSize)) {
      const now = this.clock();
      const batch: OutgoingMessage[] = [];
      for (const r of page) {
        for (const channel of broadcast.channels) {
          batch.push(
            newMessage(
              {
                eventId: broadcast.id,
                eventType: 'notifications.broadcast',
                correlationId,
                municipalityId,
                recipientId: r.id,
                channel,
                template: BUILT_IN_TEMPLATES.areaMessage,
                category: broadcast.category,
                language: r.language,
                payload: null,
                broadcastId: broadcast.id,
                link: null,
                notBefore: channel === 'sms' ? deliverableAt(now, municipality.quietHours, municipality.timezone, broadcast.category === 'urgent') : now,
              },
              now,
            ),
          );
        }
      }
      await this.messages.createMany(batch);
      for (const channel of broadcast.channels) {
        await this.queue.enqueue(channel, batch.filter((m) => m.channel === channel).map((m) => ({ messageId: m.id, notBefore: m.notBefore })));
      }
      broadcast.recipients += page.length;
      broadcast.messages += batch.length;
    }
    await this.broadcasts.setCounts(broadcast.municipalityId, broadcast.id, broadcast.recipients, broadcast.messages);
    return broadcast;
  }
}
