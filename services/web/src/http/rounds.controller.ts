import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { RemoteFieldProblem } from '../application/enrolment-api';
import { ROUNDS_API, type RoundsApi } from '../application/rounds-api';
import { validateRoundForm } from '../domain/round-form';
import type { Translate } from '../i18n';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { coordinatorOf, signedIn } from './access';
import { Pages, type ShownError, shownErrors, translate } from './pages';
import { isId, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

const ROUND_FIELDS = ['district', 'plannedDate', 'meetingPoint'];

/** volunteers' field errors on a new round, next to the form's fields. */
function roundRemoteErrors(fields: RemoteFieldProblem[], t: Translate): ShownError[] {
  const shown = fields.map((f) => ({ field: ROUND_FIELDS.includes(f.field) ? f.field : 'district', text: f.message || t('errors.generic') }));
  return shown.length ? shown : [{ field: 'district', text: t('errors.generic') }];
}

/**
 * Safety rounds (trygghetsronder), views of volunteers' API: the public protocol of a held round (no personal data:
 * what was found, what was fixed and how fast, which neighbourhood-watch groups took part), and the coordinator's
 * pages — the municipality's rounds with the form to plan one, and a round's findings with their status. Only a
 * signed-in coordinator of the municipality in the URL sees the latter (volunteers checks the token again). CSRF and
 * the security headers are the shared middleware every form has.
 */
@Controller(':m')
@UseFilters(WebExceptionFilter)
export class RoundsController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ROUNDS_API) private readonly rounds: RoundsApi,
  ) {}

  @Get('trygghetsrond/:roundId')
  async protocol(@Param('m') id: string, @Param('roundId') roundId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isId(roundId)) throw new PageNotFound();
    const protocol = await this.rounds.protocol(municipality.id, roundId);
    if (!protocol) throw new PageNotFound();
    this.pages.render(req, res, 'round-protocol.njk', { protocol }, { municipality });
  }

  @Get('samordnare/trygghetsronder')
  async list(@Param('m') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    await this.showList(req, res, access, {});
  }

  @Post('samordnare/trygghetsronder')
  async plan(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const t = translate(res);
    const form = validateRoundForm(body);
    if (!form.ok) return this.showList(req, res, access, { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    const result = await this.rounds.plan(access.token, access.m.id, form.value);
    if (result.kind === 'invalid') return this.showList(req, res, access, { values: { ...form.value }, errors: roundRemoteErrors(result.fields, t), status: 400 });
    res.redirect(303, `/${access.m.id}/samordnare/trygghetsronder/${result.roundId}`);
  }

  @Get('samordnare/trygghetsronder/:roundId')
  async round(@Param('m') id: string, @Param('roundId') roundId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    if (!isId(roundId)) throw new PageNotFound();
    const round = await this.rounds.round(access.token, access.m.id, roundId);
    if (!round) throw new PageNotFound();
    this.pages.render(req, res, 'staff-round.njk', { round }, this.options$(access.m, translate(res)));
  }

  private async showList(req: Request, res: Response, access: { m: BrandedMunicipality; token: string }, extra: { values?: Record<string, unknown>; errors?: ShownError[]; status?: number }): Promise<void> {
    const rounds = await this.rounds.rounds(access.token, access.m.id);
    this.pages.render(req, res, 'staff-rounds.njk', { rounds, values: extra.values ?? {} }, { ...this.options$(access.m, translate(res)), errors: extra.errors ?? [], status: extra.status ?? 200 });
  }

  private guard(id: string, req: Request, res: Response): { m: BrandedMunicipality; token: string } | undefined {
    const m = municipalityOr404(this.municipalities, id);
    const session = signedIn(this.pages, req, res, coordinatorOf(m.id), m);
    return session ? { m, token: session.accessToken } : undefined;
  }

  private options$(m: BrandedMunicipality, t: Translate) {
    const base = `/${m.id}/samordnare`;
    return {
      municipality: m,
      staffNavigation: [
        { text: t('staff.nav.triage'), href: base },
        { text: t('staff.nav.groups'), href: `${base}/grupper` },
        { text: t('rounds.nav'), href: `${base}/trygghetsronder`, current: true },
      ],
    };
  }
}
