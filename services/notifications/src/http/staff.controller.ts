import { Body, Controller, Get, Headers, HttpCode, HttpException, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { notifications, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { devStaffAccess, parseInput, type StaffGuardMode } from '@trygg/service-kit';
import { NotificationCatalogue } from '../domain/catalogue';
import { SendBroadcast } from '../application/send-broadcast';
import { BROADCAST_STORE, type BroadcastStore, MESSAGE_STORE, type MessageStore, RECIPIENT_STORE, type RecipientStore } from '../application/ports';
import { STAFF_GUARD } from './tokens';

/** Job counts per channel queue (waiting, delayed, active, completed, failed…). */
export const QUEUE_COUNTS = Symbol('QUEUE_COUNTS');
export type QueueCounts = () => Promise<Record<string, Record<string, number>>>;

/** Staff API (coordinator): the delivery log and area broadcasts, scoped to the caller's municipality. */
@Controller()
export class StaffController {
  constructor(
    @Inject(MESSAGE_STORE) private readonly messages: MessageStore,
    @Inject(BROADCAST_STORE) private readonly broadcasts: BroadcastStore,
    @Inject(RECIPIENT_STORE) private readonly recipients: RecipientStore,
    @Inject(QUEUE_COUNTS) private readonly queueCounts: QueueCounts,
    private readonly sendBroadcast: SendBroadcast,
    private readonly catalogue: NotificationCatalogue,
    @Inject(STAFF_GUARD) private readonly guard: StaffGuardMode,
  ) {}

  private municipality(header: string | undefined): string {
    return devStaffAccess(this.guard, header, (id) => this.catalogue.has(id)).municipalityId;
  }

  /** GET /messages?status=&channel=&recipientId=&broadcastId=&template=&before=&limit= — newest first, each with its status history. */
  @Get('messages')
  async search(@Headers('x-dev-staff-municipality') header: string | undefined, @Query() query: unknown) {
    const municipalityId = this.municipality(header);
    const q = parseInput(notifications.searchMessages.query, query);
    const found = await this.messages.search({ ...q, before: q.before ? new Date(q.before) : undefined, municipalityId });
    return {
      messages: found.map((m) => ({
        id: m.id,
        recipientId: m.recipientId,
        channel: m.channel,
        template: m.template,
        category: m.category,
        eventType: m.eventType,
        broadcastId: m.broadcastId,
        status: m.status,
        lastError: m.lastError,
        segments: m.segments,
        history: m.history,
        createdAt: m.createdAt,
      })),
    };
  }

  /** GET /queues — job counts per channel: failed jobs are kept and visible here (and in Redis for redriving). */
  @Get('queues')
  async queues(@Headers('x-dev-staff-municipality') header: string | undefined): Promise<ResponseOf<typeof notifications.queueCounts, 200>> {
    this.municipality(header);
    return await this.queueCounts();
  }

  /** GET /recipients/unreachable — who cannot be reached by email (hard bounce), and whether an SMS was sent instead. */
  @Get('recipients/unreachable')
  async unreachable(@Headers('x-dev-staff-municipality') header: string | undefined) {
    const municipalityId = this.municipality(header);
    const found = await this.recipients.unreachable(municipalityId, 500);
    return { recipients: found.map((r) => ({ recipientId: r.id, name: r.name, emailBouncedAt: r.emailBouncedAt, hasMobile: r.mobile !== null, bounceSmsSentAt: r.bounceSmsSentAt })) };
  }

  /** POST /broadcasts — an area message to the recipients of the named groups and areas. */
  @Post('broadcasts')
  @HttpCode(202)
  async broadcast(@Headers('x-dev-staff-municipality') header: string | undefined, @Body() body: unknown): Promise<ResponseOf<typeof notifications.sendBroadcast, 202>> {
    const municipalityId = this.municipality(header);
    const command = parseInput(notifications.sendBroadcast.body, body);
    const b = await this.sendBroadcast.execute(municipalityId, command, 'staff', currentCorrelationId() ?? 'none');
    return { broadcastId: b.id, recipients: b.recipients, messages: b.messages };
  }

  /** GET /broadcasts/:id — the broadcast with totals per channel and status. */
  @Get('broadcasts/:id')
  async totals(@Headers('x-dev-staff-municipality') header: string | undefined, @Param('id') id: string) {
    const municipalityId = this.municipality(header);
    const b = z.uuid().safeParse(id).success ? await this.broadcasts.get(municipalityId, id) : null;
    if (!b) throw new HttpException({ statusCode: 404, error: 'not_found' }, HttpStatus.NOT_FOUND);
    return { id: b.id, subject: b.subject, category: b.category, channels: b.channels, recipients: b.recipients, messages: b.messages, createdAt: b.createdAt, totals: await this.messages.broadcastTotals(municipalityId, id) };
  }
}
