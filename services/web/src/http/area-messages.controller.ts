import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AREA_MESSAGES_API, type AreaMessagesApi } from '../application/area-messages-api';
import { ENROLMENT_API, type EnrolmentApi } from '../application/enrolment-api';
import { type AreaMessageForm, areaMessageCommand, validateAreaMessageForm } from '../domain/area-message-form';
import type { Translate } from '../i18n';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { coordinatorOf, signedIn } from './access';
import { shownPreviews } from './area-message-views';
import { staffNavigation } from './staff-navigation';
import { Pages, type ShownError, shownErrors, translate } from './pages';
import { isId, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

const EMPTY_FORM: AreaMessageForm = { title: '', text: '', urgent: false, email: true, sms: false, areaIds: [] };

/**
 * The coordinator's area information (`/:m/samordnare/utskick`): write (title, text, urgent, email/SMS, areas) →
 * preview as each channel shows it (notifications renders it: the email, the SMS with its segments) → send, which
 * notifications answers at once → the message's page with its progress per channel and status. No JavaScript: the
 * preview page carries the form's values as hidden fields; "Ändra" posts them back to the form. Every call carries
 * the coordinator's access token; notifications checks it again and audits the send.
 */
@Controller(':m/samordnare/utskick')
@UseFilters(WebExceptionFilter)
export class AreaMessagesController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) private readonly enrolment: EnrolmentApi,
    @Inject(AREA_MESSAGES_API) private readonly messages: AreaMessagesApi,
  ) {}

  @Get()
  async form(@Param('m') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    await this.showForm(req, res, access, EMPTY_FORM, [], 200);
  }

  /** "Ändra" from the preview: the form again with what was written. */
  @Post('andra')
  async change(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const form = validateAreaMessageForm(body);
    await this.showForm(req, res, access, form.ok ? form.value : form.values, [], 200);
  }

  @Post('forhandsgranska')
  async preview(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const t = translate(res);
    const form = validateAreaMessageForm(body);
    if (!form.ok) return this.showForm(req, res, access, form.values, shownErrors(t, form.errors), 400);
    const result = await this.messages.preview(access.token, access.m.id, areaMessageCommand(form.value));
    if (result.kind === 'invalid') return this.showForm(req, res, access, form.value, remoteErrors(t, result.fields), 400);
    if (result.preview.recipients === 0) return this.showForm(req, res, access, form.value, [{ field: 'areaIds', text: t('errors.areaMessage.areaIds.nobody') }], 400);
    this.pages.render(req, res, 'staff-area-message-preview.njk', { base: base(access.m), values: form.value, previews: shownPreviews(result.preview, t), recipients: result.preview.recipients }, this.options(access.m, t));
  }

  @Post()
  async send(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const t = translate(res);
    const form = validateAreaMessageForm(body);
    if (!form.ok) return this.showForm(req, res, access, form.values, shownErrors(t, form.errors), 400);
    const result = await this.messages.send(access.token, access.m.id, areaMessageCommand(form.value));
    if (result.kind === 'invalid') return this.showForm(req, res, access, form.value, remoteErrors(t, result.fields), 400);
    res.redirect(303, `${base(access.m)}/${result.broadcastId}?skickat=${result.recipients}`);
  }

  @Get(':broadcastId')
  async progress(@Param('m') id: string, @Param('broadcastId') broadcastId: string, @Query('skickat') sent: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const access = this.guard(id, req, res);
    if (!access) return;
    const t = translate(res);
    if (!isId(broadcastId)) throw new PageNotFound();
    const found = await this.messages.progress(access.token, access.m.id, broadcastId);
    if (!found) throw new PageNotFound();
    const count = typeof sent === 'string' && /^\d{1,7}$/.test(sent) ? Number(sent) : undefined;
    this.pages.render(
      req,
      res,
      'staff-area-message.njk',
      {
        base: base(access.m),
        message: found,
        statusText: t(`areaMessage.status.${found.status}`),
        rows: found.totals.map((row) => ({ channel: t(`areaMessage.field.${row.channel}`), status: t(`areaMessage.msgStatus.${row.status}`), count: row.count })),
        notice: count === undefined ? undefined : t('areaMessage.sentNotice', { count }),
      },
      this.options(access.m, t),
    );
  }

  private async showForm(req: Request, res: Response, access: { m: BrandedMunicipality; token: string }, values: AreaMessageForm, errors: ShownError[], status: number): Promise<void> {
    const t = translate(res);
    const areas = await this.enrolment.areas(access.token, access.m.id);
    if (areas.kind !== 'ok') throw new PageNotFound();
    const areaItems = areas.value.map((a) => ({ value: a.id, text: a.name, checked: values.areaIds.includes(a.id) }));
    this.pages.render(req, res, 'staff-area-message-form.njk', { base: base(access.m), values, areaItems }, { ...this.options(access.m, t), errors, status });
  }

  private guard(id: string, req: Request, res: Response): { m: BrandedMunicipality; token: string } | undefined {
    const m = municipalityOr404(this.municipalities, id);
    const session = signedIn(this.pages, req, res, coordinatorOf(m.id), m);
    return session ? { m, token: session.accessToken } : undefined;
  }

  private options(m: BrandedMunicipality, t: Translate) {
    return { municipality: m, staffNavigation: staffNavigation(m, t, 'messages') };
  }
}

function base(m: BrandedMunicipality): string {
  return `/${m.id}/samordnare/utskick`;
}

/** notifications' 400: `filter` (nobody in the chosen areas) belongs to the areas; a title or text it refused to those fields. */
function remoteErrors(t: Translate, fields: string[]): ShownError[] {
  const shown: ShownError[] = [];
  for (const field of new Set(fields)) {
    if (field === 'subject') shown.push({ field: 'title', text: t('errors.areaMessage.title.required') });
    else if (field === 'body') shown.push({ field: 'text', text: t('errors.areaMessage.text.required') });
    else shown.push({ field: 'areaIds', text: t('errors.areaMessage.areaIds.nobody') });
  }
  return shown.length ? shown : [{ field: 'areaIds', text: t('errors.areaMessage.areaIds.nobody') }];
}
