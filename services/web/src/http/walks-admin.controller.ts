import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toCsv } from '@trygg/values';
import type { RemoteFieldProblem, StaffResult } from '../application/enrolment-api';
import { WALKS_ADMIN_API, type WalksAdminApi, type WalkView } from '../application/walks-admin-api';
import { asFormBody, text } from '../domain/form-input';
import {
  hoursText,
  localParts,
  monthRange,
  monthReport,
  parseMonth,
  validateCancelForm,
  validateDebriefForm,
  validateQualificationsForm,
  validateSeriesForm,
  validateWalkForm,
  WEEKDAYS,
} from '../domain/walk-admin';
import type { Translate } from '../i18n';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { coordinatorOf, signedIn } from './access';
import { localsOf, Pages, type ShownError, shownErrors, translate } from './pages';
import { MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { type StaffSection, staffNavigation } from './staff-navigation';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

/** The municipalities' walker organisations (municipalities/<id>/volunteers.yaml) and clocks, as the walk pages show them. */
export interface WalkSettings {
  organisations(municipalityId: string): ReadonlyArray<{ id: string; name: string; minimumWalkers: number }>;
  timezone(municipalityId: string): string;
}
export const WALK_SETTINGS = Symbol('WalkSettings');

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Walks and walkers are named by UUIDs in volunteers: anything else is not worth asking about. */
const isUuid = (id: string) => UUID.test(id);
/** The list's window each way (volunteers' default is 8 weeks from today). */
const LIST_DAYS = 56;

function valueOf<T>(result: StaffResult<T>): T {
  if (result.kind === 'ok') return result.value;
  throw new PageNotFound();
}

/** volunteers' 400 fields, next to the form's fields (the plan's instants are the form's date and times). */
function remoteErrors(t: Translate, fields: RemoteFieldProblem[], series: boolean): ShownError[] {
  const shown = fields.map((f): ShownError => {
    switch (f.field) {
      case 'organisationId':
        return { field: 'organisationId', text: t('errors.walks.organisationId.missing') };
      case 'minWalkers':
        return { field: 'minWalkers', text: t('errors.walks.minWalkers.belowRule.remote') };
      case 'maxWalkers':
        return { field: 'maxWalkers', text: t('errors.walks.maxWalkers.belowMin') };
      case 'startsAt':
        return { field: series ? 'from' : 'date', text: t('errors.walks.date.past') };
      case 'endsAt':
        return { field: 'endTime', text: t('errors.walks.time.invalid') };
      case 'from':
        return { field: 'from', text: t('errors.walks.from.noWalk') };
      case 'weeks':
      case 'until':
        return { field: 'to', text: t('errors.walks.to.tooLong') };
      default:
        return { field: series ? 'weekdays' : 'organisationId', text: t('errors.walks.remote') };
    }
  });
  return shown.length ? shown : [{ field: 'organisationId', text: t('errors.walks.remote') }];
}

/**
 * The coordinator's walk pages (issue 15): the walks list with filters, a new walk, a weekly series, a walk's page
 * (bookings with names, check-in/out log, cancel with a confirmation step, debrief note), a walker's basic training
 * and guardian consent, and the monthly report with its CSV. Only for a signed-in coordinator of the municipality in
 * the URL; every call to volunteers carries their access token and volunteers checks it again.
 */
@Controller(':m/samordnare/vandringar')
@UseFilters(WebExceptionFilter)
export class WalksAdminController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(WALKS_ADMIN_API) private readonly walks: WalksAdminApi,
    @Inject(WALK_SETTINGS) private readonly settings: WalkSettings,
  ) {}

  @Get()
  async list(@Param('m') id: string, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const q = asFormBody(query);
    const past = text(q, 'period') === 'past';
    const organisations = this.settings.organisations(m.id);
    const organisationId = organisations.find((o) => o.id === text(q, 'organisationId'))?.id;
    const today = new Date(new Date().toISOString().slice(0, 10));
    const period = past
      ? { from: new Date(today.getTime() - LIST_DAYS * DAY_MS).toISOString().slice(0, 10), to: new Date(today.getTime() + DAY_MS).toISOString().slice(0, 10) }
      : { from: today.toISOString().slice(0, 10), to: new Date(today.getTime() + LIST_DAYS * DAY_MS).toISOString().slice(0, 10) };
    const now = Date.now();
    const all = valueOf(await this.walks.list(token, m.id, period));
    const chosen = all.filter((w) => (past ? Date.parse(w.startsAt) < now : Date.parse(w.endsAt) >= now)).filter((w) => !organisationId || w.organisationId === organisationId);
    if (past) chosen.reverse();
    const rows = chosen.map((w) => this.row(w, m, t));
    const organisationOptions = [{ value: '', text: t('walkAdmin.list.allOrganisations') }, ...organisations.map((o) => ({ value: o.id, text: o.name, selected: o.id === organisationId }))];
    const periodOptions = [
      { value: 'upcoming', text: t('walkAdmin.list.upcoming'), selected: !past },
      { value: 'past', text: t('walkAdmin.list.past'), selected: past },
    ];
    const notice = this.notice(req, t);
    this.pages.render(req, res, 'walk-admin-list.njk', { rows, organisationOptions, periodOptions, past, notice }, this.options$(m, t, 'walks'));
  }

  @Get('ny')
  newWalk(@Param('m') id: string, @Req() req: Request, @Res() res: Response): void {
    const access = this.guard(id, req, res);
    if (!access) return;
    this.showWalkForm(req, res, access.m, {}, [], 200);
  }

  @Post('ny')
  async createWalk(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const form = validateWalkForm(body, this.settings.organisations(m.id).map((o) => o.id), this.settings.timezone(m.id), new Date());
    if (!form.ok) return this.showWalkForm(req, res, m, form.values, shownErrors(t, form.errors), 400);
    const own = this.minimumProblem(m.id, form.value, t);
    if (own) return this.showWalkForm(req, res, m, asFormBody(body), [own], 400);
    const result = await this.walks.schedule(token, m.id, form.value);
    if (result.kind === 'invalid') return this.showWalkForm(req, res, m, asFormBody(body), remoteErrors(t, result.fields, false), 400);
    const walk = valueOf(result);
    res.redirect(303, `/${m.id}/samordnare/vandringar/${walk.walkId}?klart=skapad`);
  }

  @Get('ny-serie')
  newSeries(@Param('m') id: string, @Req() req: Request, @Res() res: Response): void {
    const access = this.guard(id, req, res);
    if (!access) return;
    this.showSeriesForm(req, res, access.m, {}, [], 200);
  }

  @Post('ny-serie')
  async createSeries(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const today = localParts(new Date(), this.settings.timezone(m.id)).date;
    const form = validateSeriesForm(body, this.settings.organisations(m.id).map((o) => o.id), today);
    if (!form.ok) return this.showSeriesForm(req, res, m, form.values, shownErrors(t, form.errors), 400);
    const again = { ...asFormBody(body), ...Object.fromEntries(WEEKDAYS.map((d) => [`weekday-${d}`, form.value.weekdays.includes(d)])) };
    const own = this.minimumProblem(m.id, form.value, t);
    if (own) return this.showSeriesForm(req, res, m, again, [own], 400);
    const result = await this.walks.scheduleSeries(token, m.id, form.value);
    if (result.kind === 'invalid') return this.showSeriesForm(req, res, m, again, remoteErrors(t, result.fields, true), 400);
    const created = valueOf(result);
    res.redirect(303, `/${m.id}/samordnare/vandringar?klart=serie&antal=${created.walks.length}`);
  }

  @Get('rapport')
  async report(@Param('m') id: string, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const lang = localsOf(res).lang;
    const month = this.monthOf(query, m.id);
    const report = await this.monthReportOf(token, m.id, month);
    const rows = report.rows.map((r) => ({ ...this.row(r.walk, m, t), held: r.held, walkers: r.walkers, hours: hoursText(r.minutes, lang) }));
    this.pages.render(
      req,
      res,
      'walk-admin-report.njk',
      { month, rows, held: report.held, cancelled: report.cancelled, hours: hoursText(report.minutes, lang), csvHref: `/${m.id}/samordnare/vandringar/rapport.csv?month=${month}` },
      this.options$(m, t, 'walk-report'),
    );
  }

  /** The month's walks for Excel: the members CSV's rule (@trygg/values `toCsv`: BOM, `;`, every cell quoted, formulas neutralised). */
  @Get('rapport.csv')
  async reportCsv(@Param('m') id: string, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const lang = localsOf(res).lang;
    const month = this.monthOf(query, m.id);
    const report = await this.monthReportOf(token, m.id, month);
    const header = ['date', 'start', 'end', 'organisation', 'meetingPoint', 'status', 'booked', 'checkedIn', 'hours'].map((c) => t(`walkAdmin.csv.${c}`));
    const rows = report.rows.map((r) => {
      const row = this.row(r.walk, m, t);
      return [row.date, row.start, row.end, row.organisation, r.walk.meetingPoint, r.held ? t('walkAdmin.status.held') : t(`walkAdmin.status.${r.walk.status}`), r.walk.bookings.length, r.walkers, hoursText(r.minutes, lang)];
    });
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="vandringar-${m.id}-${month}.csv"`);
    res.setHeader('cache-control', 'no-store');
    res.send(toCsv(header, rows));
  }

  @Get(':walkId')
  async walk(@Param('m') id: string, @Param('walkId') walkId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    if (!isUuid(walkId)) throw new PageNotFound();
    await this.showWalk(req, res, access.m, access.token, walkId, { notice: this.notice(req, translate(res)) });
  }

  /** Step 1 of cancelling: the reason, then a page that asks to confirm (nothing is cancelled yet). */
  @Post(':walkId/installning')
  async cancelAsk(@Param('m') id: string, @Param('walkId') walkId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    if (!isUuid(walkId)) throw new PageNotFound();
    const t = translate(res);
    const form = validateCancelForm(body);
    if (!form.ok) return this.showWalk(req, res, m, token, walkId, { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    const walk = valueOf(await this.walks.show(token, m.id, walkId));
    this.pages.render(req, res, 'walk-admin-cancel.njk', { walk: this.row(walk, m, t), reason: form.value.reason }, this.options$(m, t, 'walks'));
  }

  /** Step 2: cancel; volunteers tells the booked walkers. */
  @Post(':walkId/installning/bekrafta')
  async cancelConfirm(@Param('m') id: string, @Param('walkId') walkId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    if (!isUuid(walkId)) throw new PageNotFound();
    const t = translate(res);
    const form = validateCancelForm(body);
    if (!form.ok) return this.showWalk(req, res, m, token, walkId, { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    const result = await this.walks.cancel(token, m.id, walkId, form.value.reason);
    if (result.kind === 'conflict') return this.showWalk(req, res, m, token, walkId, { values: form.value, errors: [{ field: 'reason', text: t(`errors.walks.cancel.${result.code === 'walk_held' ? 'held' : 'already'}`) }], status: 409 });
    if (result.kind === 'invalid') return this.showWalk(req, res, m, token, walkId, { values: form.value, errors: [{ field: 'reason', text: t('errors.walks.reason.tooLong') }], status: 400 });
    valueOf(result);
    res.redirect(303, `/${m.id}/samordnare/vandringar/${walkId}?klart=installd`);
  }

  @Post(':walkId/efterprat')
  async debrief(@Param('m') id: string, @Param('walkId') walkId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    if (!isUuid(walkId)) throw new PageNotFound();
    const t = translate(res);
    const form = validateDebriefForm(body);
    if (!form.ok) return this.showWalk(req, res, m, token, walkId, { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    const result = await this.walks.debrief(token, m.id, walkId, form.value.note);
    if (result.kind === 'conflict') return this.showWalk(req, res, m, token, walkId, { values: form.value, errors: [{ field: 'note', text: t(`errors.walks.note.${result.code === 'walk_cancelled' ? 'cancelled' : 'notStarted'}`) }], status: 409 });
    if (result.kind === 'invalid') return this.showWalk(req, res, m, token, walkId, { values: form.value, errors: [{ field: 'note', text: t('errors.walks.note.tooLong') }], status: 400 });
    valueOf(result);
    res.redirect(303, `/${m.id}/samordnare/vandringar/${walkId}?klart=efterprat#efterprat`);
  }

  /** A walker's basic training and guardian consent, reached from a walk's booking list (the walk names the walker). */
  @Get(':walkId/vandrare/:volunteerId')
  async walker(@Param('m') id: string, @Param('walkId') walkId: string, @Param('volunteerId') volunteerId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    if (!isUuid(walkId) || !isUuid(volunteerId)) throw new PageNotFound();
    await this.showWalker(req, res, access.m, access.token, walkId, volunteerId, {});
  }

  @Post(':walkId/vandrare/:volunteerId')
  async qualify(@Param('m') id: string, @Param('walkId') walkId: string, @Param('volunteerId') volunteerId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    if (!isUuid(walkId) || !isUuid(volunteerId)) throw new PageNotFound();
    const t = translate(res);
    const form = validateQualificationsForm(body);
    if (!form.ok) return this.showWalker(req, res, m, token, walkId, volunteerId, { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    valueOf(await this.walks.qualify(token, m.id, volunteerId, form.value));
    res.redirect(303, `/${m.id}/samordnare/vandringar/${walkId}?klart=vandrare#bokningar`);
  }

  private async showWalker(req: Request, res: Response, m: BrandedMunicipality, token: string, walkId: string, volunteerId: string, extra: { values?: Record<string, unknown>; errors?: ShownError[]; status?: number }): Promise<void> {
    const t = translate(res);
    const walk = valueOf(await this.walks.show(token, m.id, walkId));
    const walker = walk.walkers.find((w) => w.volunteerId === volunteerId);
    if (!walker) throw new PageNotFound();
    const values = extra.values ?? { basicTraining: walker.basicTraining ? 'yes' : 'no', guardianConsent: walker.guardianConsent ? 'yes' : 'no' };
    this.pages.render(req, res, 'walk-admin-walker.njk', { walk: this.row(walk, m, t), walker, values }, { ...this.options$(m, t, 'walks'), errors: extra.errors ?? [], status: extra.status ?? 200 });
  }

  private async showWalk(req: Request, res: Response, m: BrandedMunicipality, token: string, walkId: string, extra: { notice?: string | undefined; values?: Record<string, unknown>; errors?: ShownError[]; status?: number }): Promise<void> {
    const t = translate(res);
    const walk = valueOf(await this.walks.show(token, m.id, walkId));
    const tz = this.settings.timezone(m.id);
    const nameOf = (volunteerId: string) => walk.walkers.find((w) => w.volunteerId === volunteerId)?.name ?? t('walkAdmin.walk.erased');
    const bookings = walk.bookings.map((b) => {
      const walker = walk.walkers.find((w) => w.volunteerId === b.volunteerId);
      return { ...b, name: nameOf(b.volunteerId), guardianConsent: walker?.guardianConsent ?? false, bookedAt: this.when(b.bookedAt, tz), href: `/${m.id}/samordnare/vandringar/${walk.walkId}/vandrare/${b.volunteerId}` };
    });
    const log = walk.log.map((l) => ({ name: nameOf(l.volunteerId), kind: t(`walkAdmin.log.${l.kind}`), at: this.when(l.at, tz) }));
    const row = this.row(walk, m, t);
    const now = Date.now();
    const data = {
      walk: row,
      detail: walk,
      bookings,
      log,
      // `unstaffed`: volunteers cancelled it itself, too few walkers at the municipality's lead time (issue 15).
      cancellation: walk.cancellation ? { at: this.when(walk.cancellation.cancelledAt, tz), reason: walk.cancellation.reason === 'unstaffed' ? t('walkAdmin.walk.cancelledUnstaffed') : walk.cancellation.reason } : null,
      canCancel: walk.status === 'scheduled' && !(Date.parse(walk.startsAt) <= now && walk.debrief),
      canDebrief: walk.status !== 'cancelled' && Date.parse(walk.startsAt) <= now,
      notice: extra.notice,
      values: extra.values ?? { note: walk.debrief ?? '' },
    };
    this.pages.render(req, res, 'walk-admin-walk.njk', data, { ...this.options$(m, t, 'walks'), errors: extra.errors ?? [], status: extra.status ?? 200 });
  }

  /** A walk as a table row: local date and times, the organisation's name, staffed or the reasons in words. */
  private row(w: WalkView, m: BrandedMunicipality, t: Translate) {
    const tz = this.settings.timezone(m.id);
    const start = localParts(w.startsAt, tz);
    const end = localParts(w.endsAt, tz);
    const organisation = this.settings.organisations(m.id).find((o) => o.id === w.organisationId)?.name ?? w.organisationId;
    const staffing = w.status === 'cancelled' ? t('walkAdmin.status.cancelled') : w.staffed ? t('walkAdmin.staffed') : `${t('walkAdmin.understaffed')}: ${w.problems.map((p) => t(`walkAdmin.problem.${p}`)).join(', ') || '–'}`;
    return {
      walkId: w.walkId,
      href: `/${m.id}/samordnare/vandringar/${w.walkId}`,
      date: start.date,
      start: start.time,
      end: end.time,
      organisation,
      meetingPoint: w.meetingPoint,
      booked: w.bookings.length,
      minWalkers: w.minWalkers,
      maxWalkers: w.maxWalkers,
      status: t(`walkAdmin.status.${w.status}`),
      staffed: w.status !== 'cancelled' && w.staffed,
      cancelled: w.status === 'cancelled',
      staffing,
    };
  }

  private when(iso: string, tz: string): string {
    const p = localParts(iso, tz);
    return `${p.date} ${p.time}`;
  }

  private notice(req: Request, t: Translate): string | undefined {
    const done = req.query['klart'];
    if (done === 'serie') return t('walkAdmin.done.series', { count: Number(req.query['antal']) || 0 });
    if (typeof done === 'string' && ['skapad', 'installd', 'efterprat', 'vandrare'].includes(done)) return t(`walkAdmin.done.${done}`);
    return undefined;
  }

  /** The web's own check of the organisation's minimum (volunteers checks it again). */
  private minimumProblem(municipalityId: string, plan: { organisationId: string; minWalkers?: number }, t: Translate): ShownError | undefined {
    const organisation = this.settings.organisations(municipalityId).find((o) => o.id === plan.organisationId);
    const minimum = Math.max(2, organisation?.minimumWalkers ?? 2);
    if (plan.minWalkers !== undefined && plan.minWalkers < minimum) return { field: 'minWalkers', text: t('errors.walks.minWalkers.belowRule', { minimum }) };
    return undefined;
  }

  private monthOf(query: Record<string, unknown>, municipalityId: string): string {
    const asked = text(asFormBody(query), 'month');
    if (!asked) return localParts(new Date(), this.settings.timezone(municipalityId)).date.slice(0, 7);
    const month = parseMonth(asked);
    if (!month) throw new PageNotFound();
    return month;
  }

  private async monthReportOf(token: string, municipalityId: string, month: string) {
    const walks = valueOf(await this.walks.list(token, municipalityId, monthRange(month)));
    return monthReport(walks, month, this.settings.timezone(municipalityId));
  }

  private showWalkForm(req: Request, res: Response, m: BrandedMunicipality, values: Record<string, unknown>, errors: ShownError[], status: number): void {
    const t = translate(res);
    this.pages.render(req, res, 'walk-admin-new.njk', { values, organisationItems: this.organisationItems(m.id, values, t) }, { ...this.options$(m, t, 'walks'), errors, status });
  }

  private showSeriesForm(req: Request, res: Response, m: BrandedMunicipality, values: Record<string, unknown>, errors: ShownError[], status: number): void {
    const t = translate(res);
    const weekdayItems = WEEKDAYS.map((d) => ({ value: d, text: t(`walkAdmin.weekday.${d}`), checked: values[`weekday-${d}`] === true }));
    this.pages.render(req, res, 'walk-admin-series.njk', { values, weekdayItems, organisationItems: this.organisationItems(m.id, values, t) }, { ...this.options$(m, t, 'walks'), errors, status });
  }

  private organisationItems(municipalityId: string, values: Record<string, unknown>, t: Translate) {
    return [
      { value: '', text: t('walkAdmin.form.chooseOrganisation') },
      ...this.settings.organisations(municipalityId).map((o) => ({ value: o.id, text: t('walkAdmin.form.organisationOption', { name: o.name, minimum: Math.max(2, o.minimumWalkers) }), selected: values['organisationId'] === o.id })),
    ];
  }

  private guard(id: string, req: Request, res: Response): { m: BrandedMunicipality; token: string } | undefined {
    const m = municipalityOr404(this.municipalities, id);
    const session = signedIn(this.pages, req, res, coordinatorOf(m.id), m);
    return session ? { m, token: session.accessToken } : undefined;
  }

  private options$(m: BrandedMunicipality, t: Translate, current: StaffSection) {
    return { municipality: m, staffNavigation: staffNavigation(m, t, current) };
  }
}
