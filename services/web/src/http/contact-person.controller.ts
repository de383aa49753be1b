import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type ContactPersonResult, ENROLMENT_API, type EnrolmentApi } from '../application/enrolment-api';
import { NOTIFICATIONS_API, type NotificationsApi } from '../application/notifications-api';
import type { FieldError } from '../domain/form-input';
import { asFormBody, hasControlCharacters, text } from '../domain/form-input';
import { validateAddress } from '../domain/registration-form';
import { localsOf, Pages, type ShownError, shownErrors, translate } from './pages';
import { isId, MUNICIPALITIES, type Municipalities } from './params';
import { remoteErrors } from './resident.controller';
import { type Loaded, loadSelfService, selfServiceProblem } from './self-service.controller';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

const NOTE_MAX = 1000;

/**
 * From the self-service link: a member reports a damaged or missing sign; the group's contact person (or deputy)
 * keeps the list of households, including those that declined (address only), and can hand the role over.
 */
@Controller(':m/mina-uppgifter/:token')
@UseFilters(WebExceptionFilter)
export class ContactPersonController {
  constructor(
    readonly pages: Pages,
    @Inject(MUNICIPALITIES) readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) readonly enrolment: EnrolmentApi,
    @Inject(NOTIFICATIONS_API) readonly notifications: NotificationsApi,
  ) {}

  @Get('skylt/:signId')
  async signPage(@Param('m') id: string, @Param('token') token: string, @Param('signId') signId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await loadSelfService(this, id, token, req, res);
    if (!loaded.ok) return;
    this.pages.render(req, res, 'self-sign.njk', { sign: this.sign(loaded, signId), base: loaded.base, values: {} }, { municipality: loaded.municipality });
  }

  @Post('skylt/:signId')
  async report(@Param('m') id: string, @Param('token') token: string, @Param('signId') signId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await loadSelfService(this, id, token, req, res);
    if (!loaded.ok) return;
    const sign = this.sign(loaded, signId);
    const form = asFormBody(body);
    const kind = text(form, 'kind');
    const note = text(form, 'note');
    const errors: FieldError[] = [];
    if (kind !== 'damaged' && kind !== 'missing') errors.push({ field: 'kind', key: 'errors.kind.required' });
    if (note.length > NOTE_MAX) errors.push({ field: 'note', key: 'errors.note.tooLong' });
    const t = translate(res);
    const again = (shown: ShownError[]) =>
      this.pages.render(req, res, 'self-sign.njk', { sign, base: loaded.base, values: { kind, note } }, { municipality: loaded.municipality, status: 400, errors: shown });
    if (errors.length) return again(shownErrors(t, errors));
    const cleanNote = hasControlCharacters(note.replace(/[\r\n\t]/g, ' ')) ? undefined : note || undefined;
    const result = await this.enrolment.reportSign(token, sign.id, { kind: kind as 'damaged' | 'missing', ...(cleanNote ? { note: cleanNote } : {}) });
    if (result.kind === 'invalid') return again(result.fields.map((f) => ({ field: f.field === 'note' ? 'note' : 'kind', text: f.message })));
    if (result.kind === 'forbidden' || result.kind === 'not_in_group') throw new PageNotFound();
    if (result.kind !== 'ok') return selfServiceProblem(this.pages, req, res, loaded.municipality, result);
    res.redirect(303, `${loaded.base}?klart=skylt`);
  }

  @Get('grupp/:groupId/hushall')
  async households(@Param('m') id: string, @Param('token') token: string, @Param('groupId') groupId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await loadSelfService(this, id, token, req, res);
    if (!loaded.ok) return;
    await this.showHouseholds(req, res, loaded, token, groupId, {}, [], 200);
  }

  /**
   * A relay (area message through the contact person): the group's households, each with whether the system reached
   * it (notifications' facts; only for the asker's own group), and the way to the print version for the others.
   */
  @Get('grupp/:groupId/utskick/:broadcastId')
  async relay(@Param('m') id: string, @Param('token') token: string, @Param('groupId') groupId: string, @Param('broadcastId') broadcastId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await loadSelfService(this, id, token, req, res);
    if (!loaded.ok) return;
    const relay = await this.relayOf(req, res, loaded, token, groupId, broadcastId);
    if (!relay) return;
    const t = translate(res);
    const households = relay.households.map((h) => ({ ...h, reachText: t(`relay.reach.${h.reach}`) }));
    this.pages.render(
      req,
      res,
      'self-relay.njk',
      { base: loaded.base, groupId, broadcast: relay.broadcast, group: relay.group, households, notReached: relay.households.filter((h) => h.reach === 'not-reached').length, printBase: `${loaded.base}/grupp/${groupId}/utskick/${broadcastId}/utskrift` },
      { municipality: loaded.municipality },
    );
  }

  /** The print version (A4): one sheet per household the system could not reach (`?som=lista`: one list). Names and addresses only. */
  @Get('grupp/:groupId/utskick/:broadcastId/utskrift')
  async relayPrint(@Param('m') id: string, @Param('token') token: string, @Param('groupId') groupId: string, @Param('broadcastId') broadcastId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await loadSelfService(this, id, token, req, res);
    if (!loaded.ok) return;
    const relay = await this.relayOf(req, res, loaded, token, groupId, broadcastId);
    if (!relay) return;
    const asList = req.query['som'] === 'lista';
    this.pages.render(
      req,
      res,
      'self-relay-print.njk',
      { back: `${loaded.base}/grupp/${groupId}/utskick/${broadcastId}`, broadcast: relay.broadcast, group: relay.group, households: relay.households.filter((h) => h.reach === 'not-reached'), asList },
      { municipality: loaded.municipality },
    );
  }

  private async relayOf(req: Request, res: Response, loaded: Extract<Loaded, { ok: true }>, token: string, groupId: string, broadcastId: string) {
    this.membership(loaded, groupId);
    if (!isId(broadcastId)) throw new PageNotFound();
    const t = translate(res);
    const result = await this.enrolment.households(token, groupId);
    if (result.kind === 'forbidden') {
      this.pages.message(req, res, { title: t('relay.title'), paragraphs: [t('households.forbidden')], link: { href: loaded.base, text: t('layout.back') } }, { municipality: loaded.municipality, status: 403 });
      return null;
    }
    if (result.kind === 'invalid' || result.kind === 'not_in_group') throw new PageNotFound();
    if (result.kind !== 'ok') {
      selfServiceProblem(this.pages, req, res, loaded.municipality, result);
      return null;
    }
    const members = result.value.members.filter((m): m is typeof m & { personId: string } => typeof m.personId === 'string');
    const answer = await this.notifications.broadcastReach(broadcastId, { municipalityId: loaded.municipality.id, groupId, contactPersonId: loaded.view.personId, personIds: members.map((m) => m.personId).slice(0, 500) });
    if (!answer) throw new PageNotFound();
    const reach = new Map(answer.people.map((p) => [p.personId, p.reach]));
    // Name and address only: never an email address or a mobile number.
    const households = members.map((m) => ({ name: m.name, address: m.address, reach: reach.get(m.personId) ?? ('not-reached' as const) }));
    // Households the contact person recorded as declined (address only) have no email or mobile: the paper reaches them.
    for (const h of result.value.declinedHouseholds) households.push({ name: t('relay.declinedHousehold'), address: { ...h.address, city: null }, reach: 'not-reached' });
    return { broadcast: answer.broadcast, group: result.value.group, households };
  }

  @Post('grupp/:groupId/hushall')
  async addDeclined(@Param('m') id: string, @Param('token') token: string, @Param('groupId') groupId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await loadSelfService(this, id, token, req, res);
    if (!loaded.ok) return;
    this.membership(loaded, groupId);
    const errors: FieldError[] = [];
    const address = validateAddress(asFormBody(body), errors);
    const t = translate(res);
    if (errors.length) return this.showHouseholds(req, res, loaded, token, groupId, { ...address }, shownErrors(t, errors), 400);
    const result = await this.enrolment.addDeclinedHousehold(token, groupId, { street: address.street, number: address.streetNumber, postcode: address.postcode });
    if (result.kind === 'invalid') return this.showHouseholds(req, res, loaded, token, groupId, { ...address }, remoteErrors(result.fields, t), 400);
    this.afterChange(req, res, loaded, result, `${loaded.base}/grupp/${groupId}/hushall?klart=tillagt`);
  }

  @Post('grupp/:groupId/hushall/:householdId/ta-bort')
  async removeDeclined(@Param('m') id: string, @Param('token') token: string, @Param('groupId') groupId: string, @Param('householdId') householdId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await loadSelfService(this, id, token, req, res);
    if (!loaded.ok) return;
    this.membership(loaded, groupId);
    if (!isId(householdId)) throw new PageNotFound();
    const result = await this.enrolment.removeDeclinedHousehold(token, groupId, householdId);
    this.afterChange(req, res, loaded, result, `${loaded.base}/grupp/${groupId}/hushall?klart=borttaget`);
  }

  @Post('grupp/:groupId/overlamna')
  async handOver(@Param('m') id: string, @Param('token') token: string, @Param('groupId') groupId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await loadSelfService(this, id, token, req, res);
    if (!loaded.ok) return;
    this.membership(loaded, groupId);
    const t = translate(res);
    const toMemberId = text(asFormBody(body), 'toMemberId');
    if (!isId(toMemberId)) return this.showHouseholds(req, res, loaded, token, groupId, {}, [{ field: 'toMemberId', text: t('errors.toMemberId.required') }], 400);
    const result = await this.enrolment.handOver(token, groupId, toMemberId);
    if (result.kind === 'invalid') return this.showHouseholds(req, res, loaded, token, groupId, {}, [{ field: 'toMemberId', text: t('errors.toMemberId.required') }], 400);
    if (result.kind !== 'ok') return this.afterChange(req, res, loaded, result, '');
    const outcome = result.value.outcome === 'handed-over' ? 'handed-over' : 'nominated';
    this.pages.message(req, res, { title: t('handover.done.title'), panel: true, paragraphs: [t(`handover.done.${outcome}`)], link: { href: loaded.base, text: t('self.title') } }, { municipality: loaded.municipality });
  }

  private async showHouseholds(req: Request, res: Response, loaded: Extract<Loaded, { ok: true }>, token: string, groupId: string, values: Record<string, unknown>, errors: ShownError[], status: number): Promise<void> {
    const membership = this.membership(loaded, groupId);
    const t = translate(res);
    const result = await this.enrolment.households(token, groupId);
    if (result.kind === 'forbidden') {
      this.pages.message(req, res, { title: t('households.title', { group: membership.groupName }), paragraphs: [t('households.forbidden')], link: { href: loaded.base, text: t('layout.back') } }, { municipality: loaded.municipality, status: 403 });
      return;
    }
    // Not (or no longer) in the group: as for any group the person is not in.
    if (result.kind === 'invalid' || result.kind === 'not_in_group') throw new PageNotFound();
    if (result.kind !== 'ok') return selfServiceProblem(this.pages, req, res, loaded.municipality, result);
    const list = result.value;
    const lang = localsOf(res).lang;
    const notices: Record<string, string> = { tillagt: t('households.added'), borttaget: t('households.removed') };
    const notice = typeof req.query['klart'] === 'string' ? notices[req.query['klart']] : undefined;
    const handOverOptions = list.members
      .filter((m) => m.role !== 'contact-person' && m.name)
      .map((m) => ({ value: m.memberId, text: `${m.name} (${t(`self.role.${m.role}`)})` }));
    this.pages.render(
      req,
      res,
      'self-households.njk',
      { list, base: loaded.base, values, notice, role: membership.role, handOverOptions, coverageText: list.group.coverage?.text?.[lang] ?? list.group.coverage?.text?.sv },
      { municipality: loaded.municipality, status, errors },
    );
  }

  private afterChange<T>(req: Request, res: Response, loaded: Extract<Loaded, { ok: true }>, result: ContactPersonResult<T>, next: string): void {
    if (result.kind === 'ok') return void res.redirect(303, next);
    if (result.kind === 'forbidden' || result.kind === 'invalid' || result.kind === 'not_in_group') throw new PageNotFound();
    selfServiceProblem(this.pages, req, res, loaded.municipality, result);
  }

  private membership(loaded: Extract<Loaded, { ok: true }>, groupId: string) {
    const membership = loaded.view.memberships.find((m) => m.groupId === groupId);
    if (!membership) throw new PageNotFound();
    return membership;
  }

  private sign(loaded: Extract<Loaded, { ok: true }>, signId: string) {
    const sign = loaded.view.memberships.flatMap((m) => m.signs ?? []).find((s) => s.id === signId);
    if (!sign) throw new PageNotFound();
    return sign;
  }
}
