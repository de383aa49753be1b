import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NOTIFICATIONS_API, type NotificationsApi } from '../application/notifications-api';
import { WalkerMobileCapabilities } from '../domain/walker-mobile-capability';
import { MobileCodeSteps, type MobilePage } from './mobile-code-steps';
import { Pages, translate } from './pages';
import { MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { WebExceptionFilter } from './web-exception.filter';

/**
 * A walker's "Bekräfta ditt mobilnummer" (`/<m>/trygghetsvandring/mobil/<capability>`): offered on the page that
 * answers the walker's confirmation of their sign-up, when they gave a mobile and chose SMS. Walkers have no
 * self-service link, so the authority is the signed capability issued there (WalkerMobileCapabilities: this person,
 * this municipality, 24 hours). The steps are MobileCodeSteps, the residents' page's own. Notifications learns the
 * walker's contact details by event right after the confirmation, so it may not know them yet: the page then asks
 * kindly to try again in a moment.
 */
@Controller(':m/trygghetsvandring/mobil/:capability')
@UseFilters(WebExceptionFilter)
export class WalkerMobileController {
  private readonly steps: MobileCodeSteps;

  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(NOTIFICATIONS_API) private readonly notifications: NotificationsApi,
    private readonly capabilities: WalkerMobileCapabilities,
  ) {
    this.steps = new MobileCodeSteps(pages, notifications);
  }

  private async load(id: string, capability: string, req: Request, res: Response): Promise<MobilePage | null> {
    const municipality = municipalityOr404(this.municipalities, id);
    const t = translate(res);
    const checked = this.capabilities.check(municipality.id, capability);
    if (!checked.ok) {
      const expired = checked.reason === 'expired';
      this.pages.message(
        req,
        res,
        { title: t(expired ? 'walker.mobile.expired.title' : 'link.invalid.title'), paragraphs: [t(expired ? 'walker.mobile.expired.p1' : 'walker.mobile.invalid.p1')] },
        { municipality, status: expired ? 410 : 404 },
      );
      return null;
    }
    const path = `/${municipality.id}/trygghetsvandring/mobil/${capability}`;
    const notYet = { title: t('mobile.title'), paragraphs: [t('walker.mobile.notYet.p1')], link: { href: path, text: t('walker.mobile.notYet.retry') } };
    const page: MobilePage = {
      municipality,
      personId: checked.personId,
      number: null,
      status: 'unconfirmed',
      path,
      back: null,
      noNumber: { title: t('mobile.none.title'), paragraphs: [t('walker.mobile.none.p1')] },
      unknown: notYet,
    };
    const answer = await this.notifications.preferencesOfPerson(municipality.id, checked.personId);
    if (answer.kind !== 'ok') {
      this.steps.unknown(req, res, page);
      return null;
    }
    return { ...page, status: answer.view.mobile };
  }

  @Get()
  async show(@Param('m') id: string, @Param('capability') capability: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.load(id, capability, req, res);
    if (page) this.steps.show(req, res, page);
  }

  /** "Skicka kod". */
  @Post('kod')
  async send(@Param('m') id: string, @Param('capability') capability: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.load(id, capability, req, res);
    if (page) await this.steps.send(req, res, page);
  }

  /** The typed code. */
  @Post()
  async confirm(@Param('m') id: string, @Param('capability') capability: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.load(id, capability, req, res);
    if (page) await this.steps.confirm(req, res, page, body);
  }
}
