import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { enrolmentInput } from '@trygg/http-contracts';
import { type Coverage, ENROLMENT_API, type EnrolmentApi, type GroupDetail, type RemoteFieldProblem, type StaffResult } from '../application/enrolment-api';
import { ONBOARDING_API, type OnboardingApi } from '../application/onboarding-api';
import { asFormBody, text } from '../domain/form-input';
import { historyLines, waitingText } from '../domain/group-history';
import { earliestMeetingDay, swedishDay } from '../domain/start-meeting';
import { validateImportForm, validateSignForm } from '../domain/staff-forms';
import type { Language, Translate } from '../i18n';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { coordinatorOf, signedIn } from './access';
import { localsOf, Pages, type ShownError, shownErrors, translate } from './pages';
import { type StaffSection, staffNavigation } from './staff-navigation';
import { isId, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

/** The statuses a group can have, in enrolment's order (its list filter). */
export const GROUP_STATUSES = enrolmentInput.groupFilterQuery.shape.status.unwrap().options;

function coverageText(coverage: Coverage | undefined, lang: Language): string | undefined {
  return coverage?.text?.[lang] ?? coverage?.text?.sv;
}

function valueOf<T>(result: StaffResult<T>): T {
  if (result.kind === 'ok') return result.value;
  throw new PageNotFound();
}

/** enrolment's field errors on a new sign, shown next to the form's fields. */
function signFieldErrors(fields: RemoteFieldProblem[]): ShownError[] {
  const shown = fields.map((f) => ({ field: f.field === 'putUpAt' ? 'putUpAt' : 'place', text: f.message }));
  return shown.length ? shown : [{ field: 'place', text: '–' }];
}

/**
 * The coordinator's pages: triage of unplaced registrations, groups with filters, a group's page and its CSV
 * export (proxied from enrolment). Only for a signed-in coordinator of the municipality in the URL (otherwise
 * /logga-in, or a 403 page for another role or municipality); every call to enrolment carries their access token,
 * and enrolment checks it again.
 */
@Controller(':m/samordnare')
@UseFilters(WebExceptionFilter)
export class StaffController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) private readonly enrolment: EnrolmentApi,
    @Inject(ONBOARDING_API) private readonly onboarding: OnboardingApi,
  ) {}

  @Get()
  async triage(@Param('m') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const [items, areas] = await Promise.all([this.enrolment.triage(token, m.id), this.enrolment.areas(token, m.id)]);
    const areaOptions = valueOf(areas).map((a) => ({ value: a.id, text: a.name }));
    const notice = req.query['klart'] === 'placerad' ? t('staff.triage.placed') : undefined;
    this.pages.render(req, res, 'staff-triage.njk', { items: valueOf(items), areaOptions, notice }, this.options$(m, t, 'triage'));
  }

  @Post('placera/:registrationId')
  async place(@Param('m') id: string, @Param('registrationId') registrationId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const areaId = text(asFormBody(body), 'areaId');
    if (!isId(registrationId) || !isId(areaId)) throw new PageNotFound();
    const result = await this.enrolment.place(token, m.id, registrationId, areaId);
    if (result.kind === 'not_found' || result.kind === 'invalid') throw new PageNotFound();
    res.redirect(303, `/${m.id}/samordnare${result.kind === 'ok' ? '?klart=placerad' : ''}`);
  }

  @Get('omraden')
  async areas(@Param('m') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const lang = localsOf(res).lang;
    const areas = valueOf(await this.enrolment.areas(token, m.id)).map((a) => ({ ...a, coverageText: coverageText(a.coverage, lang) }));
    this.pages.render(req, res, 'staff-areas.njk', { areas }, this.options$(m, t, 'areas'));
  }

  @Get('grupper')
  async groups(@Param('m') id: string, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const q = asFormBody(query);
    const areaId = isId(text(q, 'areaId')) ? text(q, 'areaId') : undefined;
    const status = GROUP_STATUSES.find((s) => s === text(q, 'status'));
    const waitingForPolice = text(q, 'waitingForPolice') === 'true';
    const needsFollowUp = text(q, 'needsFollowUp') === 'true';
    const filter = { ...(areaId ? { areaId } : {}), ...(status ? { status } : {}), waitingForPolice, needsFollowUp };
    const [groups, areas] = await Promise.all([this.enrolment.groups(token, m.id, filter), this.enrolment.areas(token, m.id)]);
    const areaOptions = [{ value: '', text: t('staff.groups.allAreas') }, ...valueOf(areas).map((a) => ({ value: a.id, text: a.name, selected: a.id === areaId }))];
    const statusOptions = [{ value: '', text: t('staff.groups.allStatuses') }, ...GROUP_STATUSES.map((s) => ({ value: s, text: t(`staff.status.${s}`), selected: s === status }))];
    const shown = valueOf(groups).map((g) => ({ ...g, waitingText: waitingText(g, t, swedishDay) }));
    this.pages.render(req, res, 'staff-groups.njk', { groups: shown, areaOptions, statusOptions, filter }, this.options$(m, t, 'groups'));
  }

  @Get('grupper/:groupId')
  async group(@Param('m') id: string, @Param('groupId') groupId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    if (!isId(groupId)) throw new PageNotFound();
    const notice = req.query['klart'] === 'skylt' ? translate(res)('staff.sign.added') : undefined;
    await this.showGroup(req, res, m, token, valueOf(await this.enrolment.group(token, m.id, groupId)), { notice });
  }

  private async showGroup(req: Request, res: Response, m: BrandedMunicipality, token: string, group: GroupDetail, extra: { notice?: string; values?: Record<string, unknown>; errors?: ShownError[]; status?: number }): Promise<void> {
    const t = translate(res);
    const signs = group.signs ?? [];
    const data = {
      group,
      signs,
      coverageText: coverageText(group.coverage, localsOf(res).lang),
      waitingText: waitingText(group, t, swedishDay),
      startMeetingDate: await this.startMeetingDate(token, group),
      history: historyLines(group.history, { members: group.members, nominations: group.nominations, signs }, t),
      notice: extra.notice,
      values: extra.values ?? {},
    };
    this.pages.render(req, res, 'staff-group.njk', data, { ...this.options$(m, t, 'groups'), errors: extra.errors ?? [], status: extra.status ?? 200 });
  }

  /**
   * The start meeting's date: the group's own date if the coordinator set one, else the day onboarding recorded on the
   * meeting-attendance step of the group's contact-person nominations (approved or still running).
   */
  private async startMeetingDate(token: string, group: GroupDetail): Promise<string | null> {
    if (group.startMeetingDate) return group.startMeetingDate;
    const nominations = group.nominations.filter((n) => n.status === 'approved' || n.status === 'pending').slice(0, 10);
    return earliestMeetingDay(await Promise.all(nominations.map((n) => this.onboarding.startMeetingDate(token, n.nominationId))));
  }

  /** Records a sign put up for a group. Enrolment decides whether the group may have signs (only active groups). */
  @Post('grupper/:groupId/skyltar')
  async addSign(@Param('m') id: string, @Param('groupId') groupId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    if (!isId(groupId)) throw new PageNotFound();
    const t = translate(res);
    const form = validateSignForm(body);
    const again = async (errors: ShownError[], values: Record<string, unknown>, status: number) =>
      this.showGroup(req, res, m, token, valueOf(await this.enrolment.group(token, m.id, groupId)), { errors, values, status });
    if (!form.ok) return again(shownErrors(t, form.errors), form.values, 400);
    const result = await this.enrolment.addSign(token, m.id, groupId, form.value);
    if (result.kind === 'not_found') throw new PageNotFound();
    if (result.kind === 'conflict') return again([{ field: 'place', text: t('errors.signs.needActiveGroup') }], { ...form.value }, 409);
    if (result.kind === 'invalid') return again(signFieldErrors(result.fields), { ...form.value }, 400);
    res.redirect(303, `/${m.id}/samordnare/grupper/${groupId}?klart=skylt#skyltar`);
  }

  /** The replacement list: every sign members reported as damaged or missing. */
  @Get('skyltar')
  async signs(@Param('m') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const items = valueOf(await this.enrolment.signReplacements(token, m.id));
    const notice = req.query['klart'] === 'ersatt' ? t('staff.signs.repairedDone') : undefined;
    this.pages.render(req, res, 'staff-signs.njk', { items, notice }, this.options$(m, t, 'signs'));
  }

  /** A replaced (or repaired) sign leaves the replacement list: its condition is `ok` again. */
  @Post('grupper/:groupId/skyltar/:signId/ersatt')
  async signRepaired(@Param('m') id: string, @Param('groupId') groupId: string, @Param('signId') signId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    if (!isId(groupId) || !isId(signId)) throw new PageNotFound();
    const result = await this.enrolment.signRepaired(token, m.id, groupId, signId);
    if (result.kind === 'not_found' || result.kind === 'invalid') throw new PageNotFound();
    res.redirect(303, `/${m.id}/samordnare/skyltar${result.kind === 'ok' ? '?klart=ersatt' : ''}`);
  }

  /** Step 1 of the CSV import: paste the spreadsheet's rows. */
  @Get('import')
  importForm(@Param('m') id: string, @Req() req: Request, @Res() res: Response): void {
    const access = this.guard(id, req, res);
    if (!access) return;
    this.pages.render(req, res, 'staff-import.njk', { values: {} }, this.options$(access.m, translate(res), 'import'));
  }

  /** Step 2: the dry run (nothing is written) — every rejected row with its number and reason, and the confirm button. */
  @Post('import')
  async importDryRun(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const form = validateImportForm(body);
    if (!form.ok) return this.pages.render(req, res, 'staff-import.njk', { values: form.values }, { ...this.options$(m, t, 'import'), errors: shownErrors(t, form.errors), status: 400 });
    const result = await this.enrolment.importGroups(token, m.id, form.value.csv, true);
    if (result.kind !== 'ok') return this.importRejected(req, res, m, form.value.csv, result);
    this.pages.render(req, res, 'staff-import-report.njk', { report: result.value, values: form.value }, this.options$(m, t, 'import'));
  }

  /** Step 3: the import itself. Safe to run twice: enrolment recognises what it already has (natural keys). */
  @Post('import/genomfor')
  async importRun(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    const t = translate(res);
    const form = validateImportForm(body);
    if (!form.ok) return this.pages.render(req, res, 'staff-import.njk', { values: form.values }, { ...this.options$(m, t, 'import'), errors: shownErrors(t, form.errors), status: 400 });
    const result = await this.enrolment.importGroups(token, m.id, form.value.csv, false);
    if (result.kind !== 'ok') return this.importRejected(req, res, m, form.value.csv, result);
    this.pages.render(req, res, 'staff-import-done.njk', { report: result.value }, this.options$(m, t, 'import'));
  }

  private importRejected(req: Request, res: Response, m: BrandedMunicipality, csv: string, result: Exclude<StaffResult<unknown>, { kind: 'ok' }>): void {
    const t = translate(res);
    const reason = result.kind === 'invalid' ? result.fields.map((f) => f.message).join(' ') : result.kind;
    const errors = [{ field: 'csv', text: t('errors.csv.rejected', { reason: reason || '–' }) }];
    this.pages.render(req, res, 'staff-import.njk', { values: { csv } }, { ...this.options$(m, t, 'import'), errors, status: result.kind === 'conflict' ? 409 : 400 });
  }

  /** The member list for Excel, as enrolment makes it (UTF-8 with BOM, `;`, Swedish headers): passed on byte for byte. */
  @Get('grupper/:groupId/medlemmar.csv')
  async csv(@Param('m') id: string, @Param('groupId') groupId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const { m, token } = access;
    if (!isId(groupId)) throw new PageNotFound();
    const file = valueOf(await this.enrolment.membersCsv(token, m.id, groupId));
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('cache-control', 'no-store');
    res.send(file.body);
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
