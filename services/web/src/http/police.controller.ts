import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { POLICE_API, type PoliceApi, type PoliceCase } from '../application/police-api';
import { validateDecisionForm } from '../domain/police-decision-form';
import type { StaffSession } from '../domain/staff-session';
import type { Translate } from '../i18n';
import { policeOfficer, signedIn } from './access';
import { Pages, type ShownError, shownErrors, translate } from './pages';
import { isId, MUNICIPALITIES, type Municipalities } from './params';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

/**
 * The police officer's pages: the pending cases of their own police area (`/polis`) and a case with the decision
 * form (`/polis/arenden/:id`: approve, reject or ask for more information, with a reason). Every call to
 * police-liaison carries the officer's access token; police-liaison answers only for the officer's area.
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
    const notice = typeof req.query['beslut'] === 'string' && ['approve', 'reject', 'needs-info'].includes(req.query['beslut']) ? t(`police.decided.${req.query['beslut']}`) : undefined;
    this.pages.render(req, res, 'police-cases.njk', { cases, notice, areaName: this.areaName(session.policeAreaId!) }, this.options(t));
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

  private async pendingCases(session: StaffSession): Promise<PoliceCase[]> {
    const result = await this.police.pendingCases(session.accessToken, session.policeAreaId!);
    return result.kind === 'ok' ? result.cases : [];
  }

  /** A case is shown only while it is pending in the officer's own area (police-liaison lists exactly those). */
  private async caseOf(session: StaffSession, caseId: string): Promise<PoliceCase> {
    if (!isId(caseId)) throw new PageNotFound();
    const found = (await this.pendingCases(session)).find((c) => c.id === caseId);
    if (!found) throw new PageNotFound();
    return found;
  }

  private showCase(req: Request, res: Response, c: PoliceCase, extra: { values: Record<string, unknown>; errors?: ShownError[]; status?: number }): void {
    const t = translate(res);
    this.pages.render(req, res, 'police-case.njk', { c: this.shown(c, t), values: extra.values }, { ...this.options(t), errors: extra.errors ?? [], status: extra.status ?? 200 });
  }

  private shown(c: PoliceCase, t: Translate) {
    return {
      ...c,
      municipalityName: this.municipalities.get(c.municipalityId)?.name ?? c.municipalityId,
      subjectText: t(`police.subject.${c.subject.kind}`),
      fields: Object.entries(c.subjectFields).map(([key, value]) => ({ key, value: String(value) })),
    };
  }

  private areaName(areaId: string): string {
    for (const m of this.municipalities.values()) {
      const area = m.policeAreas.find((a) => a.id === areaId);
      if (area) return area.name;
    }
    return areaId;
  }

  private options(t: Translate) {
    return {
      staffNavigation: [
        { text: t('police.nav.cases'), href: '/polis', current: true },
        // The observations from the groups (PoliceObservationsController).
        { text: t('police.nav.observations'), href: '/polis/observationer' },
      ],
      staffHome: { text: t('police.title'), href: '/polis' },
    };
  }
}
