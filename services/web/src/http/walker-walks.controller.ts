import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WALKER_WALKS_API, type WalkerAction, type WalkerLinkProblem, type WalkerWalk, type WalkerWalksApi } from '../application/walker-walks-api';
import { asFormBody } from '../domain/form-input';
import { AGE_GROUPS, PLACE_ROWS, UNSAFE_CATEGORIES, validateWalkReportForm } from '../domain/walk-report-form';
import type { Language, Translate } from '../i18n';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { localsOf, Pages, type ShownError, shownErrors, translate } from './pages';
import { isToken, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { WebExceptionFilter } from './web-exception.filter';

/** Walk times are shown on the municipality's clock (every municipality's `timezone` is Europe/Stockholm today). */
const WALK_TIME_ZONE = 'Europe/Stockholm';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The page's path segments for the walker's actions (Swedish URLs) and the volunteers route each posts to. */
const ACTIONS: Record<string, WalkerAction> = { boka: 'booking', avboka: 'unbooking', 'checka-in': 'check-in', 'checka-ut': 'check-out' };
const DONE: Record<WalkerAction, string> = { booking: 'booked', unbooking: 'unbooked', 'check-in': 'checked-in', 'check-out': 'checked-out' };
const DONE_STATES = new Set(['booked', 'unbooked', 'checked-in', 'checked-out', 'reported']);
/** The refusal codes the page has its own words for; anything else is "that did not work". */
const KNOWN_REFUSALS = new Set([
  'walk_full', 'walk_cancelled', 'walk_started', 'walk_not_open', 'already_booked', 'not_booked', 'check_in_not_open', 'already_checked_in', 'not_checked_in',
  'walker_not_active', 'wrong_organisation', 'too_young', 'guardian_consent_missing', 'places_kept_for_adults', 'place_kept_for_trained_walker',
  'walk_not_started', 'already_reported', 'report_closed', 'not_found',
]);

/** "fredag 5 mars, 21:00–01:00" on the municipality's clock, in the page's language. */
export function walkWhen(walk: Pick<WalkerWalk, 'startsAt' | 'endsAt'>, lang: Language): string {
  const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
  const day = new Intl.DateTimeFormat(locale, { timeZone: WALK_TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(walk.startsAt));
  const time = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone: WALK_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return `${day}, ${time(walk.startsAt)}–${time(walk.endsAt)}`;
}

function refusalText(t: Translate, code: string): string {
  return t(`walks.refused.${KNOWN_REFUSALS.has(code) ? code : 'other'}`);
}

/**
 * The walker's walk page, `/<m>/trygghetsvandring/pass/<token>` (the link volunteers issues to an active walker, in
 * their messages): upcoming walks of their organisation with time (Europe/Stockholm), meeting point, places left and
 * whether the walk is staffed; book / unbook; check in / out on the night; and the after-walk report form for a walk
 * they walked. Every action is a POST form (CSRF by the shared middleware) answered by a redirect to the page with
 * what was done, or the page again with the refusal in the error summary and at the walk (409). No JavaScript.
 */
@Controller(':m/trygghetsvandring/pass/:token')
@UseFilters(WebExceptionFilter)
export class WalkerWalksController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(WALKER_WALKS_API) private readonly api: WalkerWalksApi,
  ) {}

  @Get()
  async page(@Param('m') id: string, @Param('token') token: string, @Query('klart') done: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const success = typeof done === 'string' && DONE_STATES.has(done) ? translate(res)(`walks.done.${done}`) : null;
    await this.list(req, res, municipality, token, { success });
  }

  @Post(':walkId/rapport')
  async report(@Param('m') id: string, @Param('token') token: string, @Param('walkId') walkId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const walk = await this.walkOf(req, res, municipality, token, walkId);
    if (!walk) return;
    const t = translate(res);
    const form = validateWalkReportForm(body);
    if (!form.ok) return this.reportForm(req, res, municipality, token, walk, form.values, shownErrors(t, form.errors), 400);
    const result = await this.api.report(token, walkId, form.value);
    if (result.kind === 'token_invalid' || result.kind === 'token_expired') return this.linkProblem(req, res, municipality, result);
    if (result.kind === 'refused') return this.list(req, res, municipality, token, { refusal: { walkId, code: result.code } });
    if (result.kind === 'invalid') return this.reportForm(req, res, municipality, token, walk, asFormBody(body), [{ field: 'children', text: t('walks.refused.other') }], 400);
    res.redirect(303, `${this.base(municipality, token)}?klart=reported`);
  }

  @Get(':walkId/rapport')
  async reportPage(@Param('m') id: string, @Param('token') token: string, @Param('walkId') walkId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const walk = await this.walkOf(req, res, municipality, token, walkId);
    if (!walk) return;
    if (!walk.canReport) return this.list(req, res, municipality, token, { refusal: { walkId, code: walk.reported ? 'already_reported' : walk.booked ? 'not_checked_in' : 'not_booked' } });
    this.reportForm(req, res, municipality, token, walk, {}, [], 200);
  }

  @Post(':walkId/:action')
  async act(@Param('m') id: string, @Param('token') token: string, @Param('walkId') walkId: string, @Param('action') action: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const walkerAction = ACTIONS[action];
    if (!isToken(token)) return this.linkProblem(req, res, municipality, { kind: 'token_invalid' });
    if (!walkerAction || !UUID.test(walkId)) return this.list(req, res, municipality, token, { refusal: { walkId, code: 'not_found' } });
    const result = await this.api.act(token, walkId, walkerAction);
    if (result.kind === 'token_invalid' || result.kind === 'token_expired') return this.linkProblem(req, res, municipality, result);
    if (result.kind === 'refused') return this.list(req, res, municipality, token, { refusal: { walkId, code: result.code } });
    res.redirect(303, `${this.base(municipality, token)}?klart=${DONE[walkerAction]}#walk-${walkId}`);
  }

  private base(municipality: BrandedMunicipality, token: string): string {
    return `/${municipality.id}/trygghetsvandring/pass/${token}`;
  }

  /** The walker's walks, or the link's problem page; a link of another municipality is an unknown link here. */
  private async load(req: Request, res: Response, municipality: BrandedMunicipality, token: string) {
    if (!isToken(token)) return this.linkProblem(req, res, municipality, { kind: 'token_invalid' });
    const answer = await this.api.list(token);
    if (answer.kind !== 'ok') return this.linkProblem(req, res, municipality, answer);
    if (answer.view.municipalityId !== municipality.id) return this.linkProblem(req, res, municipality, { kind: 'token_invalid' });
    return answer.view;
  }

  private async walkOf(req: Request, res: Response, municipality: BrandedMunicipality, token: string, walkId: string): Promise<WalkerWalk | undefined> {
    const view = await this.load(req, res, municipality, token);
    if (!view) return undefined;
    const walk = view.walks.find((w) => w.walkId === walkId);
    if (!walk) await this.list(req, res, municipality, token, { refusal: { walkId, code: 'not_booked' } });
    return walk;
  }

  private async list(req: Request, res: Response, municipality: BrandedMunicipality, token: string, shown: { success?: string | null; refusal?: { walkId: string; code: string } }): Promise<void> {
    const view = await this.load(req, res, municipality, token);
    if (!view) return;
    const lang = localsOf(res).lang;
    const t = translate(res);
    const walks = view.walks.map((w) => ({ ...w, when: walkWhen(w, lang) }));
    const refusal = shown.refusal;
    const onPage = refusal && walks.some((w) => w.walkId === refusal.walkId);
    // The refusal in the error summary, linking to the walk's card, and again inside the card.
    const errors: ShownError[] = refusal ? [{ field: onPage ? `walk-${refusal.walkId}` : 'walks', text: refusalText(t, refusal.code) }] : [];
    this.pages.render(req, res, 'walker-walks.njk', { base: this.base(municipality, token), walks, success: shown.success ?? null, refusalWalkId: onPage ? refusal.walkId : null }, { municipality, errors, status: refusal ? 409 : 200 });
  }

  private reportForm(req: Request, res: Response, municipality: BrandedMunicipality, token: string, walk: WalkerWalk, values: Record<string, unknown>, errors: ShownError[], status: number): void {
    const lang = localsOf(res).lang;
    const rows = Array.from({ length: PLACE_ROWS }, (_, i) => i + 1);
    this.pages.render(
      req,
      res,
      'walker-report.njk',
      { base: this.base(municipality, token), walk: { ...walk, when: walkWhen(walk, lang) }, values, ageGroups: AGE_GROUPS, categories: UNSAFE_CATEGORIES, rows },
      { municipality, errors, status },
    );
  }

  private linkProblem(req: Request, res: Response, municipality: BrandedMunicipality, problem: WalkerLinkProblem): void {
    const t = translate(res);
    const page = problem.kind === 'token_expired'
      ? { status: 410, content: { title: t('walks.link.expired.title'), paragraphs: [t('walks.link.expired.p1')] } }
      : { status: 404, content: { title: t('walks.link.invalid.title'), paragraphs: [t('walks.link.invalid.p1')] } };
    this.pages.message(req, res, page.content, { municipality, status: page.status });
  }
}
