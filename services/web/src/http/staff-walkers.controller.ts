import { Controller, Get, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WALKER_ROSTER_API, type WalkerRosterApi } from '../application/walker-roster-api';
import { swedishDay } from '../domain/start-meeting';
import { rosterByOrganisation } from '../domain/walker-roster';
import type { StepTitles } from '../infrastructure/onboarding-step-titles';
import type { WalkerOrganisations } from '../infrastructure/walker-organisations';
import { coordinatorOf, signedIn } from './access';
import { staffNavigation } from './staff-navigation';
import { localsOf, Pages, translate } from './pages';
import { MUNICIPALITIES, type Municipalities, municipalityOr404, WALKER_ORGANISATIONS } from './params';
import { WebExceptionFilter } from './web-exception.filter';

/** The titles of the steps of each municipality's walker onboarding (`Map<municipalityId, StepTitles>`). */
export const VOLUNTEER_STEP_TITLES = Symbol('VOLUNTEER_STEP_TITLES');

/**
 * The coordinator's walkers (`/<m>/samordnare/vandrare`): the municipality's organisations and their walkers, who waits
 * at which onboarding step and since when, languages and availability — a view of volunteers' `GET /staff/:m/volunteers`
 * (audited there) with the signed-in coordinator's token. No contact details, no JavaScript.
 */
@Controller(':m/samordnare')
@UseFilters(WebExceptionFilter)
export class StaffWalkersController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(WALKER_ORGANISATIONS) private readonly organisations: Map<string, WalkerOrganisations>,
    @Inject(VOLUNTEER_STEP_TITLES) private readonly stepTitles: Map<string, StepTitles>,
    @Inject(WALKER_ROSTER_API) private readonly roster: WalkerRosterApi,
  ) {}

  @Get('vandrare')
  async walkers(@Param('m') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const m = municipalityOr404(this.municipalities, id);
    const session = signedIn(this.pages, req, res, coordinatorOf(m.id), m);
    if (!session) return;
    const t = translate(res);
    const answer = await this.roster.roster(session.accessToken, m.id);
    if (answer === 'forbidden') {
      this.pages.message(req, res, { title: t('auth.forbidden.title'), paragraphs: [t('auth.forbidden.p1', { name: session.name })], link: { href: '/inloggad', text: t('auth.forbidden.link') } }, { status: 403, municipality: m });
      return;
    }
    const titles = this.stepTitles.get(m.id);
    const groups = rosterByOrganisation(answer.volunteers, this.organisations.get(m.id)?.organisations ?? [], t, {
      lang: localsOf(res).lang,
      stepTitle: (stepId) => titles?.get(stepId),
      day: (iso) => swedishDay(iso) ?? '–',
    });
    this.pages.render(req, res, 'staff-walkers.njk', { groups, truncated: answer.truncated }, { municipality: m, staffNavigation: staffNavigation(m, t, 'walkers') });
  }
}
