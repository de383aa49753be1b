import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ENROLMENT_API, type EnrolmentApi } from '../application/enrolment-api';
import { NOTIFICATIONS_API, type NotificationsApi, OPTIONAL_CATEGORIES, type OptionalCategory, type PreferencesView } from '../application/notifications-api';
import { PREFERENCE_FIELDS, preferencesFromForm, withoutCategory } from '../domain/preferences-form';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { Pages, translate } from './pages';
import { isToken, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { loadSelfService } from './self-service.controller';
import { WebExceptionFilter } from './web-exception.filter';

function optionalCategory(category: PreferencesView['linkCategory']): OptionalCategory | undefined {
  return (OPTIONAL_CATEGORIES as readonly string[]).includes(category ?? '') ? (category as OptionalCategory) : undefined;
}

/** Shown for a token notifications does not know, that expired, or that belongs to another municipality. */
function linkGone(pages: Pages, req: Request, res: Response, municipality: BrandedMunicipality): void {
  const t = translate(res);
  pages.message(req, res, { title: t('prefs.invalid.title'), paragraphs: [t('prefs.invalid.p1')] }, { municipality, status: 404 });
}

function render(pages: Pages, req: Request, res: Response, municipality: BrandedMunicipality, view: PreferencesView, base: string, unsubscribeCategory?: OptionalCategory): void {
  res.setHeader('referrer-policy', 'no-referrer');
  pages.render(req, res, 'preferences.njk', { view, base, fields: PREFERENCE_FIELDS, unsubscribeCategory }, { municipality });
}

function saved(pages: Pages, req: Request, res: Response, municipality: BrandedMunicipality, back: { href: string; text: string }): void {
  const t = translate(res);
  pages.message(req, res, { title: t('prefs.saved.title'), panel: true, paragraphs: [t('prefs.saved.p1'), t('prefs.always')], link: back }, { municipality });
}

/**
 * "Dina utskick" from the unsubscribe link in every non-transactional message (`/<m>/utskick/<token>`): no
 * sign-in, the token is the key. GET shows a one-button "Avsluta <category>" and the form; every change is a POST
 * with CSRF. A token of another municipality is shown as unknown.
 */
@Controller(':m/utskick/:token')
@UseFilters(WebExceptionFilter)
export class PreferencesController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(NOTIFICATIONS_API) private readonly notifications: NotificationsApi,
  ) {}

  private async load(id: string, token: string, req: Request, res: Response): Promise<{ municipality: BrandedMunicipality; view: PreferencesView } | null> {
    const municipality = municipalityOr404(this.municipalities, id);
    const answer = isToken(token) ? await this.notifications.preferencesByLink(token) : { kind: 'not_found' as const };
    if (answer.kind !== 'ok' || answer.view.municipalityId !== municipality.id) {
      linkGone(this.pages, req, res, municipality);
      return null;
    }
    return { municipality, view: answer.view };
  }

  @Get()
  async show(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (!loaded) return;
    render(this.pages, req, res, loaded.municipality, loaded.view, `/${loaded.municipality.id}/utskick/${token}`, optionalCategory(loaded.view.linkCategory));
  }

  @Post()
  async save(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (!loaded) return;
    const answer = await this.notifications.savePreferencesByLink(token, preferencesFromForm(body, loaded.view));
    if (answer.kind !== 'ok') return linkGone(this.pages, req, res, loaded.municipality);
    saved(this.pages, req, res, loaded.municipality, { href: `/${loaded.municipality.id}/utskick/${token}`, text: translate(res)('prefs.backToPage') });
  }

  @Post('avsluta')
  async unsubscribe(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (!loaded) return;
    const category = optionalCategory(loaded.view.linkCategory);
    if (!category) return linkGone(this.pages, req, res, loaded.municipality);
    const answer = await this.notifications.savePreferencesByLink(token, withoutCategory(loaded.view.preferences, category));
    if (answer.kind !== 'ok') return linkGone(this.pages, req, res, loaded.municipality);
    const t = translate(res);
    const name = t(`prefs.categoryName.${category}`);
    this.pages.message(
      req,
      res,
      { title: t('prefs.unsubscribed.title', { category: name }), panel: true, paragraphs: [t('prefs.unsubscribed.p1', { category: name }), t('prefs.always')], link: { href: `/${loaded.municipality.id}/utskick/${token}`, text: t('prefs.backToPage') } },
      { municipality: loaded.municipality },
    );
  }
}

/**
 * "Dina utskick" from "Mina uppgifter" (`/<m>/mina-uppgifter/<token>/utskick`): the self-service link proves who
 * the person is; enrolment's view gives their id, which notifications knows them by.
 */
@Controller(':m/mina-uppgifter/:token/utskick')
@UseFilters(WebExceptionFilter)
export class SelfServicePreferencesController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) private readonly enrolment: EnrolmentApi,
    @Inject(NOTIFICATIONS_API) private readonly notifications: NotificationsApi,
  ) {}

  private async load(id: string, token: string, req: Request, res: Response): Promise<{ municipality: BrandedMunicipality; view: PreferencesView; personId: string; base: string } | null> {
    const self = await loadSelfService({ pages: this.pages, municipalities: this.municipalities, enrolment: this.enrolment }, id, token, req, res);
    if (!self.ok) return null;
    const answer = await this.notifications.preferencesOfPerson(self.municipality.id, self.view.personId);
    if (answer.kind !== 'ok') {
      // Enrolment knows the person but notifications has not heard of them yet (events are on their way).
      linkGone(this.pages, req, res, self.municipality);
      return null;
    }
    return { municipality: self.municipality, view: answer.view, personId: self.view.personId, base: self.base };
  }

  @Get()
  async show(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (!loaded) return;
    render(this.pages, req, res, loaded.municipality, loaded.view, `${loaded.base}/utskick`);
  }

  @Post()
  async save(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (!loaded) return;
    const answer = await this.notifications.savePreferencesOfPerson(loaded.municipality.id, loaded.personId, preferencesFromForm(body, loaded.view));
    if (answer.kind !== 'ok') return linkGone(this.pages, req, res, loaded.municipality);
    saved(this.pages, req, res, loaded.municipality, { href: loaded.base, text: translate(res)('prefs.backToSelf') });
  }
}
