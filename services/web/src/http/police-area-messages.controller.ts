import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AREA_MESSAGES_API, type AreaMessagePreview, type AreaMessagesApi } from '../application/area-messages-api';
import { type AreaMessageTargetMunicipality, POLICE_AREA_MESSAGES_API, type PoliceAreaMessage, type PoliceAreaMessagesApi } from '../application/police-area-messages-api';
import { type AreaMessageForm, areaMessageCommand, validateAreaMessageForm } from '../domain/area-message-form';
import { acknowledgementsByArea, formFieldOf, policeAreaMessageRequest, PROGRESS_COLUMNS, progressRows } from '../domain/police-area-message';
import type { StaffSession } from '../domain/staff-session';
import type { Translate } from '../i18n';
import { policeOfficer, signedIn } from './access';
import { Pages, type ShownError, shownErrors, translate } from './pages';
import { isId } from './params';
import { shownPreviews } from './area-message-views';
import { policeNavigation } from './police-navigation';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

const EMPTY_FORM: AreaMessageForm = { title: '', text: '', urgent: false, email: true, sms: false, areaIds: [], audience: 'members', delivery: 'direct' };

/** Times as Swedish wall-clock time, e.g. 2026-05-10 01:30. */
const LOCAL_TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

type Access = { session: StaffSession; areaId: string; token: string };

/**
 * The officer's area messages (`/polis/utskick`): the police area's messages and a "new message" link per
 * municipality of the area; the form (`/polis/utskick/:m/nytt`: the coordinator's form and preview templates, with the
 * areas of the officer's police area in that municipality) → preview (notifications renders it, and counts the
 * recipients: none → the error on the areas) → send, which police-liaison answers at once with the message id → the
 * message's page (`/polis/utskick/:m/:id`): "Skickas…" with a reload link until notifications has made the broadcast
 * (same id), then its counts per channel. No JavaScript. Every call carries the officer's access token.
 */
@Controller('polis/utskick')
@UseFilters(WebExceptionFilter)
export class PoliceAreaMessagesController {
  constructor(
    private readonly pages: Pages,
    @Inject(POLICE_AREA_MESSAGES_API) private readonly police: PoliceAreaMessagesApi,
    @Inject(AREA_MESSAGES_API) private readonly messages: AreaMessagesApi,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(req, res);
    if (!access) return;
    const t = translate(res);
    const [targets, messages] = await Promise.all([this.police.targets(access.token, access.areaId), this.police.list(access.token, access.areaId)]);
    const names = new Map(targets.map((m) => [m.id, m.name]));
    this.pages.render(
      req,
      res,
      'police-area-messages.njk',
      {
        municipalities: targets.filter((m) => m.areas.length > 0).map((m) => ({ href: `${composeBase(m.id)}`, text: t('policeMessages.new', { municipality: m.name }) })),
        messages: messages.map((m) => ({ ...m, href: `/polis/utskick/${m.municipalityId}/${m.id}`, municipalityName: names.get(m.municipalityId) ?? m.municipalityId, when: LOCAL_TIME.format(new Date(m.requestedAt)), categoryText: t(`policeMessages.category.${m.category}`) })),
      },
      policeNavigation(t, 'messages'),
    );
  }

  @Get(':m/nytt')
  async form(@Param('m') m: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(req, res);
    if (!access) return;
    await this.showForm(req, res, access, await this.municipality(access, m), EMPTY_FORM, [], 200);
  }

  /** "Ändra" from the preview: the form again with what was written. */
  @Post(':m/nytt/andra')
  async change(@Param('m') m: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(req, res);
    if (!access) return;
    const form = validateAreaMessageForm(body);
    await this.showForm(req, res, access, await this.municipality(access, m), form.ok ? form.value : form.values, [], 200);
  }

  @Post(':m/nytt/forhandsgranska')
  async preview(@Param('m') m: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(req, res);
    if (!access) return;
    const t = translate(res);
    const target = await this.municipality(access, m);
    const form = validateAreaMessageForm(body);
    if (!form.ok) return this.showForm(req, res, access, target, form.values, shownErrors(t, form.errors), 400);
    const checked = await this.checkRecipients(access, target, form.value, t);
    if (checked.kind === 'errors') return this.showForm(req, res, access, target, form.value, checked.errors, 400);
    this.pages.render(
      req,
      res,
      'staff-area-message-preview.njk',
      { base: composeBase(target.id), values: form.value, previews: shownPreviews(checked.preview, t), recipients: checked.preview.recipients },
      policeNavigation(t, 'messages'),
    );
  }

  @Post(':m/nytt')
  async send(@Param('m') m: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(req, res);
    if (!access) return;
    const t = translate(res);
    const target = await this.municipality(access, m);
    const form = validateAreaMessageForm(body);
    if (!form.ok) return this.showForm(req, res, access, target, form.values, shownErrors(t, form.errors), 400);
    // A message to nobody is refused here, next to the areas: notifications would only record it as sent to none.
    const checked = await this.checkRecipients(access, target, form.value, t);
    if (checked.kind === 'errors') return this.showForm(req, res, access, target, form.value, checked.errors, 400);
    const result = await this.police.request(access.token, access.areaId, policeAreaMessageRequest(target.id, form.value));
    if (result.kind === 'not_found') throw new PageNotFound();
    if (result.kind === 'invalid') return this.showForm(req, res, access, target, form.value, remoteErrors(t, result.fields), 400);
    res.redirect(303, `/polis/utskick/${target.id}/${result.messageId}?skickat=1`);
  }

  @Get(':m/:id')
  async progress(@Param('m') m: string, @Param('id') id: string, @Query('skickat') sent: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(req, res);
    if (!access) return;
    const t = translate(res);
    if (!isId(m) || !isId(id)) throw new PageNotFound();
    const message = (await this.police.list(access.token, access.areaId)).find((x) => x.id === id && x.municipalityId === m);
    if (!message) throw new PageNotFound();
    const progress = await this.messages.progress(access.token, m, id);
    const targets = await this.police.targets(access.token, access.areaId);
    this.pages.render(
      req,
      res,
      'police-area-message.njk',
      {
        message: this.shownMessage(message, targets, t),
        href: `/polis/utskick/${m}/${id}`,
        notice: sent === '1' ? t('policeMessages.sentNotice') : undefined,
        progress: progress
          ? {
              statusText: t(`areaMessage.status.${progress.status}`),
              recipients: progress.recipients,
              nobody: progress.recipients === 0 && progress.status === 'fanned-out',
              columns: PROGRESS_COLUMNS.map((c) => t(`policeMessages.col.${c}`)),
              rows: progressRows(progress.channels, progress.totals).map((r) => ({ channel: t(`areaMessage.field.${r.channel}`), counts: PROGRESS_COLUMNS.map((c) => r[c]) })),
            }
          : undefined,
        acks: progress
          ? {
              total: progress.acknowledgements?.total ?? 0,
              groups: acknowledgementsByArea(progress.acknowledgements?.groups ?? [], targets.find((x) => x.id === m)?.areas ?? [], (area, n) =>
                area ? t(n ? 'policeMessages.ackGroupN' : 'policeMessages.ackGroup', { area, n: n ?? 0 }) : t('policeMessages.ackGroupElsewhere'),
              ),
            }
          : undefined,
      },
      policeNavigation(t, 'messages'),
    );
  }

  private shownMessage(m: PoliceAreaMessage, targets: AreaMessageTargetMunicipality[], t: Translate) {
    const target = targets.find((x) => x.id === m.municipalityId);
    const areaNames = m.areaIds.map((a) => target?.areas.find((x) => x.id === a)?.name ?? a);
    return {
      ...m,
      municipalityName: target?.name ?? m.municipalityId,
      byline: t('policeMessages.requestedBy', { name: m.requestedBy, when: LOCAL_TIME.format(new Date(m.requestedAt)), category: t(`policeMessages.category.${m.category}`) }),
      areasText: areaNames.length ? t('policeMessages.areas', { areas: areaNames.join(', ') }) : undefined,
    };
  }

  /** notifications' preview: its 400s and a count of zero as errors on the form's fields. */
  private async checkRecipients(access: Access, target: AreaMessageTargetMunicipality, form: AreaMessageForm, t: Translate): Promise<{ kind: 'ok'; preview: AreaMessagePreview } | { kind: 'errors'; errors: ShownError[] }> {
    const result = await this.messages.preview(access.token, target.id, areaMessageCommand(form));
    if (result.kind === 'invalid') return { kind: 'errors', errors: remoteErrors(t, result.fields) };
    if (result.preview.recipients === 0) return { kind: 'errors', errors: [{ field: 'areaIds', text: t('errors.areaMessage.areaIds.nobody') }] };
    return { kind: 'ok', preview: result.preview };
  }

  private async municipality(access: Access, m: string): Promise<AreaMessageTargetMunicipality> {
    if (!isId(m)) throw new PageNotFound();
    const found = (await this.police.targets(access.token, access.areaId)).find((x) => x.id === m);
    if (!found || found.areas.length === 0) throw new PageNotFound();
    return found;
  }

  private showForm(req: Request, res: Response, access: Access, target: AreaMessageTargetMunicipality, values: AreaMessageForm, errors: ShownError[], status: number): void {
    const t = translate(res);
    const areaItems = target.areas.map((a) => ({ value: a.id, text: a.name, checked: values.areaIds.includes(a.id) }));
    this.pages.render(req, res, 'staff-area-message-form.njk', { base: composeBase(target.id), values, areaItems, caption: target.name }, { ...policeNavigation(t, 'messages'), errors, status });
  }

  private guard(req: Request, res: Response): Access | undefined {
    const session = signedIn(this.pages, req, res, policeOfficer);
    return session ? { session, areaId: session.policeAreaId!, token: session.accessToken } : undefined;
  }
}

/**
 * Where a new message to municipality `m` is written, previewed and sent (the form's `base`). Not `/polis/utskick/:m`:
 * that shape is the resident's "Dina utskick" link (`/:m/utskick/:token`, registered before).
 */
function composeBase(m: string): string {
  return `/polis/utskick/${m}/nytt`;
}

/** A 400 of police-liaison or notifications, each field next to the form's own (a target refused or with nobody: the areas). */
function remoteErrors(t: Translate, fields: string[]): ShownError[] {
  const keys = { title: 'errors.areaMessage.title.required', text: 'errors.areaMessage.text.required', channels: 'errors.areaMessage.channels.required', areaIds: 'errors.areaMessage.areaIds.nobody', audience: 'errors.areaMessage.delivery.relayToContactPersons', delivery: 'errors.areaMessage.delivery.relayToContactPersons' } as const;
  const shown = [...new Set(fields.map(formFieldOf))].map((field) => ({ field, text: t(keys[field]) }));
  return shown.length ? shown : [{ field: 'areaIds', text: t(keys.areaIds) }];
}
