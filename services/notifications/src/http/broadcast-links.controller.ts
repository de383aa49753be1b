import { Body, Controller, HttpCode, HttpException, HttpStatus, Param, Post } from '@nestjs/common';
import { notifications, type ResponseOf } from '@trygg/http-contracts';
import { parseInput } from '@trygg/service-kit';
import { AcknowledgeBroadcast, ReachNotVisible, ViewBroadcastReach } from '../application/broadcast-reach';

const notFound = (message: string) => new HttpException({ statusCode: 404, error: 'not_found', message }, HttpStatus.NOT_FOUND);

/**
 * Area messages seen from the web, internal (libs/auth's AccessGuard checks `x-internal-caller: web` and its secret
 * INTERNAL_SECRET_WEB_PREFERENCES): a contact person's relay page asks which of their group's households a message
 * reached; the "Jag har läst" page records an acknowledgement by the link's token.
 */
@Controller('internal')
export class BroadcastLinksController {
  constructor(
    private readonly reach: ViewBroadcastReach,
    private readonly acknowledge: AcknowledgeBroadcast,
  ) {}

  /** POST /internal/broadcasts/:id/reach — reach per person of the contact person's own group (404 otherwise). */
  @Post('broadcasts/:id/reach')
  @HttpCode(200)
  async reachOf(@Param('id') id: string, @Body() body: unknown): Promise<ResponseOf<typeof notifications.broadcastReach, 200>> {
    const q = parseInput(notifications.broadcastReachInput, body);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('unknown broadcast');
    try {
      const { broadcast, people } = await this.reach.execute({ ...q, broadcastId: id });
      return {
        broadcast: { id: broadcast.id, subject: broadcast.subject, body: broadcast.body, category: broadcast.category, createdAt: broadcast.createdAt.toISOString(), delivery: broadcast.delivery ?? 'direct' },
        people,
      };
    } catch (error) {
      if (error instanceof ReachNotVisible) throw notFound('unknown broadcast');
      throw error;
    }
  }

  /** POST /internal/acknowledgements/:token — "Jag har läst", once per recipient and message (404: unknown or expired). */
  @Post('acknowledgements/:token')
  @HttpCode(200)
  async acknowledgeByToken(@Param('token') token: string): Promise<ResponseOf<typeof notifications.acknowledgeBroadcast, 200>> {
    const outcome = await this.acknowledge.execute(token);
    if (!outcome.found) throw notFound('unknown or expired link');
    return { municipalityId: outcome.municipalityId, language: outcome.language, subject: outcome.subject, firstTime: outcome.firstTime };
  }
}
