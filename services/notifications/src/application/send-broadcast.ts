import { randomUUID } from 'node:crypto';
import type { notifications, ParsedBodyOf } from '@trygg/http-contracts';
import type { Logger } from '@trygg/observability';
import type { AuditActor } from '@trygg/audit';
import { type Clock, systemClock } from '@trygg/values';
import type { NotificationCatalogue } from '../domain/catalogue';
import { BUILT_IN_TEMPLATES } from '../domain/catalogue';
import type { Channel, OutgoingMessage } from '../domain/message';
import { deliverableAt } from '../domain/quiet-hours';
import { newMessage } from './new-message';
import type { Broadcast, BroadcastStore, MessageQueue, MessageStore, RecipientStore, StaffViewAudit } from './ports';

/** A staff broadcast as validated by `notifications.broadcastCommand` (libs/http-contracts). */
export type BroadcastCommand = ParsedBodyOf<typeof notifications.sendBroadcast>;

/** The filter names groups and areas with nobody in them: nothing would be sent (a 400 naming `filter`). */
export class NoRecipients extends Error {
  constructor() {
    super('the chosen groups and areas have no recipients');
  }
}

/** Who sends, as the audit trail names them. */
export interface BroadcastSender {
  actor: AuditActor;
  correlationId: string;
}

/**
 * An area message to every recipient matching a filter (areas, groups) of one municipality, in two parts:
 *
 * - `accept` counts the recipients (refusing none), stores the broadcast as `fanning-out`, audits who sent it, and
 *   returns at once — whatever the number of recipients;
 * - `fanOut` streams the recipients batch by batch from one database cursor — never the whole list in memory — and
 *   writes and enqueues each page in bulk, then marks the broadcast `fanned-out`. Every message's id is derived from
 *   (broadcast, recipient, channel), so running it again — `resumeUnfinished` after the process died during a
 *   fan-out — creates no second message and queues none twice: it only completes what is missing.
 */
export class SendBroadcast {
  constructor(
    private readonly catalogue: NotificationCatalogue,
    private readonly recipients: RecipientStore,
    private readonly messages: MessageStore,
    private readonly broadcasts: BroadcastStore,
    private readonly queue: MessageQueue,
    private readonly audit: StaffViewAudit,
    private readonly logger: Logger,
    private readonly pageSize = 1000,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Stores and audits the broadcast; the caller starts `fanOut` without waiting for it. `id`: given by an officer's
   * request (police.area-message-requested.v1, its messageId) so a redelivery finds the broadcast; else a new one.
   */
  async accept(municipalityId: string, command: BroadcastCommand, createdBy: string, sender: BroadcastSender, id: string = randomUUID()): Promise<Broadcast> {
    this.catalogue.municipality(municipalityId);
    const recipients = await this.recipients.count({ municipalityId, ...command.filter });
    if (recipients === 0) throw new NoRecipients();
    const channels = command.channels as Channel[];
    const broadcast: Broadcast = {
      id,
      municipalityId,
      subject: command.subject,
      body: command.body,
      category: command.category as Broadcast['category'],
      channels,
      filter: command.filter,
      createdBy,
      createdAt: this.clock(),
      recipients,
      messages: recipients * channels.length,
      status: 'fanning-out',
    };
    await this.broadcasts.create(broadcast);
    await this.audit.record({
      actor: sender.actor,
      action: 'broadcast-sent',
      subject: { kind: 'broadcast', id: broadcast.id },
      municipalityId,
      correlationId: sender.correlationId,
      details: { category: broadcast.category, channels: channels.join(','), recipients, groups: (command.filter.groupIds ?? []).join(','), areas: (command.filter.areaIds ?? []).join(',') },
    });
    return broadcast;
  }

  /** Writes and queues every recipient's messages (idempotent), then marks the broadcast done. */
  async fanOut(broadcast: Broadcast, correlationId: string): Promise<void> {
    const { municipalityId } = broadcast;
    const municipality = this.catalogue.municipality(municipalityId);
    let recipients = 0;
    let messages = 0;
    for await (const page of this.recipients.stream({ municipalityId, ...broadcast.filter }, this.pageSize)) {
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
      // Already written (a fan-out resumed after a crash): skipped by id. Queued again by id: BullMQ keeps one job,
      // and a message no longer `queued` is never claimed a second time.
      await this.messages.createMany(batch);
      for (const channel of broadcast.channels) {
        await this.queue.enqueue(channel, batch.filter((m) => m.channel === channel).map((m) => ({ messageId: m.id, notBefore: m.notBefore })));
      }
      recipients += page.length;
      messages += batch.length;
    }
    await this.broadcasts.finish(municipalityId, broadcast.id, recipients, messages);
  }

  /** Runs `fanOut` in the background; a failure is logged and left `fanning-out` for the next start to resume. */
  startFanOut(broadcast: Broadcast, correlationId: string): void {
    this.fanOut(broadcast, correlationId).catch((error: unknown) => {
      this.logger.error({ err: error, broadcastId: broadcast.id }, 'broadcast fan-out failed; resumed at the next start');
    });
  }

  /** At start: completes every fan-out a dead process left unfinished (one after the other). Returns how many. */
  async resumeUnfinished(): Promise<number> {
    const unfinished = await this.broadcasts.unfinished(100);
    for (const b of unfinished) {
      this.logger.info({ broadcastId: b.id, municipalityId: b.municipalityId }, 'resuming an unfinished broadcast fan-out');
      await this.fanOut(b, `resume-${b.id}`);
    }
    return unfinished.length;
  }
}
