import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ENROLMENT_API, type EnrolmentApi, type LinkProblem, type SelfServiceView } from '../application/enrolment-api';
import { asFormBody, checked, text } from '../domain/form-input';
import { validateSelfServiceForm } from '../domain/other-forms';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { Pages, shownErrors, translate } from './pages';
import { isId, isToken, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { linkProblemPage, remoteErrors } from './resident.controller';
import { WebExceptionFilter } from './web-exception.filter';

export type Loaded = { ok: true; view: SelfServiceView; municipality: BrandedMunicipality; base: string } | { ok: false };

/** A self-service link's problem as a page (a used link counts as unknown here: these links are reusable). */
export function selfServiceProblem(pages: Pages, req: Request, res: Response, municipality: BrandedMunicipality, problem: LinkProblem): void {
  const page = linkProblemPage(problem.kind === 'token_used' ? { kind: 'token_invalid' } : problem, translate(res), municipality);
  pages.message(req, res, page.content, { municipality, status: page.status });
}

/** Loads "Mina uppgifter" for a link, or answers with the link's problem page. */
export async function loadSelfService(
  deps: { pages: Pages; municipalities: Municipalities; enrolment: EnrolmentApi },
  id: string,
  token: string,
  req: Request,
  res: Response,
): Promise<Loaded> {
  const municipality = municipalityOr404(deps.municipalities, id);
  if (!isToken(token)) {
    selfServiceProblem(deps.pages, req, res, municipality, { kind: 'token_invalid' });
    return { ok: false };
  }
  const answer = await deps.enrolment.selfService(token);
  // A link of another municipality is shown as unknown here: no hint that it exists elsewhere.
  if (answer.kind !== 'ok' || answer.view.municipalityId !== municipality.id) {
    selfServiceProblem(deps.pages, req, res, municipality, answer.kind === 'ok' ? { kind: 'token_invalid' } : answer);
    return { ok: false };
  }
  return { ok: true, view: answer.view, municipality, base: `/${municipality.id}/mina-uppgifter/${token}` };
}

/**
 * "Mina uppgifter", opened from the link in every email: see everything, correct it, change notification
 * choices, leave a group, delete oneself (with a confirmation step). Every change is a POST with a CSRF token.
 */
@Controller(':m/mina-uppgifter/:token')
@UseFilters(WebExceptionFilter)
export class SelfServiceController {
  constructor(
    readonly pages: Pages,
    @Inject(MUNICIPALITIES) readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) readonly enrolment: EnrolmentApi,
  ) {}

  @Get()
  async show(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (!loaded.ok) return;
    const t = translate(res);
    const notices: Record<string, string> = { sparat: t('self.saved'), lamnat: t('self.left'), skylt: t('self.reported'), 'ny-e-post': t('self.emailPending') };
    const notice = typeof req.query['klart'] === 'string' ? notices[req.query['klart']] : undefined;
    this.pages.render(req, res, 'self-service.njk', { person: loaded.view, base: loaded.base, notice }, { municipality: loaded.municipality });
  }

  @Get('andra')
  async editPage(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (!loaded.ok) return;
    const v = loaded.view;
    const address = v.registrations[0]?.address;
    const values = {
      name: v.name,
      email: v.email,
      mobile: v.mobile ?? '',
      smsOptIn: v.smsOptIn,
      emailUpdates: v.emailUpdates,
      protectedIdentity: v.protectedIdentity,
      street: address?.street ?? '',
      streetNumber: address?.number ?? '',
      postcode: address?.postcode ?? '',
      city: address?.city ?? '',
      registrationId: v.registrations[0]?.registrationId ?? '',
    };
    this.pages.render(req, res, 'self-edit.njk', { values, base: loaded.base }, { municipality: loaded.municipality });
  }

  @Post('andra')
  async edit(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const base = `/${municipality.id}/mina-uppgifter/${token}`;
    if (!isToken(token)) return this.problem(req, res, municipality, { kind: 'token_invalid' });
    const t = translate(res);
    const result = validateSelfServiceForm(body);
    if (!result.ok) {
      const values = { ...result.values, registrationId: text(asFormBody(body), 'registrationId') };
      this.pages.render(req, res, 'self-edit.njk', { values, base }, { municipality, status: 400, errors: shownErrors(t, result.errors) });
      return;
    }
    const v = result.value;
    const registrationId = text(asFormBody(body), 'registrationId');
    const answer = await this.enrolment.updateSelfService(token, {
      ...(isId(registrationId) ? { registrationId } : {}),
      name: v.name,
      email: v.email,
      mobile: v.mobile,
      smsOptIn: v.smsOptIn,
      emailUpdates: v.emailUpdates,
      protectedIdentity: v.protectedIdentity,
      address: { street: v.address.street, number: v.address.streetNumber, postcode: v.address.postcode, ...(v.address.city ? { city: v.address.city } : {}) },
    });
    if (answer.kind === 'invalid' || answer.kind === 'duplicate') {
      const values = { ...v, ...v.address, mobile: v.mobile ?? '', city: v.address.city ?? '', registrationId };
      const errors = answer.kind === 'invalid' ? remoteErrors(answer.fields, t) : [{ field: 'email', text: t('errors.email.duplicate') }];
      this.pages.render(req, res, 'self-edit.njk', { values, base }, { municipality, status: 400, errors });
      return;
    }
    if (answer.kind !== 'ok') return this.problem(req, res, municipality, answer);
    // A new address is not the address yet: enrolment sent a link to it (and told the old one).
    const pending = answer.view.pendingEmail && answer.view.pendingEmail !== answer.view.email;
    res.redirect(303, `${base}?klart=${pending ? 'ny-e-post' : 'sparat'}`);
  }

  @Post('lamna')
  async leave(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.problem(req, res, municipality, { kind: 'token_invalid' });
    const groupId = text(asFormBody(body), 'groupId');
    const answer = await this.enrolment.leave(token, groupId && isId(groupId) ? groupId : undefined);
    if (answer.kind !== 'left') return this.problem(req, res, municipality, answer);
    res.redirect(303, `/${municipality.id}/mina-uppgifter/${token}?klart=lamnat`);
  }

  @Get('radera')
  async deletePage(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await this.load(id, token, req, res);
    if (!loaded.ok) return;
    this.pages.render(req, res, 'self-delete.njk', { base: loaded.base }, { municipality: loaded.municipality });
  }

  @Post('radera')
  async erase(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const base = `/${municipality.id}/mina-uppgifter/${token}`;
    if (!isToken(token)) return this.problem(req, res, municipality, { kind: 'token_invalid' });
    const t = translate(res);
    if (!checked(asFormBody(body), 'confirm')) {
      this.pages.render(req, res, 'self-delete.njk', { base }, { municipality, status: 400, errors: [{ field: 'confirm', text: t('errors.deleteConfirm.required') }] });
      return;
    }
    const answer = await this.enrolment.erase(token);
    if (answer.kind !== 'erased') return this.problem(req, res, municipality, answer);
    const later = answer.mode === 'keep-days' ? answer.anonymiseAt : undefined;
    this.pages.message(
      req,
      res,
      { title: t('self.deleted.title'), panel: true, paragraphs: [later ? t('self.deleted.later', { date: later.slice(0, 10) }) : t('self.deleted.now')] },
      { municipality },
    );
  }

  private load(id: string, token: string, req: Request, res: Response): Promise<Loaded> {
    return loadSelfService(this, id, token, req, res);
  }

  private problem(req: Request, res: Response, municipality: BrandedMunicipality, problem: LinkProblem): void {
    selfServiceProblem(this.pages, req, res, municipality, problem);
  }
}
