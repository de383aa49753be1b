import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { LinkProblem, RemoteFieldProblem } from '../application/enrolment-api';
import { VOLUNTEERS_API, type VolunteersApi } from '../application/volunteers-api';
import { asFormBody, text } from '../domain/form-input';
import { AVAILABILITY, SPOKEN_LANGUAGES, validateWalkerForm, type WalkerForm } from '../domain/walker-form';
import { WalkerMobileCapabilities } from '../domain/walker-mobile-capability';
import type { Translate } from '../i18n';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import type { WalkerOrganisations } from '../infrastructure/walker-organisations';
import { localsOf, Pages, type ShownError, shownErrors, translate } from './pages';
import { isToken, MUNICIPALITIES, type Municipalities, municipalityOr404, WALKER_ORGANISATIONS } from './params';
import { WebExceptionFilter } from './web-exception.filter';

/** Where the volunteers service's field paths show up in the walker form. */
const WALKER_FIELD: Record<string, string> = {
  name: 'name',
  email: 'email',
  mobile: 'mobile',
  smsOptIn: 'mobile',
  birthYear: 'birthYear',
  language: 'language',
  organisationId: 'organisationId',
  spokenLanguages: 'spokenLanguages',
  otherLanguages: 'otherLanguages',
  availability: 'availability',
};

export function walkerRemoteErrors(fields: RemoteFieldProblem[], t: Translate): ShownError[] {
  // A list's field comes with the index of the bad entry (`spokenLanguages.1`): shown at the list.
  const shown = fields.map((f) => ({ field: WALKER_FIELD[f.field.split('.')[0] ?? ''] ?? 'name', text: f.message || t('errors.generic') }));
  return shown.length ? shown : [{ field: 'name', text: t('errors.generic') }];
}

/**
 * The walker (trygghetsvandrare) sign-up: the form, "check your email" (the same page whether or not the address was
 * known), and the confirmation behind the emailed link (GET shows a button, POST confirms: link scanners confirm
 * nothing; a walker who gave a mobile and chose SMS is offered to confirm the number by a code, WalkerMobileController). CSRF, the per-network limit on posts and the security headers are the shared middleware every form
 * has (SharedModule); the honeypot is checked here as on the resident form.
 */
@Controller()
@UseFilters(WebExceptionFilter)
export class WalkerController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(VOLUNTEERS_API) private readonly volunteers: VolunteersApi,
    private readonly capabilities: WalkerMobileCapabilities,
    @Inject(WALKER_ORGANISATIONS) private readonly organisations: Map<string, WalkerOrganisations>,
  ) {}

  @Get(':m/trygghetsvandring')
  form(@Param('m') id: string, @Req() req: Request, @Res() res: Response): void {
    const municipality = municipalityOr404(this.municipalities, id);
    const values = { language: localsOf(res).lang, organisationId: this.organisations.get(municipality.id)?.defaultOrganisation ?? '' };
    this.pages.render(req, res, 'walker-signup.njk', { values, ...this.choices(municipality.id) }, { municipality });
  }

  /** The form's choices: the municipality's organisations, the languages and the availability offered. */
  private choices(municipalityId: string) {
    return { organisations: this.organisations.get(municipalityId)?.organisations ?? [], spokenLanguages: SPOKEN_LANGUAGES, availabilityOptions: AVAILABILITY };
  }

  /** What was sent, as the form shows it again (volunteers refused a field). */
  private valuesOf(v: WalkerForm, mobile: string): Record<string, unknown> {
    return {
      ...v,
      mobile: v.mobile ?? mobile,
      birthYear: String(v.birthYear),
      ...Object.fromEntries(v.spokenLanguages.map((l) => [`spokenLanguages.${l}`, true])),
      ...Object.fromEntries(v.availability.map((a) => [`availability.${a}`, true])),
    };
  }

  @Post(':m/trygghetsvandring')
  async submit(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const sent = `/${municipality.id}/trygghetsvandring/tack`;
    const form = asFormBody(body);
    // The honeypot: people never see it; a bot that fills it gets the same answer as everyone, and nothing is sent.
    if (text(form, 'website')) return res.redirect(303, sent);
    const t = translate(res);
    const choices = this.choices(municipality.id);
    const result = validateWalkerForm(form, localsOf(res).lang, new Date(), choices.organisations.map((o) => o.id));
    if (!result.ok) {
      this.pages.render(req, res, 'walker-signup.njk', { values: result.values, ...choices }, { municipality, status: 400, errors: shownErrors(t, result.errors) });
      return;
    }
    const v = result.value;
    const answer = await this.volunteers.signUp({
      municipalityId: municipality.id,
      name: v.name,
      email: v.email,
      birthYear: v.birthYear,
      ...(v.mobile ? { mobile: v.mobile } : {}),
      smsOptIn: v.smsOptIn,
      language: v.language,
      ...(v.organisationId ? { organisationId: v.organisationId } : {}),
      spokenLanguages: v.spokenLanguages,
      ...(v.otherLanguages ? { otherLanguages: v.otherLanguages } : {}),
      availability: v.availability,
    });
    if (answer.kind === 'invalid') {
      const values = this.valuesOf(v, text(form, 'mobile'));
      this.pages.render(req, res, 'walker-signup.njk', { values, ...choices }, { municipality, status: 400, errors: walkerRemoteErrors(answer.fields, t) });
      return;
    }
    res.redirect(303, sent);
  }

  /** The same page whether or not the address was known: nobody learns who has signed up. */
  @Get(':m/trygghetsvandring/tack')
  sent(@Param('m') id: string, @Req() req: Request, @Res() res: Response): void {
    const municipality = municipalityOr404(this.municipalities, id);
    const t = translate(res);
    this.pages.message(
      req,
      res,
      { title: t('sent.title'), paragraphs: [t('walker.sent.p1'), t('walker.sent.p2'), t('sent.p3')], link: { href: `/${municipality.id}/trygghetsvandring`, text: t('sent.again') } },
      { municipality },
    );
  }

  /** Opening the link changes nothing (mail scanners open links too): it shows a button that posts. */
  @Get(':m/trygghetsvandring/bekrafta/:token')
  confirmPage(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): void {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.linkProblem(req, res, municipality, { kind: 'token_invalid' });
    this.pages.render(req, res, 'walker-confirm.njk', { token }, { municipality });
  }

  @Post(':m/trygghetsvandring/bekrafta/:token')
  async confirm(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.linkProblem(req, res, municipality, { kind: 'token_invalid' });
    const result = await this.volunteers.confirm(municipality.id, token);
    if (result.kind !== 'confirmed') return this.linkProblem(req, res, municipality, result);
    // A mobile with SMS chosen: the confirmation proved control of the inbox, so the page may offer the code step,
    // carried by a signed capability for this person and municipality (WalkerMobileController).
    const mobilePath = result.mobileToConfirm ? `/${municipality.id}/trygghetsvandring/mobil/${this.capabilities.issue(municipality.id, result.personId)}` : null;
    this.pages.render(req, res, 'walker-confirmed.njk', { mobilePath }, { municipality });
  }

  private linkProblem(req: Request, res: Response, municipality: BrandedMunicipality, problem: LinkProblem): void {
    const t = translate(res);
    const again = { href: `/${municipality.id}/trygghetsvandring`, text: t('walker.link.again') };
    const page =
      problem.kind === 'token_expired'
        ? { status: 410, content: { title: t('link.expired.title'), paragraphs: [t('link.expired.p1')], link: again } }
        : problem.kind === 'token_used'
          ? { status: 410, content: { title: t('link.used.title'), paragraphs: [t('link.used.p1')], link: again } }
          : { status: 404, content: { title: t('link.invalid.title'), paragraphs: [t('link.invalid.p1')], link: again } };
    this.pages.message(req, res, page.content, { municipality, status: page.status });
  }
}
