import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { OBSERVATIONS_API, type ObservationsApi, type ShownObservation } from '../application/observations-api';
import { validateObservationAnswer } from '../domain/observation-form';
import type { StaffSession } from '../domain/staff-session';
import type { Translate } from '../i18n';
import { policeOfficer, signedIn } from './access';
import { policeNavigation } from './police-navigation';
import { Pages, type ShownError, shownErrors, translate } from './pages';
import { isId, MUNICIPALITIES, type Municipalities } from './params';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

/** Times as Swedish wall-clock time, e.g. 2026-05-10 01:30. */
const LOCAL_TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

/** An OpenStreetMap link to a map point (a plain link: no map script or tiles on our pages). */
export function openStreetMapUrl(lat: number, lng: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
}

/**
 * The officer's observations (`/polis/observationer`): the list of their police area, newest first with the open
 * ones marked; one observation with "mark read" and the answer form; and a simple map — the map points as links to
 * OpenStreetMap (no JavaScript, no external scripts). Every call carries the officer's access token; police-liaison
 * answers only for the officer's area and audits each action.
 */
@Controller('polis/observationer')
@UseFilters(WebExceptionFilter)
export class PoliceObservationsController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(OBSERVATIONS_API) private readonly observations: ObservationsApi,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return;
    const t = translate(res);
    const observations = (await this.observations.ofArea(session.accessToken, session.policeAreaId!)).map((o) => this.shown(o, t));
    this.pages.render(req, res, 'police-observations.njk', { observations, areaName: this.areaName(session.policeAreaId!) }, this.options(t));
  }

  @Get('karta')
  async map(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return;
    const t = translate(res);
    const points = (await this.observations.ofArea(session.accessToken, session.policeAreaId!)).filter((o) => o.place.kind === 'point').map((o) => this.shown(o, t));
    this.pages.render(req, res, 'police-observations-map.njk', { points, areaName: this.areaName(session.policeAreaId!) }, this.options(t));
  }

  @Get(':id')
  async one(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return;
    const notice = typeof req.query['klart'] === 'string' ? ({ svar: 'police.observation.sent', last: 'police.observation.marked' } as Record<string, string>)[req.query['klart']] : undefined;
    this.show(req, res, await this.find(session, id), { values: {}, notice });
  }

  @Post(':id/last')
  async read(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return;
    if (!isId(id) || !(await this.observations.markRead(session.accessToken, id))) throw new PageNotFound();
    res.redirect(303, `/polis/observationer/${id}?klart=last`);
  }

  @Post(':id/svar')
  async answer(@Param('id') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return;
    const t = translate(res);
    const form = validateObservationAnswer(body);
    if (!form.ok) return this.show(req, res, await this.find(session, id), { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    const result = await this.observations.answer(session.accessToken, id, form.value.answer);
    if (result.kind === 'not_found') throw new PageNotFound();
    if (result.kind === 'already_answered') {
      return this.pages.message(req, res, { title: t('police.observation.alreadyAnswered'), paragraphs: [], link: { href: `/polis/observationer/${id}`, text: t('police.observations.backToList') } }, { ...this.options(t), status: 409 });
    }
    if (result.kind === 'invalid') {
      const errors: ShownError[] = result.fields.map((f) => ({ field: 'answer', text: f.message }));
      return this.show(req, res, await this.find(session, id), { values: form.value, errors, status: 400 });
    }
    res.redirect(303, `/polis/observationer/${id}?klart=svar`);
  }

  private async find(session: StaffSession, id: string): Promise<ShownObservation> {
    if (!isId(id)) throw new PageNotFound();
    const found = await this.observations.get(session.accessToken, id);
    if (!found) throw new PageNotFound();
    return found;
  }

  private show(req: Request, res: Response, o: ShownObservation, extra: { values: Record<string, unknown>; errors?: ShownError[]; status?: number; notice?: string | undefined }): void {
    const t = translate(res);
    this.pages.render(req, res, 'police-observation.njk', { o: this.shown(o, t), values: extra.values, notice: extra.notice ? t(extra.notice) : undefined }, { ...this.options(t), errors: extra.errors ?? [], status: extra.status ?? 200 });
  }

  private shown(o: ShownObservation, t: Translate) {
    return {
      ...o,
      municipalityName: this.municipalities.get(o.municipalityId)?.name ?? o.municipalityId,
      activityText: t(`observation.activity.${o.activity}`),
      statusText: t(`police.observations.status.${o.status}`),
      whereText: o.place.kind === 'address' ? o.place.address : t('police.observations.point', { lat: o.place.lat, lng: o.place.lng }),
      mapUrl: o.place.kind === 'point' ? openStreetMapUrl(o.place.lat, o.place.lng) : undefined,
      when: LOCAL_TIME.format(new Date(o.occurredAt)),
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
    return policeNavigation(t, 'observations');
  }
}
