import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ENROLMENT_API, type EnrolmentApi } from '../application/enrolment-api';
import { NOTIFICATIONS_API, type NotificationsApi } from '../application/notifications-api';
import { MobileCodeSteps, type MobilePage } from './mobile-code-steps';
import { Pages, translate } from './pages';
import { MUNICIPALITIES, type Municipalities } from './params';
import { loadSelfService } from './self-service.controller';
import { WebExceptionFilter } from './web-exception.filter';

/**
 * "Bekräfta ditt mobilnummer" (`/<m>/mina-uppgifter/<token>/mobil`): reached by the person's expiring email link
 * (so only someone who controls the inbox can ask for a code). "Skicka kod" asks notifications to text a code to
 * the number; the person types it back. No SMS goes to a number before that (services/notifications/README.md).
 * Every change is a POST with the CSRF token; no JavaScript. The steps are MobileCodeSteps, shared with the walker's
 * page (WalkerMobileController).
 */
@Controller(':m/mina-uppgifter/:token/mobil')
@UseFilters(WebExceptionFilter)
export class MobileConfirmationController {
  private readonly steps: MobileCodeSteps;

  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) private readonly enrolment: EnrolmentApi,
    @Inject(NOTIFICATIONS_API) private readonly notifications: NotificationsApi,
  ) {
    this.steps = new MobileCodeSteps(pages, notifications);
  }

  private async load(id: string, token: string, req: Request, res: Response): Promise<MobilePage | null> {
    const self = await loadSelfService({ pages: this.pages, municipalities: this.municipalities, enrolment: this.enrolment }, id, token, req, res);
    if (!self.ok) return null;
    const t = translate(res);
    const answer = await this.notifications.preferencesOfPerson(self.municipality.id, self.view.personId);
    if (answer.kind !== 'ok') {
      // Enrolment knows the person but notifications has not heard of them yet (events are on their way): a page that
      // says "try again in a moment" — an expected state of the flow, not a server error.
      this.pages.message(req, res, { title: t('mobile.title'), paragraphs: [t('mobile.unavailable.p1')], link: { href: self.base, text: t('prefs.backToSelf') } }, { municipality: self.municipality });
      return null;
    }
    return {
      municipality: self.municipality,
      personId: self.view.personId,
      number: self.view.mobile,
      status: answer.view.mobile,
      path: `${self.base}/mobil`,
      back: { href: self.base, text: t('prefs.backToSelf') },
      noNumber: { title: t('mobile.none.title'), paragraphs: [t('mobile.none.p1')], link: { href: `${self.base}/andra`, text: t('self.change') } },
      unknown: 'no-number',
    };
  }

  @Get()
  async show(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.load(id, token, req, res);
    if (page) this.steps.show(req, res, page);
  }

  /** "Skicka kod". */
  @Post('kod')
  async send(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.load(id, token, req, res);
    if (page) await this.steps.send(req, res, page);
  }

  /** The typed code. */
  @Post()
  async confirm(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.load(id, token, req, res);
    if (page) await this.steps.confirm(req, res, page, body);
  }
}
