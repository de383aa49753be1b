import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ROUND_FOLLOW_UP_API, type RoundFollowUpApi } from '../application/round-follow-up-api';
import { asFormBody, text } from '../domain/form-input';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { coordinatorOf, signedIn } from './access';
import { Pages, type ShownError, translate } from './pages';
import { isId, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { staffNavigation } from './staff-navigation';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const GROUPS_MAX = 30;

/**
 * A safety round's follow-up meeting page (issue 15): the meeting's day, the neighbourhood-watch groups that took part
 * as a reference group (shown on the public protocol), and the review of the round's findings — status, owner,
 * deadline, days open, overdue against the deadline and the six-month aim — print-friendly. The coordinator only.
 */
@Controller(':m/samordnare/trygghetsronder/:roundId/uppfoljning')
@UseFilters(WebExceptionFilter)
export class RoundFollowUpController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ROUND_FOLLOW_UP_API) private readonly api: RoundFollowUpApi,
  ) {}

  @Get()
  async show(@Param('m') id: string, @Param('roundId') roundId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, roundId, req, res);
    if (!access) return;
    await this.render(req, res, access.m, access.token, roundId, { notice: req.query['klart'] === 'sparat' });
  }

  @Post('mote')
  async meeting(@Param('m') id: string, @Param('roundId') roundId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, roundId, req, res);
    if (!access) return;
    const t = translate(res);
    const date = text(asFormBody(body), 'meetingDate');
    const again = (errors: ShownError[], status: number) => this.render(req, res, access.m, access.token, roundId, { values: { meetingDate: date }, errors, status });
    if (!DATE.test(date)) return again([{ field: 'meetingDate', text: t('errors.followUp.date.invalid') }], 400);
    const result = await this.api.setMeeting(access.token, access.m.id, roundId, date);
    if (result.kind === 'invalid') return again([{ field: 'meetingDate', text: t('errors.followUp.date.invalid') }], 400);
    if (result.kind === 'conflict') return again([{ field: 'meetingDate', text: t('errors.followUp.date.closed') }], 409);
    if (result.kind === 'not_found') throw new PageNotFound();
    res.redirect(303, `/${access.m.id}/samordnare/trygghetsronder/${roundId}/uppfoljning?klart=sparat`);
  }

  @Post('grupper')
  async groups(@Param('m') id: string, @Param('roundId') roundId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, roundId, req, res);
    if (!access) return;
    const t = translate(res);
    const raw = text(asFormBody(body), 'groups');
    const names = raw.split(/\r?\n/).map((n) => n.trim()).filter((n) => n !== '');
    if (names.length > GROUPS_MAX || names.some((n) => n.length > 200)) {
      return this.render(req, res, access.m, access.token, roundId, { values: { groups: raw }, errors: [{ field: 'groups', text: t('errors.followUp.groups.invalid') }], status: 400 });
    }
    const result = await this.api.setGroups(access.token, access.m.id, roundId, names.map((name) => ({ name, groupId: null })));
    if (result.kind === 'not_found') throw new PageNotFound();
    if (result.kind !== 'ok') return this.render(req, res, access.m, access.token, roundId, { values: { groups: raw }, errors: [{ field: 'groups', text: t('errors.followUp.groups.invalid') }], status: 400 });
    res.redirect(303, `/${access.m.id}/samordnare/trygghetsronder/${roundId}/uppfoljning?klart=sparat#grupper`);
  }

  private async render(req: Request, res: Response, m: BrandedMunicipality, token: string, roundId: string, extra: { notice?: boolean; values?: Record<string, string>; errors?: ShownError[]; status?: number }): Promise<void> {
    const t = translate(res);
    const result = await this.api.review(token, m.id, roundId);
    if (result.kind !== 'ok') throw new PageNotFound();
    const r = result.value;
    const rows = r.findings.map((f) => ({
      place: f.place.kind === 'address' ? f.place.address : `${f.place.lat.toFixed(5)}, ${f.place.lon.toFixed(5)}`,
      category: t(`rounds.category.${f.category}`),
      description: f.description,
      status: t(`rounds.finding.${f.status}`),
      owner: f.ownerEmail ?? t('followUp.noOwner'),
      responsible: f.responsibleOrganisation,
      deadline: f.deadline,
      daysOpen: f.daysOpen,
      flags: [...(f.overdue ? [t('followUp.overdue')] : []), ...(f.pastAim ? [t('followUp.pastAim')] : [])],
      fromWalk: f.origin !== null,
    }));
    const values = { meetingDate: r.followUpMeetingDate ?? '', groups: r.referenceGroups.map((g) => g.name).join('\n'), ...extra.values };
    this.pages.render(
      req,
      res,
      'round-follow-up.njk',
      { review: r, rows, values, notice: extra.notice ? t('followUp.saved') : undefined, roundHref: `/${m.id}/samordnare/trygghetsronder/${roundId}`, action: `/${m.id}/samordnare/trygghetsronder/${roundId}/uppfoljning` },
      { municipality: m, staffNavigation: staffNavigation(m, t, 'rounds'), errors: extra.errors ?? [], status: extra.status ?? 200 },
    );
  }

  private guard(id: string, roundId: string, req: Request, res: Response): { m: BrandedMunicipality; token: string } | undefined {
    const m = municipalityOr404(this.municipalities, id);
    if (!isId(roundId)) throw new PageNotFound();
    const session = signedIn(this.pages, req, res, coordinatorOf(m.id), m);
    return session ? { m, token: session.accessToken } : undefined;
  }
}
