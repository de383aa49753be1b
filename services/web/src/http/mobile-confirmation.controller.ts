import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ENROLMENT_API, type EnrolmentApi } from '../application/enrolment-api';
import { type MobileCodeAnswer, NOTIFICATIONS_API, type NotificationsApi } from '../application/notifications-api';
import { asFormBody, text } from '../domain/form-input';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { Pages, type ShownError, translate } from './pages';
import { MUNICIPALITIES, type Municipalities } from './params';
import { loadSelfService } from './self-service.controller';
import { WebExceptionFilter } from './web-exception.filter';

type Loaded = { municipality: BrandedMunicipality; personId: string; number: string | null; status: 'none' | 'unconfirmed' | 'confirmed'; base: string };

/** The message shown for each answer about a typed code that is not a confirmation (`errors.mobileCode.*`). */
const CODE_ERRORS: Record<Exclude<MobileCodeAnswer['outcome'], 'confirmed' | 'already-confirmed'>, string> = {
  wrong: 'errors.mobileCode.wrong',
  expired: 'errors.mobileCode.expired',
  'too-many-attempts': 'errors.mobileCode.tooManyAttempts',
  'no-code': 'errors.mobileCode.noCode',
};

/**
 * "Bekräfta ditt mobilnummer" (`/<m>/mina-uppgifter/<token>/mobil`): reached by the person's expiring email link
 * (so only someone who controls the inbox can ask for a code). "Skicka kod" asks notifications to text a code to
 * the number; the person types it back. No SMS goes to a number before that (services/notifications/README.md).
 * Every change is a POST with the CSRF token; no JavaScript.
 */
@Controller(':m/mina-uppgifter/:token/mobil')
@UseFilters(WebExceptionFilter)
export class MobileConfirmationController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) private readonly enrolment: EnrolmentApi,
    @Inject(NOTIFICATIONS_API) private readonly notifications: NotificationsApi,
  ) {}

  private async load(id: string, token: string, req: Request, res: Response): Promise<Loaded | null> {
    const self = await loadSelfService({ pages: this.pages, municipalities: this.municipalities, enrolment: this.enrolment }, id, token, req, res);
    if (!self.ok) return null;
    const answer = await this.notifications.preferencesOfPerson(self.municipality.id, self.view.personId);
    if (answer.kind !== 'ok') {
      // Enrolment knows the person but notifications has not heard of them yet (events are on their way): a page that
      // says "try again in a moment" — an expected state of the flow, not a server error.
      const t = translate(res);
      this.pages.message(req, res, { title: t('mobile.title'), paragraphs: [t('mobile.unavailable.p1')], link: { href: self.base, text: t('prefs.backToSelf') } }, { municipality: self.municipality });
      return null;
    }
    return { municipality: self.municipality, personId: self.view.personId, number: self.view.mobile, status: answer.view.mobile, base: self.base };
  }

  private page(req: Request, res: Response, loaded: Loaded, extra: { sent?: boolean; errors?: ShownError[]; status?: number } = {}): void {
    const t = translate(res);
    if (loaded.status === 'none') {
      this.pages.message(req, res, { title: t('mobile.none.title'), paragraphs: [t('mobile.none.p1')], link: { href: `${loaded.base}/andra`, text: t('self.change') } }, { municipality: loaded.municipality });
      return;
    }
    if (loaded.status === 'confirmed') return this.confirmed(req, res, loaded);
    this.pages.render(req, res, 'mobile-confirm.njk', { base: loaded.base, number: loaded.number, sent: extra.sent ?? false }, { municipality: loaded.municipality, status: extra.status, errors: extra.errors });
  }

  private confirmed(req: Request, res: Response, loaded: Loaded): void {
    const t = translate(res);
    this.pages.message(
      req,
      res,
      { title: t('mobile.confirmed.title'), panel: true, paragraphs: [t('mobile.confirmed.p1', { number: loaded.number ?? '' })], link: { href: loaded.base, text: t('prefs.backToSelf') } },
      { municipality: loaded.municipality },
    );
  }

  @Get()
  async show(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (loaded) this.page(req, res, loaded);
  }

  /** "Skicka kod". */
  @Post('kod')
  async send(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (!loaded) return;
    if (loaded.status !== 'unconfirmed') return this.page(req, res, loaded);
    const t = translate(res);
    const answer = await this.notifications.requestMobileCode(loaded.municipality.id, loaded.personId);
    if (!answer) return this.page(req, res, { ...loaded, status: 'none' });
    if (answer.sent) return this.page(req, res, loaded, { sent: true });
    if (answer.reason === 'already-confirmed') return this.confirmed(req, res, loaded);
    if (answer.reason === 'no-mobile') return this.page(req, res, { ...loaded, status: 'none' });
    this.page(req, res, loaded, { status: 429, errors: [{ field: 'code', text: t('errors.mobileCode.tooManyCodes') }] });
  }

  /** The typed code. */
  @Post()
  async confirm(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (!loaded) return;
    if (loaded.status !== 'unconfirmed') return this.page(req, res, loaded);
    const t = translate(res);
    const code = text(asFormBody(body), 'code').slice(0, 20);
    if (!code) return this.page(req, res, loaded, { sent: true, status: 400, errors: [{ field: 'code', text: t('errors.mobileCode.required') }] });
    const answer = await this.notifications.confirmMobileCode(loaded.municipality.id, loaded.personId, code);
    if (!answer) return this.page(req, res, { ...loaded, status: 'none' });
    if (answer.outcome === 'confirmed' || answer.outcome === 'already-confirmed') return this.confirmed(req, res, loaded);
    const message = t(CODE_ERRORS[answer.outcome], { left: String(answer.attemptsLeft) });
    this.page(req, res, loaded, { sent: answer.outcome === 'wrong', status: 400, errors: [{ field: 'code', text: message }] });
  }
}
