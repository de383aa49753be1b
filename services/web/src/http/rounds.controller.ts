import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { RemoteFieldProblem } from '../application/enrolment-api';
import { type IssuedLink, type LinkResult, type OwnerFinding, type ParticipantRound, ROUNDS_API, type RoundsApi, type StaffChange } from '../application/rounds-api';
import { asFormBody, text } from '../domain/form-input';
import { FINDING_CATEGORIES, validateAssignForm, validateFindingForm, validateInviteForm, validateOwnerForm, validateRoundForm } from '../domain/round-form';
import type { Translate } from '../i18n';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { coordinatorOf, signedIn } from './access';
import { staffNavigation } from './staff-navigation';
import { Pages, type ShownError, shownErrors, translate } from './pages';
import { isId, isToken, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';
import { PHOTO_MAX_MB } from '../domain/photo-upload';
import { photoUploadFrom } from './multipart';

const ROUND_FIELDS = ['district', 'plannedDate', 'meetingPoint'];

/** volunteers' field errors on a new round, next to the form's fields. */
function roundRemoteErrors(fields: RemoteFieldProblem[], t: Translate): ShownError[] {
  const shown = fields.map((f) => ({ field: ROUND_FIELDS.includes(f.field) ? f.field : 'district', text: f.message || t('errors.generic') }));
  return shown.length ? shown : [{ field: 'district', text: t('errors.generic') }];
}

const ORGANISATION_KINDS = ['police', 'housing-company', 'planning-office', 'neighbourhood-watch-group', 'walkers', 'residents'] as const;
/** volunteers' field names on the coordinator's forms → the form fields. */
const STAFF_FIELDS: Record<string, string> = { name: 'name', email: 'email', organisationKind: 'organisationKind', organisationName: 'organisationName', ownerEmail: 'ownerEmail', deadline: 'deadline' };

const FINDING_FIELDS: Record<string, string> = { 'place.address': 'address', place: 'address', category: 'category', description: 'description', responsibleOrganisation: 'responsibleOrganisation' };

/** volunteers' field errors on a finding, next to the form's fields. */
function findingRemoteErrors(fields: RemoteFieldProblem[], t: Translate): ShownError[] {
  const shown = fields.map((f) => ({ field: FINDING_FIELDS[f.field] ?? 'address', text: f.message || t('errors.generic') }));
  return shown.length ? shown : [{ field: 'address', text: t('errors.generic') }];
}

/**
 * Safety rounds (trygghetsronder), views of volunteers' API: the public protocol of a held round (no personal data:
 * what was found, what was fixed and how fast, which neighbourhood-watch groups took part), and the coordinator's
 * pages — the municipality's rounds with the form to plan one, and a round's findings with their status — and the
 * link holders' pages without an account: a participant answers the invitation and records findings during the round,
 * a finding's owner marks it fixed or won't fix (with a reason). Only a
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

  // --- the participant's link: answer the invitation, record findings during the round -------------------

  @Get('trygghetsrond/deltagare/:token')
  async participant(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const round = this.linkValue(req, res, municipality, isToken(token) ? await this.rounds.participant(token) : { kind: 'token_invalid' });
    if (!round) return;
    const notice = req.query['klart'] === 'svar' ? 'rounds.participant.answered' : req.query['klart'] === 'brist' ? 'rounds.participant.recorded' : undefined;
    this.showParticipant(req, res, municipality, token, round, { notice });
  }

  @Post('trygghetsrond/deltagare/:token/svar')
  async answer(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const answer = text(asFormBody(body), 'answer');
    if (!isToken(token)) return void this.linkValue(req, res, municipality, { kind: 'token_invalid' });
    if (answer !== 'yes' && answer !== 'no') return res.redirect(303, `/${municipality.id}/trygghetsrond/deltagare/${token}`);
    const result = await this.rounds.answer(token, answer);
    if (result.kind === 'conflict') {
      const round = this.linkValue(req, res, municipality, await this.rounds.participant(token));
      if (round) this.showParticipant(req, res, municipality, token, round, { errors: [{ field: 'answer', text: translate(res)('rounds.participant.answerClosed') }], status: 409 });
      return;
    }
    if (!this.linkValue(req, res, municipality, result)) return;
    res.redirect(303, `/${municipality.id}/trygghetsrond/deltagare/${token}?klart=svar`);
  }

  @Post('trygghetsrond/deltagare/:token/brist')
  async recordFinding(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return void this.linkValue(req, res, municipality, { kind: 'token_invalid' });
    const t = translate(res);
    const form = validateFindingForm(body);
    const again = async (values: Record<string, unknown>, errors: ShownError[], status: number) => {
      const round = this.linkValue(req, res, municipality, await this.rounds.participant(token));
      if (round) this.showParticipant(req, res, municipality, token, round, { values, errors, status });
    };
    // The optional photo (multipart form, parsed before CSRF: MultipartPhotoMiddleware): too large or not an image →
    // the error next to the field, naming the limit, and nothing recorded.
    const photo = photoUploadFrom(res);
    const photoErrors: ShownError[] =
      photo.kind === 'refused' ? [{ field: 'photo', text: t(photo.reason === 'too-large' ? 'rounds.finding.photo.tooLarge' : 'rounds.finding.photo.notImage', { mb: PHOTO_MAX_MB }) }] : [];
    if (!form.ok) return again(form.values, [...shownErrors(t, form.errors), ...photoErrors], 400);
    const v = form.value;
    if (photoErrors.length) return again({ ...v }, photoErrors, 400);
    const result = await this.rounds.recordFinding(token, { place: { kind: 'address', address: v.address }, category: v.category, description: v.description, responsibleOrganisation: v.responsibleOrganisation });
    if (result.kind === 'invalid') return again({ ...v }, findingRemoteErrors(result.fields, t), 400);
    if (result.kind === 'conflict') return again({ ...v }, [{ field: 'address', text: t('rounds.participant.findingsClosed') }], 409);
    const recorded = this.linkValue(req, res, municipality, result);
    if (!recorded) return;
    if (photo.kind === 'photo') {
      const added = await this.rounds.addPhoto(token, recorded.findingId, photo);
      // The finding is saved; volunteers refused the photo (its own check of the bytes): said next to the field.
      if (added.kind === 'invalid' || added.kind === 'conflict') return again({}, [{ field: 'photo', text: t('rounds.finding.photo.notSaved', { mb: PHOTO_MAX_MB }) }], 400);
      if (!this.linkValue(req, res, municipality, added)) return;
    }
    res.redirect(303, `/${municipality.id}/trygghetsrond/deltagare/${token}?klart=brist`);
  }

  // --- the owner's link: fixed, or won't fix with a reason ----------------------------------------------

  @Get('trygghetsrond/atgard/:token')
  async owner(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    const finding = this.linkValue(req, res, municipality, isToken(token) ? await this.rounds.owner(token) : { kind: 'token_invalid' });
    if (finding) this.pages.render(req, res, 'round-owner.njk', { finding, token, values: {} }, { municipality });
  }

  @Post('trygghetsrond/atgard/:token')
  async close(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return void this.linkValue(req, res, municipality, { kind: 'token_invalid' });
    const t = translate(res);
    const form = validateOwnerForm(body);
    const again = async (values: Record<string, unknown>, errors: ShownError[], status: number) => {
      const finding = this.linkValue(req, res, municipality, await this.rounds.owner(token));
      if (finding) this.pages.render(req, res, 'round-owner.njk', { finding, token, values }, { municipality, errors, status });
    };
    if (!form.ok) return again(form.values, shownErrors(t, form.errors), 400);
    const result = await this.rounds.close(token, form.value.status, form.value.reason);
    if (result.kind === 'invalid') return again({ ...form.value }, result.fields.map((f) => ({ field: f.field === 'reason' ? 'reason' : 'status', text: f.message })), 400);
    if (result.kind === 'conflict') return again({}, [{ field: 'status', text: t('rounds.owner.closed') }], 409);
    const finding = this.linkValue(req, res, municipality, result);
    if (finding) this.pages.render(req, res, 'round-owner.njk', { finding, token, values: {}, notice: t('rounds.owner.saved') }, { municipality });
  }

  // --- the coordinator ----------------------------------------------------------------------------------

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
    await this.showRound(req, res, access, roundId, {});
  }

  /** Invites a participant; the page then shows their link once, for the coordinator to send. */
  @Post('samordnare/trygghetsronder/:roundId/inbjudan')
  async invite(@Param('m') id: string, @Param('roundId') roundId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    if (!isId(roundId)) throw new PageNotFound();
    const t = translate(res);
    const form = validateInviteForm(body);
    if (!form.ok) return this.showRound(req, res, access, roundId, { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    const result = await this.rounds.invite(access.token, access.m.id, roundId, form.value);
    await this.afterChange(req, res, access, roundId, result, { ...form.value }, 'name', (link) => ({ text: t('rounds.invite.done', { name: form.value.name }), link }));
  }

  @Post('samordnare/trygghetsronder/:roundId/status')
  async changeStatus(@Param('m') id: string, @Param('roundId') roundId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    if (!isId(roundId)) throw new PageNotFound();
    const status = text(asFormBody(body), 'status');
    if (status !== 'held' && status !== 'followed-up') throw new PageNotFound();
    const result = await this.rounds.changeStatus(access.token, access.m.id, roundId, status);
    if (result.kind === 'ok') return res.redirect(303, `/${access.m.id}/samordnare/trygghetsronder/${roundId}`);
    await this.afterChange(req, res, access, roundId, result, {}, 'status', () => ({ text: '' }));
  }

  /** Gives a finding an owner and a deadline; the page then shows the owner's link once. */
  @Post('samordnare/trygghetsronder/:roundId/ansvarig')
  async assign(@Param('m') id: string, @Param('roundId') roundId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    if (!isId(roundId)) throw new PageNotFound();
    const t = translate(res);
    const form = validateAssignForm(body);
    if (!form.ok) return this.showRound(req, res, access, roundId, { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    const v = form.value;
    const result = await this.rounds.assign(access.token, access.m.id, v.findingId, v.ownerEmail, v.deadline);
    await this.afterChange(req, res, access, roundId, result, { ...v }, 'ownerEmail', (link) => ({ text: t('rounds.assign.done', { email: v.ownerEmail }), link }));
  }

  /** The round page after a change: its notice (with a link to send), or the refusal next to the form's field. */
  private async afterChange<T>(
    req: Request,
    res: Response,
    access: { m: BrandedMunicipality; token: string },
    roundId: string,
    result: StaffChange<T>,
    values: Record<string, unknown>,
    field: string,
    notice: (value: T) => { text: string; link?: IssuedLink },
  ): Promise<void> {
    const t = translate(res);
    if (result.kind === 'not_found') throw new PageNotFound();
    if (result.kind === 'ok') return this.showRound(req, res, access, roundId, { notice: notice(result.value) });
    const errors =
      result.kind === 'invalid'
        ? result.fields.map((f) => ({ field: STAFF_FIELDS[f.field] ?? field, text: f.message || t('errors.generic') }))
        : [{ field, text: t(`rounds.refused.${result.rule}`) === `rounds.refused.${result.rule}` ? t('rounds.refused.other') : t(`rounds.refused.${result.rule}`) }];
    return this.showRound(req, res, access, roundId, { values, errors: errors.length ? errors : [{ field, text: t('errors.generic') }], status: result.kind === 'invalid' ? 400 : 409 });
  }

  private async showRound(
    req: Request,
    res: Response,
    access: { m: BrandedMunicipality; token: string },
    roundId: string,
    extra: { notice?: { text: string; link?: IssuedLink }; values?: Record<string, unknown>; errors?: ShownError[]; status?: number },
  ): Promise<void> {
    const round = await this.rounds.round(access.token, access.m.id, roundId);
    if (!round) throw new PageNotFound();
    const t = translate(res);
    const values = extra.values ?? {};
    const kinds = [{ value: '', text: t('rounds.invite.chooseKind') }, ...ORGANISATION_KINDS.map((k) => ({ value: k, text: t(`rounds.kind.${k}`), selected: values['organisationKind'] === k }))];
    const open = round.findings.filter((f) => f.status === 'open' || f.status === 'assigned');
    const findingOptions = [{ value: '', text: t('rounds.assign.chooseFinding') }, ...open.map((f) => ({ value: f.findingId, text: `${t(`rounds.category.${f.category}`)}: ${f.description.slice(0, 60)}`, selected: values['findingId'] === f.findingId }))];
    this.pages.render(req, res, 'staff-round.njk', { round, kinds, findingOptions, values, notice: extra.notice }, { ...this.options$(access.m, t), errors: extra.errors ?? [], status: extra.status ?? 200 });
  }

  private showParticipant(req: Request, res: Response, municipality: BrandedMunicipality, token: string, round: ParticipantRound, extra: { notice?: string; values?: Record<string, unknown>; errors?: ShownError[]; status?: number }): void {
    const t = translate(res);
    const values = extra.values ?? {};
    const categories = FINDING_CATEGORIES.map((c) => ({ value: c, text: t(`rounds.category.${c}`), checked: values['category'] === c }));
    const data = { round, token, categories, values, notice: extra.notice ? t(extra.notice) : undefined, photoMaxMb: PHOTO_MAX_MB };
    this.pages.render(req, res, 'round-participant.njk', data, { municipality, errors: extra.errors ?? [], status: extra.status ?? 200 });
  }

  /** The link's value, or its problem page (unknown, another municipality's → 404; expired → 410). */
  private linkValue<T extends ParticipantRound | OwnerFinding | { findingId: string }>(req: Request, res: Response, municipality: BrandedMunicipality, result: LinkResult<T>): T | undefined {
    const t = translate(res);
    if (result.kind === 'ok' && (!('municipalityId' in result.value) || result.value.municipalityId === municipality.id)) return result.value;
    if (result.kind === 'token_expired') {
      this.pages.message(req, res, { title: t('link.expired.title'), paragraphs: [t('rounds.link.expired')] }, { municipality, status: 410 });
    } else {
      this.pages.message(req, res, { title: t('link.invalid.title'), paragraphs: [t('rounds.link.invalid')] }, { municipality, status: 404 });
    }
    return undefined;
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
    return { municipality: m, staffNavigation: staffNavigation(m, t, 'rounds') };
  }
}
