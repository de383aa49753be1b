import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Coverage, ENROLMENT_API, type EnrolmentApi, type StaffResult } from '../application/enrolment-api';
import { asFormBody, text } from '../domain/form-input';
import type { Language, Translate } from '../domain/i18n';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { WEB_OPTIONS, type WebOptions } from './middleware';
import { localsOf, Pages, translate } from './pages';
import { isId, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

export const GROUP_STATUSES = ['forming', 'awaiting-approval', 'active', 'paused', 'closed'] as const;

function coverageText(coverage: Coverage | undefined, lang: Language): string | undefined {
  return coverage?.text?.[lang] ?? coverage?.text?.sv;
}

function valueOf<T>(result: StaffResult<T>): T {
  if (result.kind === 'ok') return result.value;
  throw new PageNotFound();
}

/**
 * The coordinator's pages: triage of unplaced registrations, groups with filters, a group's page and its CSV
 * export (proxied from enrolment). Staff sign-in comes later; until then these pages exist only behind the
 * development guard (STAFF_DEV_GUARD=allow, off by default) and every page says so in a banner.
 */
@Controller(':m/samordnare')
@UseFilters(WebExceptionFilter)
export class StaffController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) private readonly enrolment: EnrolmentApi,
    @Inject(WEB_OPTIONS) private readonly options: WebOptions,
  ) {}

  @Get()
  async triage(@Param('m') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const m = this.guard(id, req, res);
    if (!m) return;
    const t = translate(res);
    const [items, areas] = await Promise.all([this.enrolment.triage(m.id), this.enrolment.areas(m.id)]);
    const areaOptions = valueOf(areas).map((a) => ({ value: a.id, text: a.name }));
    const notice = req.query['klart'] === 'placerad' ? t('staff.triage.placed') : undefined;
    this.pages.render(req, res, 'staff-triage.njk', { items: valueOf(items), areaOptions, notice }, this.options$(m, t, 'triage'));
  }

  @Post('placera/:registrationId')
  async place(@Param('m') id: string, @Param('registrationId') registrationId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const m = this.guard(id, req, res);
    if (!m) return;
    const areaId = text(asFormBody(body), 'areaId');
    if (!isId(registrationId) || !isId(areaId)) throw new PageNotFound();
    const result = await this.enrolment.place(m.id, registrationId, areaId);
    if (result.kind === 'not_found' || result.kind === 'invalid') throw new PageNotFound();
    res.redirect(303, `/${m.id}/samordnare${result.kind === 'ok' ? '?klart=placerad' : ''}`);
  }

  @Get('omraden')
  async areas(@Param('m') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const m = this.guard(id, req, res);
    if (!m) return;
    const t = translate(res);
    const lang = localsOf(res).lang;
    const areas = valueOf(await this.enrolment.areas(m.id)).map((a) => ({ ...a, coverageText: coverageText(a.coverage, lang) }));
    this.pages.render(req, res, 'staff-areas.njk', { areas }, this.options$(m, t, 'areas'));
  }

  @Get('grupper')
  async groups(@Param('m') id: string, @Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const m = this.guard(id, req, res);
    if (!m) return;
    const t = translate(res);
    const q = asFormBody(query);
    const areaId = isId(text(q, 'areaId')) ? text(q, 'areaId') : undefined;
    const status = (GROUP_STATUSES as readonly string[]).includes(text(q, 'status')) ? text(q, 'status') : undefined;
    const waitingForPolice = text(q, 'waitingForPolice') === 'true';
    const needsFollowUp = text(q, 'needsFollowUp') === 'true';
    const filter = { ...(areaId ? { areaId } : {}), ...(status ? { status } : {}), waitingForPolice, needsFollowUp };
    const [groups, areas] = await Promise.all([this.enrolment.groups(m.id, filter), this.enrolment.areas(m.id)]);
    const areaOptions = [{ value: '', text: t('staff.groups.allAreas') }, ...valueOf(areas).map((a) => ({ value: a.id, text: a.name, selected: a.id === areaId }))];
    const statusOptions = [{ value: '', text: t('staff.groups.allStatuses') }, ...GROUP_STATUSES.map((s) => ({ value: s, text: t(`staff.status.${s}`), selected: s === status }))];
    this.pages.render(req, res, 'staff-groups.njk', { groups: valueOf(groups), areaOptions, statusOptions, filter }, this.options$(m, t, 'groups'));
  }

  @Get('grupper/:groupId')
  async group(@Param('m') id: string, @Param('groupId') groupId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const m = this.guard(id, req, res);
    if (!m) return;
    if (!isId(groupId)) throw new PageNotFound();
    const t = translate(res);
    const group = valueOf(await this.enrolment.group(m.id, groupId));
    this.pages.render(req, res, 'staff-group.njk', { group, coverageText: coverageText(group.coverage, localsOf(res).lang) }, this.options$(m, t, 'groups'));
  }

  /** The member list for Excel, as enrolment makes it (UTF-8 with BOM, `;`, Swedish headers): passed on byte for byte. */
  @Get('grupper/:groupId/medlemmar.csv')
  async csv(@Param('m') id: string, @Param('groupId') groupId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const m = this.guard(id, req, res);
    if (!m) return;
    if (!isId(groupId)) throw new PageNotFound();
    const file = valueOf(await this.enrolment.membersCsv(m.id, groupId));
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('cache-control', 'no-store');
    res.send(file.body);
  }

  private guard(id: string, req: Request, res: Response): BrandedMunicipality | undefined {
    const m = municipalityOr404(this.municipalities, id);
    if (this.options.staffDevGuard) return m;
    const t = translate(res);
    this.pages.message(req, res, { title: t('error.staffClosed.title'), paragraphs: [t('error.staffClosed.p1')] }, { municipality: m, status: 403 });
    return undefined;
  }

  private options$(m: BrandedMunicipality, t: Translate, current: 'triage' | 'groups' | 'areas') {
    const base = `/${m.id}/samordnare`;
    return {
      municipality: m,
      staffNavigation: [
        { text: t('staff.nav.triage'), href: base, current: current === 'triage' },
        { text: t('staff.nav.groups'), href: `${base}/grupper`, current: current === 'groups' },
        { text: t('staff.nav.areas'), href: `${base}/omraden`, current: current === 'areas' },
      ],
    };
  }
}
