import { type EventEnvelope, PoliceAreaMessageRequestedV1 } from '@trygg/contracts';
import type { Logger } from '@trygg/observability';
import { type Clock, systemClock } from '@trygg/values';
import type { NotificationCatalogue } from '../domain/catalogue';
import type { BroadcastStore, StaffViewAudit } from './ports';
import { type BroadcastCommand, NoRecipients, type SendBroadcast } from './send-broadcast';

type Requested = EventEnvelope<typeof PoliceAreaMessageRequestedV1.type, ReturnType<typeof PoliceAreaMessageRequestedV1.payload.parse>>;

/** What became of a police.area-message-requested.v1. */
export type AreaMessageOutcome = 'ignored' | 'accepted' | 'exists' | 'no-recipients' | 'unknown-municipality';

/** MongoDB's duplicate key: another delivery of the same request stored the broadcast first. */
function isDuplicate(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * An officer's area message (police-liaison's `police.area-message-requested.v1`) → `SendBroadcast`'s accept and
 * background fan-out, as a coordinator's broadcast from the staff API. The broadcast's id is the request's
 * `messageId`, so a redelivered event finds it and creates nothing (`exists`); a fan-out cut short by a dead process
 * is completed at the next start (`resumeUnfinished`). Targets with nobody in them are recorded as a broadcast of
 * zero recipients (`fanned-out`, nothing sent; audited `broadcast-no-recipients`) so the officer's page says so —
 * not thrown, so no retry loop.
 */
export class SendRequestedAreaMessage {
  constructor(
    private readonly catalogue: NotificationCatalogue,
    private readonly broadcasts: BroadcastStore,
    private readonly send: SendBroadcast,
    private readonly audit: StaffViewAudit,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(event: EventEnvelope): Promise<AreaMessageOutcome> {
    if (event.type !== PoliceAreaMessageRequestedV1.type) return 'ignored';
    const { municipalityId, correlationId } = event;
    const p = (event as Requested).payload;
    if (!this.catalogue.has(municipalityId)) {
      this.logger.warn({ eventId: event.eventId, municipalityId }, 'area message for an unknown municipality: nothing to send');
      return 'unknown-municipality';
    }
    if (await this.broadcasts.get(municipalityId, p.messageId)) return this.exists(event.eventId, p.messageId);
    const command: BroadcastCommand = { subject: p.subject, body: p.body, category: p.category, channels: p.channels, filter: p.filter };
    const sender = { actor: { subject: p.sender.officerId, name: p.sender.name, role: 'police-officer', scope: p.policeAreaId }, correlationId };
    try {
      const broadcast = await this.send.accept(municipalityId, command, p.sender.officerId, sender, p.messageId);
      this.send.startFanOut(broadcast, correlationId);
      return 'accepted';
    } catch (error) {
      if (isDuplicate(error)) return this.exists(event.eventId, p.messageId);
      if (!(error instanceof NoRecipients)) throw error;
    }
    try {
      await this.broadcasts.create({
        id: p.messageId,
        municipalityId,
        subject: p.subject,
        body: p.body,
        category: p.category,
        channels: p.channels,
        filter: p.filter,
        createdBy: p.sender.officerId,
        createdAt: this.clock(),
        recipients: 0,
        messages: 0,
        status: 'fanned-out',
      });
    } catch (error) {
      if (isDuplicate(error)) return this.exists(event.eventId, p.messageId);
      throw error;
    }
    await this.audit.record({
      actor: sender.actor,
      action: 'broadcast-no-recipients',
      subject: { kind: 'broadcast', id: p.messageId },
      municipalityId,
      correlationId,
      details: { category: p.category, channels: p.channels.join(','), groups: (p.filter.groupIds ?? []).join(','), areas: (p.filter.areaIds ?? []).join(',') },
    });
    this.logger.info({ eventId: event.eventId, broadcastId: p.messageId, municipalityId }, 'area message reaches nobody: recorded, nothing sent');
    return 'no-recipients';
  }

  private exists(eventId: string, broadcastId: string): 'exists' {
    this.logger.info({ eventId, broadcastId }, 'area message already a broadcast (a redelivery): nothing to do');
    return 'exists';
  }
}
