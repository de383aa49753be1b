import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type ConfirmResult, ENROLMENT_API, type EnrolmentApi, type LinkProblem, type RemoteFieldProblem } from '../application/enrolment-api';
import { asFormBody, text } from '../domain/form-input';
import type { Translate } from '../i18n';
import { validateRegistrationForm } from '../domain/registration-form';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { FormLimits } from './middleware';
import { localsOf, Pages, type ShownError, shownErrors, translate } from './pages';
import { isToken, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { WebExceptionFilter } from './web-exception.filter';

/** Where the enrolment service's field paths show up in our form. */
const FORM_FIELD: Record<string, string> = {
  'address.street': 'street',
  'address.number': 'streetNumber',
  'address.postcode': 'postcode',
  'address.city': 'city',
  address: 'street',
  intent: 'choice',
  smsOptIn: 'mobile',
  name: 'name',
  email: 'email',
  mobile: 'mobile',
  protectedIdentity: 'protectedIdentity',
  registrationId: 'street',
};

export function remoteErrors(fields: RemoteFieldProblem[], t: Translate): ShownError[] {
  const shown = fields.map((f) => ({ field: FORM_FIELD[f.field] ?? 'name', text: f.message || t('errors.generic') }));
  return shown.length ? shown : [{ field: 'name', text: t('errors.generic') }];
}

export function linkProblemPage(problem: LinkProblem, t: Translate, m: BrandedMunicipality) {
  const register = { href: `/${m.id}/grannsamverkan`, text: t('link.register') };
  switch (problem.kind) {
    case 'token_expired':
      return { status: 410, content: { title: t('link.expired.title'), paragraphs: [t('link.expired.p1')], link: register } };
    case 'token_used':
      return { status: 410, content: { title: t('link.used.title'), paragraphs: [t('link.used.p1')], link: register } };
    default:
      return { status: 404, content: { title: t('link.invalid.title'), paragraphs: [t('link.invalid.p1')], link: register } };
  }
}

/** "What happens next" in plain words, from where the confirmation placed the resident. */
export function whatHappensNext(result: Extract<ConfirmResult, { kind: 'confirmed' }>, t: Translate): string[] {
  const paragraphs: string[] = [];
  const placement = result.placement;
  if (placement?.kind === 'placed') {
    const names = { group: placement.group.name, area: placement.area.name };
    paragraphs.push(placement.group.newlyCreated ? t('confirmed.placedNew', names) : t('confirmed.placed', names));
    paragraphs.push(placement.group.status === 'active' ? t('confirmed.groupActive') : t('confirmed.groupForming'));
  } else {
    paragraphs.push(t('confirmed.triage'));
  }
  if (result.intent === 'contact-person') paragraphs.push(t('confirmed.contactPerson'));
  paragraphs.push(t('confirmed.selfService'));
  if (result.smsRequested) paragraphs.push(t('confirmed.confirmMobile'));
  return paragraphs;
}

/** The resident's pages: the intro and registration form, "check your email", the confirmation, the privacy notice. */
@Controller()
@UseFilters(WebExceptionFilter)
export class ResidentController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) private readonly enrolment: EnrolmentApi,
    private readonly limits: FormLimits,
  ) {}

  @Get()
  start(@Req() req: Request, @Res() res: Response): void {
    const list = [...this.municipalities.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    this.pages.render(req, res, 'start.njk', { municipalities: list });
  }

  @Get(':m/grannsamverkan')
  form(@Param('m') id: string, @Req() req: Request, @Res() res: Response): void {
    const municipality = municipalityOr404(this.municipalities, id);
    this.pages.render(req, res, 'registration.njk', { values: {} }, { municipality });
  }

  @Post(':m/grannsamverkan')
  async submit(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const sent = `/${municipality.id}/grannsamverkan/tack`;
    const form = asFormBody(body);
    // The honeypot: people never see it; a bot that fills it gets the same answer as everyone, and nothing is sent.
    if (text(form, 'website')) return res.redirect(303, sent);
    const t = translate(res);
    const result = validateRegistrationForm(form);
    if (!result.ok) {
      this.pages.render(req, res, 'registration.njk', { values: result.values }, { municipality, status: 400, errors: shownErrors(t, result.errors) });
      return;
    }
    const v = result.value;
    const address = { street: v.street, number: v.streetNumber, postcode: v.postcode };
    if (!(await this.limits.allow(req, res, { email: v.email, address, mobile: v.mobile }))) return;
    const answer = await this.enrolment.submitRegistration({
      municipalityId: municipality.id,
      name: v.name,
      email: v.email,
      ...(v.mobile ? { mobile: v.mobile } : {}),
      smsOptIn: v.smsOptIn,
      address: { street: v.street, number: v.streetNumber, postcode: v.postcode, ...(v.city ? { city: v.city } : {}) },
      intent: v.choice,
      protectedIdentity: v.protectedIdentity,
      language: localsOf(res).lang,
    });
    if (answer.kind === 'invalid') {
      const values = { ...v, city: v.city ?? '', mobile: v.mobile ?? text(form, 'mobile') };
      this.pages.render(req, res, 'registration.njk', { values }, { municipality, status: 400, errors: remoteErrors(answer.fields, t) });
      return;
    }
    res.redirect(303, sent);
  }

  @Get(':m/grannsamverkan/tack')
  sent(@Param('m') id: string, @Req() req: Request, @Res() res: Response): void {
    const municipality = municipalityOr404(this.municipalities, id);
    const t = translate(res);
    this.pages.message(
      req,
      res,
      { title: t('sent.title'), paragraphs: [t('sent.p1'), t('sent.p2'), t('sent.p3')], link: { href: `/${municipality.id}/grannsamverkan`, text: t('sent.again') } },
      { municipality },
    );
  }

  /** Opening the link changes nothing (mail scanners open links too): it shows a button that posts. */
  @Get(':m/grannsamverkan/bekrafta/:token')
  confirmPage(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): void {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.linkProblem(req, res, municipality, { kind: 'token_invalid' });
    this.pages.render(req, res, 'confirm.njk', { token }, { municipality });
  }

  @Post(':m/grannsamverkan/bekrafta/:token')
  async confirm(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.linkProblem(req, res, municipality, { kind: 'token_invalid' });
    const result = await this.enrolment.confirm(municipality.id, token);
    if (result.kind !== 'confirmed') return this.linkProblem(req, res, municipality, result);
    const t = translate(res);
    this.pages.message(req, res, { title: t('confirmed.title'), panel: true, heading: t('confirmed.next'), paragraphs: whatHappensNext(result, t) }, { municipality });
  }

  @Get(':m/integritet')
  privacy(@Param('m') id: string, @Req() req: Request, @Res() res: Response): void {
    const municipality = municipalityOr404(this.municipalities, id);
    this.pages.render(req, res, 'privacy.njk', {}, { municipality });
  }

  private linkProblem(req: Request, res: Response, municipality: BrandedMunicipality, problem: LinkProblem): void {
    const page = linkProblemPage(problem, translate(res), municipality);
    this.pages.message(req, res, page.content, { municipality, status: page.status });
  }
}
