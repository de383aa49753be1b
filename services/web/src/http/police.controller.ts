import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { POLICE_API, type PoliceApi, type PoliceCase, type PoliceOverview, type QueuedCase } from '../application/police-api';
import { validateDecisionForm } from '../domain/police-decision-form';
import { validateRevocationForm } from '../domain/police-revocation-form';
import type { StaffSession } from '../domain/staff-session';
import type { Translate } from '../i18n';
import { policeOfficer, signedIn } from './access';
import { policeNavigation } from './police-navigation';
import { localsOf, Pages, type ShownError, shownErrors, translate } from './pages';
import { isId, MUNICIPALITIES, type Municipalities } from './params';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

/**
 * The police officer's pages: the approval queue of their own police area (`/polis`: oldest first, days waiting
 * against the municipality's target, overdue cases labelled "Försenad"), the overview (`/polis/oversikt`) and a case
 * (`/polis/arenden/:id`): a pending one with the decision form (approve, reject or ask for more information, with a
 * reason), an approved one with the revocation form ("Återkalla godkännande", a required reason: a new decision, the
 * approval stays in the history), any other with its decisions. Every call to police-liaison carries the officer's
 * access token; police-liaison answers only for the officer's area (another area's case is a 404 here too).
 */
@Controller('polis')
@UseFilters(WebExceptionFilter)
export class PoliceController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(POLICE_API) private readonly police: PoliceApi,
  ) {}

  @Get()
  async cases(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return;
    const t = translate(res);
    const cases = (await this.pendingCases(session)).map((c) => this.shown(c, t));
    const notice = typeof req.query['beslut'] === 'string' && ['approve', 'reject', 'needs-info', 'revoked'].includes(req.query['beslut']) ? t(`police.decided.${req.query['beslut']}`) : undefined;
    const overdue = cases.filter((c) => c.overdue).length;
    const overdueSummary = overdue > 0 ? t('police.cases.overdueSummary', { overdue, total: cases.length }) : undefined;
    this.pages.render(req, res, 'police-cases.njk', { cases, notice, overdueSummary, areaName: this.areaName(session.policeAreaId!) }, this.options(t, 'cases'));
  }

  @Get('oversikt')
  async overview(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return;
    const t = translate(res);
    const overview = await this.police.overview(session.accessToken, session.policeAreaId!);
    const areaName = this.areaName(session.policeAreaId!);
    this.pages.render(req, res, 'police-overview.njk', { ...this.shownOverview(overview, t, localsOf(res).lang, areaName), areaName }, this.options(t, 'overview'));
  }

  @Get('arenden/:caseId')
  async case(@Param('caseId') caseId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return;
    this.showCase(req, res, await this.caseOf(session, caseId), { values: {} });
  }

  @Post('arenden/:caseId/beslut')
  async decide(@Param('caseId') caseId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return;
    const t = translate(res);
    const form = validateDecisionForm(body);
    if (!form.ok) return this.showCase(req, res, await this.caseOf(session, caseId), { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    const result = await this.police.decide(session.accessToken, caseId, form.value.outcome, form.value.reason);
    if (result.kind === 'not_found') throw new PageNotFound();
    if (result.kind === 'already_decided') {
      return this.pages.message(req, res, { title: t('police.alreadyDecided.title'), paragraphs: [t('police.alreadyDecided.p1')], link: { href: '/polis', text: t('police.backToCases') } }, { ...this.options(t), status: 409 });
    }
    if (result.kind === 'invalid') {
      const errors: ShownError[] = result.fields.map((f) => ({ field: f.field === 'outcome' ? 'outcome' : 'reason', text: f.message }));
      return this.showCase(req, res, await this.caseOf(session, caseId), { values: { ...form.value }, errors: errors.length ? errors : [{ field: 'reason', text: '–' }], status: 400 });
    }
    res.redirect(303, `/polis?beslut=${form.value.outcome}`);
  }

  /** Revokes an approved case (the form on the case page): the reason is required; errors are shown next to it. */
  @Post('arenden/:caseId/aterkalla')
  async revoke(@Param('caseId') caseId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return;
    const t = translate(res);
    const form = validateRevocationForm(body);
    if (!form.ok) return this.showCase(req, res, await this.caseOf(session, caseId), { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    const result = await this.police.revoke(session.accessToken, caseId, form.value.reason);
    if (result.kind === 'not_found') throw new PageNotFound();
    if (result.kind === 'not_approved') {
      return this.pages.message(req, res, { title: t('police.notApproved.title'), paragraphs: [t('police.notApproved.p1')], link: { href: `/polis/arenden/${caseId}`, text: t('police.backToCase') } }, { ...this.options(t), status: 409 });
    }
    if (result.kind === 'invalid') {
      const errors: ShownError[] = result.fields.map((f) => ({ field: 'reason', text: f.message }));
      return this.showCase(req, res, await this.caseOf(session, caseId), { values: { ...form.value }, errors: errors.length ? errors : [{ field: 'reason', text: '–' }], status: 400 });
    }
    res.redirect(303, '/polis?beslut=revoked');
  }

  private async pendingCases(session: StaffSession): Promise<QueuedCase[]> {
    const result = await this.police.pendingCases(session.accessToken, session.policeAreaId!);
    return result.kind === 'ok' ? result.cases : [];
  }

  /** A case of the officer's own area, whatever its status (police-liaison answers 404 for another area's). */
  private async caseOf(session: StaffSession, caseId: string): Promise<PoliceCase> {
    if (!isId(caseId)) throw new PageNotFound();
    const found = await this.police.caseById(session.accessToken, caseId);
    if (found.kind !== 'ok') throw new PageNotFound();
    return found.case;
  }

  private showCase(req: Request, res: Response, c: PoliceCase, extra: { values: Record<string, unknown>; errors?: ShownError[]; status?: number }): void {
    const t = translate(res);
    this.pages.render(req, res, 'police-case.njk', { c: this.shown(c, t), values: extra.values }, { ...this.options(t), errors: extra.errors ?? [], status: extra.status ?? 200 });
  }

  private shown(c: PoliceCase, t: Translate) {
    return {
      ...c,
      municipalityName: this.municipalities.get(c.municipalityId)?.name ?? c.municipalityId,
      waitingText: c.daysWaiting === undefined || c.targetDays === undefined ? null : t('police.waiting.days', { days: c.daysWaiting, target: c.targetDays }),
      subjectText: t(`police.subject.${c.subject.kind}`),
      fields: Object.entries(c.subjectFields).map(([key, value]) => ({ key, value: String(value) })),
      /** What the page offers: the decision form (pending), the revocation form (approved), or neither. */
      form: c.status === 'pending' ? 'decide' : c.decision?.outcome === 'approve' ? 'revoke' : null,
      outcomeText: c.decision ? t(`police.outcome.${c.decision.outcome}`) : null,
      history: (c.decisionHistory ?? []).map((d) => ({ ...d, outcomeText: t(`police.outcome.${d.outcome}`) })),
    };
  }

  private areaName(areaId: string): string {
    for (const m of this.municipalities.values()) {
      const area = m.policeAreas.find((a) => a.id === areaId);
      if (area) return area.name;
    }
    return areaId;
  }

  /** The overview's rows as the page shows them: days in the page's language ("10,5 dagar"), "Inga beslut" without any. */
  private shownOverview(o: PoliceOverview, t: Translate, lang: 'sv' | 'en', areaName: string) {
    const number = new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 });
    const days = (value: number | null) => (value === null ? t('police.overview.noDecisions') : t('police.overview.days', { days: number.format(value) }));
    const figures = (f: PoliceOverview['total']) => ({ waiting: f.waiting, overdue: f.overdue, decided: f.decided, median: days(f.medianDays), p90: days(f.p90Days) });
    return {
      year: o.year,
      rows: o.municipalities.map((m) => ({
        name: this.municipalities.get(m.municipalityId)?.name ?? m.municipalityId,
        target: t('police.overview.days', { days: m.targetDays }),
        withinTarget: m.decidedWithinTarget,
        ...figures(m),
      })),
      total: { name: t('police.overview.total', { area: areaName }), ...figures(o.total) },
      // Issue 14: the groups by status, the contact persons, the unread observations (police-liaison's own data).
      groupStatuses: GROUP_STATUSES.map((status) => t(`staff.status.${status}`)),
      // One row per municipality, then the area.
      groupTable: [
        ...o.groups.municipalities.map((m) => ({ name: this.municipalities.get(m.municipalityId)?.name ?? m.municipalityId, ...groupFigures(m) })),
        { name: t('police.overview.total', { area: areaName }), ...groupFigures(o.groups.total) },
      ],
    };
  }

  private options(t: Translate, current: 'cases' | 'overview' | 'case' = 'case') {
    // A case is under "Ärenden att besluta".
    return policeNavigation(t, current === 'overview' ? 'overview' : 'cases');
  }
}

/** The group statuses as enrolment names them, in the order the overview's table shows them. */
const GROUP_STATUSES = ['forming', 'awaiting-approval', 'active', 'paused', 'closed'] as const;

/** One row of the overview's group tables: the count per status (in GROUP_STATUSES' order), their sum, the contact persons, the unread observations. */
function groupFigures(f: PoliceOverview['groups']['total']) {
  const counts = GROUP_STATUSES.map((status) => f.byStatus[status]);
  return {
    counts,
    groups: counts.reduce((a, b) => a + b, 0),
    activeContactPersons: f.activeContactPersons,
    withoutContactPerson: f.groupsWithoutContactPerson,
    openObservations: f.openObservations,
  };
}
