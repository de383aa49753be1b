import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { notifications, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, principalActor, ValidationFailed } from '@trygg/service-kit';
import { redactPerson, seesProtectedIdentity } from '@trygg/values';
import { PreviewTemplate } from '../application/preview-template';
import { NoRecipients, SendBroadcast } from '../application/send-broadcast';
import { BUILT_IN_TEMPLATES } from '../domain/catalogue';
import { fanOutAudience } from '../domain/broadcast';
import { ACKNOWLEDGEMENT_STORE, type AcknowledgementStore, BROADCAST_STORE, type BroadcastStore, MESSAGE_STORE, type MessageStore, RECIPIENT_STORE, type RecipientStore } from '../application/ports';
import { type ListViewer, SearchMessageLog, ViewUnreachableRecipients } from '../application/view-staff-lists';

/** Job counts per channel queue (waiting, delayed, active, completed, failed…). */
export const QUEUE_COUNTS = Symbol('QUEUE_COUNTS');
export type QueueCounts = () => Promise<Record<string, Record<string, number>>>;

const notFound = () => new HttpException({ statusCode: 404, error: 'not_found' }, HttpStatus.NOT_FOUND);

/**
 * Staff API of one municipality, under `/staff/:m/`: the delivery log, stale contacts and area broadcasts for a
 * signed-in coordinator of `m` (libs/auth's AccessGuard answers 403 for another municipality, from the route
 * contracts). Every query is scoped by that municipality, so a broadcast or message of another one is a 404, never data.
 */
@Controller('staff/:m')
export class StaffController {
  constructor(
    @Inject(MESSAGE_STORE) private readonly messages: MessageStore,
    @Inject(RECIPIENT_STORE) private readonly recipients: RecipientStore,
    @Inject(BROADCAST_STORE) private readonly broadcasts: BroadcastStore,
    @Inject(ACKNOWLEDGEMENT_STORE) private readonly acknowledgements: AcknowledgementStore,
    private readonly sendBroadcast: SendBroadcast,
    private readonly searchLog: SearchMessageLog,
    private readonly viewUnreachable: ViewUnreachableRecipients,
    private readonly preview: PreviewTemplate,
  ) {}

  /** GET /staff/:m/messages?status=&channel=&recipientId=&broadcastId=&template=&before=&limit= — newest first, each with its status history; audited. */
  @Get('messages')
  async search(@CurrentPrincipal() staff: Principal, @Param('m') m: string, @Query() query: unknown): Promise<ResponseOf<typeof notifications.searchMessages, 200>> {
    const municipalityId = scope(staff, m);
    const q = parseInput(notifications.searchMessages.query, query);
    const found = await this.searchLog.execute({ ...q, before: q.before ? new Date(q.before) : undefined, municipalityId }, viewer(staff, municipalityId));
    // A provider's error text may quote a protected person's address: without the permission it is left out.
    const hidden = seesProtectedIdentity(staff) ? new Set<string>() : await this.protectedAmong(municipalityId, found.map((msg) => msg.recipientId));
    return {
      messages: found.map((msg) => redactPerson({
        id: msg.id,
        recipientId: msg.recipientId,
        channel: msg.channel,
        template: msg.template,
        category: msg.category,
        eventType: msg.eventType,
        broadcastId: msg.broadcastId,
        status: msg.status,
        lastError: msg.lastError,
        segments: msg.segments,
        history: msg.history.map((h) => ({ ...h, at: h.at.toISOString(), detail: hidden.has(msg.recipientId) ? null : h.detail })),
        createdAt: msg.createdAt.toISOString(),
      }, hidden.has(msg.recipientId), false, { clear: ['lastError'] })),
    };
  }

  /** Which of these recipients have protected identity (one read per recipient, coalesced by the store). */
  private async protectedAmong(municipalityId: string, recipientIds: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(recipientIds)];
    const recipients = await Promise.all(unique.map((id) => this.recipients.get(municipalityId, id)));
    return new Set(recipients.filter((r) => r?.protectedIdentity === true).map((r) => r!.id));
  }

  /**
   * GET /staff/:m/recipients/unreachable — who cannot be reached by email (hard bounce), and whether an SMS was sent
   * instead; audited. A person with protected identity is "Skyddad person" unless the coordinator's token grants the
   * `protected-identity` permission.
   */
  @Get('recipients/unreachable')
  async unreachable(@CurrentPrincipal() staff: Principal, @Param('m') m: string): Promise<ResponseOf<typeof notifications.unreachableRecipients, 200>> {
    const municipalityId = scope(staff, m);
    const found = await this.viewUnreachable.execute(municipalityId, viewer(staff, municipalityId));
    const sees = seesProtectedIdentity(staff);
    return {
      recipients: found.map((r) =>
        redactPerson(
          {
            recipientId: r.id,
            name: r.name,
            protectedIdentity: r.protectedIdentity === true,
            emailBouncedAt: r.emailBouncedAt?.toISOString() ?? null,
            hasMobile: r.mobile !== null,
            bounceSmsSentAt: r.bounceSmsSentAt?.toISOString() ?? null,
          },
          r.protectedIdentity === true,
          sees,
          { name: ['name'] },
        ),
      ),
    };
  }

  /**
   * POST /staff/:m/broadcasts — an area message to the recipients of the named groups and areas, sent by the signed-in
   * coordinator or police officer (audited). Answers once the broadcast is stored; the messages are written and queued
   * in the background (`GET /staff/:m/broadcasts/:id` shows the progress). None to reach: 400 naming `filter`.
   */
  @Post('broadcasts')
  @HttpCode(202)
  async broadcast(@CurrentPrincipal() staff: Principal, @Param('m') m: string, @Body() body: unknown): Promise<ResponseOf<typeof notifications.sendBroadcast, 202>> {
    const municipalityId = scope(staff, m);
    const command = parseInput(notifications.sendBroadcast.body, body);
    const correlationId = currentCorrelationId() ?? 'none';
    const b = await this.sendBroadcast
      .accept(municipalityId, command, staff.subject, { actor: principalActor(staff, senderRole(staff), municipalityId), correlationId })
      .catch(noRecipientsIsBadInput);
    this.sendBroadcast.startFanOut(b, correlationId);
    return { broadcastId: b.id, recipients: b.recipients, messages: b.messages };
  }

  /** POST /staff/:m/broadcasts/preview — the message as each channel shows it, sv and en, with the SMS segments; nothing is stored. */
  @Post('broadcasts/preview')
  @HttpCode(200)
  async previewBroadcast(@CurrentPrincipal() staff: Principal, @Param('m') m: string, @Body() body: unknown): Promise<ResponseOf<typeof notifications.previewBroadcast, 200>> {
    const municipalityId = scope(staff, m);
    const command = parseInput(notifications.previewBroadcast.body, body);
    const recipients = await this.recipients.count({ municipalityId, ...command.filter, audience: fanOutAudience(command.audience, command.delivery) });
    const texts = { subject: command.subject, body: command.body };
    return {
      recipients,
      channels: command.channels,
      previews: (['sv', 'en'] as const).map((lang) => {
        const p = this.preview.execute(municipalityId, BUILT_IN_TEMPLATES.areaMessage, lang, texts);
        return {
          language: lang,
          email: p.email ? { subject: p.email.subject, text: p.email.text, html: p.email.html } : null,
          sms: p.sms ? { text: p.sms.text, encoding: p.sms.encoding, units: p.sms.units, segments: p.sms.segments } : null,
        };
      }),
    };
  }

  /** GET /staff/:m/broadcasts/:id — the broadcast with totals per channel and status (404 unless it is of `m`). */
  @Get('broadcasts/:id')
  async totals(@CurrentPrincipal() staff: Principal, @Param('m') m: string, @Param('id') id: string): Promise<ResponseOf<typeof notifications.broadcastTotals, 200>> {
    const municipalityId = scope(staff, m);
    const b = z.uuid().safeParse(id).success ? await this.broadcasts.get(municipalityId, id) : null;
    if (!b) throw notFound();
    return {
      id: b.id,
      subject: b.subject,
      category: b.category,
      channels: b.channels,
      recipients: b.recipients,
      messages: b.messages,
      createdAt: b.createdAt.toISOString(),
      status: b.status ?? 'fanned-out',
      totals: await this.messages.broadcastTotals(municipalityId, id),
      audience: b.audience ?? 'members',
      delivery: b.delivery ?? 'direct',
      acknowledgements: await this.acknowledgements.counts(municipalityId, id),
    };
  }
}

/** Platform operation (admin): no resident data. */
@Controller('queues')
export class QueuesController {
  constructor(@Inject(QUEUE_COUNTS) private readonly queueCounts: QueueCounts) {}

  /** GET /queues — job counts per channel: failed jobs are kept and visible here (and in Redis for redriving). */
  @Get()
  async queues(): Promise<ResponseOf<typeof notifications.queueCounts, 200>> {
    return await this.queueCounts();
  }
}

/** The role the audit trail gives the sender of an area message. */
function senderRole(staff: Principal): 'coordinator' | 'police-officer' {
  return staff.roles.includes('coordinator') ? 'coordinator' : 'police-officer';
}

/** A broadcast that would reach nobody is bad input on `filter`, shown next to the groups and areas chosen. */
function noRecipientsIsBadInput(error: unknown): never {
  if (error instanceof NoRecipients) throw new ValidationFailed([{ field: 'filter', message: error.message }]);
  throw error;
}

/** The coordinator as the audit trail names them when they look at a list of `municipalityId`. */
function viewer(staff: Principal, municipalityId: string): ListViewer {
  return { actor: principalActor(staff, 'coordinator', municipalityId), correlationId: currentCorrelationId() ?? 'http' };
}

/**
 * The municipality the request acts in: `m`, which the guard has checked is the principal's. Checked again here so
 * that no query of this controller can run for a municipality not in the token.
 */
function scope(staff: Principal, m: string): string {
  if (!staff.municipalityIds.includes(m)) throw new HttpException({ statusCode: 403, error: 'forbidden', message: 'not your municipality' }, HttpStatus.FORBIDDEN);
  return m;
}
