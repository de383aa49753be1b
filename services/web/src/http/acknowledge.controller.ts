import { Controller, Get, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NOTIFICATIONS_API, type NotificationsApi } from '../application/notifications-api';
import { Pages, translate } from './pages';
import { MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { WebExceptionFilter } from './web-exception.filter';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * "Jag har läst" — the one-click link in an area message (`/:m/kvittera/:token`): records the acknowledgement in
 * notifications (once per recipient and message: a second click changes nothing) and thanks the reader. An unknown
 * or expired link says so, and nothing else.
 */
@Controller(':m/kvittera')
@UseFilters(WebExceptionFilter)
export class AcknowledgeController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(NOTIFICATIONS_API) private readonly notifications: NotificationsApi,
  ) {}

  @Get(':token')
  async acknowledge(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const t = translate(res);
    const answer = TOKEN.test(token) ? await this.notifications.acknowledge(token) : null;
    if (!answer || answer.municipalityId !== municipality.id) {
      this.pages.message(req, res, { title: t('ack.unknown.title'), paragraphs: [t('ack.unknown.text')] }, { municipality, status: 404 });
      return;
    }
    this.pages.message(
      req,
      res,
      { title: t('ack.title'), panel: true, paragraphs: [t(answer.firstTime ? 'ack.text' : 'ack.again', { subject: answer.subject })] },
      { municipality },
    );
  }
}
