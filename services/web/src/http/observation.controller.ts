import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ENROLMENT_API, type EnrolmentApi } from '../application/enrolment-api';
import { OBSERVATIONS_API, type ObservationsApi } from '../application/observations-api';
import { asFormBody } from '../domain/form-input';
import { OBSERVATION_ACTIVITIES, validateObservationForm } from '../domain/observation-form';
import { Pages, type ShownError, shownErrors, translate } from './pages';
import { MUNICIPALITIES, type Municipalities } from './params';
import { type Loaded, loadSelfService } from './self-service.controller';
import { WebExceptionFilter } from './web-exception.filter';

type Self = Extract<Loaded, { ok: true }>;

/** The form's date and time are Swedish wall-clock time (every municipality's `timezone` is Europe/Stockholm today). */
const OBSERVATION_TIME_ZONE = 'Europe/Stockholm';

const FIELDS = new Set(['groupId', 'date', 'time', 'placeKind', 'address', 'lat', 'lng', 'activity', 'description']);

/**
 * "Berätta vad du har sett" (`/<m>/mina-uppgifter/<token>/iakttagelse`): a member or contact person reports an
 * observation to their police area. The link proves who they are: enrolment's answer for it gives the person id,
 * their groups and each group's area, which is what the web sends to police-liaison (with its own secret) — the
 * browser only chooses among the person's own groups. The page says first that this is not a crime report (112,
 * 114 14 / polisen.se), asks for behaviour, warns against describing people by their looks, and takes no files.
 */
@Controller(':m/mina-uppgifter/:token/iakttagelse')
@UseFilters(WebExceptionFilter)
export class ObservationController {
  constructor(
    readonly pages: Pages,
    @Inject(MUNICIPALITIES) readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) readonly enrolment: EnrolmentApi,
    @Inject(OBSERVATIONS_API) private readonly observations: ObservationsApi,
  ) {}

  @Get()
  async page(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const self = await loadSelfService(this, id, token, req, res);
    if (!self.ok) return;
    if (!this.hasGroup(req, res, self)) return;
    this.form(req, res, self, { placeKind: 'address' }, [], 200);
  }

  @Post()
  async send(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const self = await loadSelfService(this, id, token, req, res);
    if (!self.ok) return;
    if (!this.hasGroup(req, res, self)) return;
    const t = translate(res);
    const groups = self.view.memberships;
    const form = validateObservationForm(body, groups.map((g) => g.groupId), OBSERVATION_TIME_ZONE, new Date());
    if (!form.ok) return this.form(req, res, self, form.values, shownErrors(t, form.errors), 400);
    const group = groups.find((g) => g.groupId === form.value.groupId)!;
    const { groupId: _g, ...observation } = form.value;
    const result = await this.observations.report({ municipalityId: self.municipality.id, personId: self.view.personId, groupId: group.groupId, areaId: group.areaId, ...observation });
    if (result.kind === 'limited') {
      return this.pages.message(req, res, { title: t('observation.limited.title'), paragraphs: [t('observation.limited.p1')], link: { href: self.base, text: t('layout.back') } }, { municipality: self.municipality, status: 429 });
    }
    if (result.kind === 'invalid') {
      // police-liaison refused what the form accepted (e.g. a few minutes into the future by its clock): shown at the field.
      const errors: ShownError[] = result.fields.map((f) => ({ field: FIELDS.has(f.field) ? f.field : f.field === 'occurredAt' ? 'date' : 'description', text: f.message }));
      return this.form(req, res, self, asFormBody(body), errors, 400);
    }
    this.pages.message(req, res, { title: t('observation.sent.title'), panel: true, paragraphs: [t('observation.sent.p1'), t('observation.sent.p2')], link: { href: self.base, text: t('layout.back') } }, { municipality: self.municipality });
  }

  private hasGroup(req: Request, res: Response, self: Self): boolean {
    if (self.view.memberships.length) return true;
    const t = translate(res);
    this.pages.message(req, res, { title: t('observation.noGroup.title'), paragraphs: [t('observation.noGroup.p1')], link: { href: self.base, text: t('layout.back') } }, { municipality: self.municipality });
    return false;
  }

  private form(req: Request, res: Response, self: Self, values: Record<string, unknown>, errors: ShownError[], status: number): void {
    const groups = self.view.memberships.map((g) => ({ id: g.groupId, name: g.groupName, areaName: g.areaName }));
    this.pages.render(req, res, 'self-observation.njk', { base: self.base, values, groups, activities: OBSERVATION_ACTIVITIES }, { municipality: self.municipality, errors, status });
  }
}
