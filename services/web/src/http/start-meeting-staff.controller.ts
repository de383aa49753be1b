import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type GroupMeetings, type MeetingWriteResult, type StaffMeeting, START_MEETING_API, type StartMeetingApi } from '../application/start-meeting-api';
import { asFormBody, text } from '../domain/form-input';
import { formValuesOf, validateStartMeetingForm } from '../domain/start-meeting-form';
import type { StaffSession } from '../domain/staff-session';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import type { Translate } from '../i18n';
import { coordinatorOf, policeOfficer, signedIn } from './access';
import { localsOf, Pages, type ShownError, shownErrors, translate } from './pages';
import { isId, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { meetingTime } from './start-meeting-rsvp.controller';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

interface Who {
  session: StaffSession;
  /** The page's own path (police or coordinator). */
  base: string;
  municipality?: BrandedMunicipality;
  nav: Array<{ text: string; href: string; current: boolean }>;
  home?: { text: string; href: string };
}

const NOTICES = ['foreslaget', 'andrat', 'installt', 'narvaro'] as const;

/** Checkbox values: one string, several, or none. */
function many(body: Record<string, unknown>, field: string): string[] {
  const value = body[field];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && isId(v));
}

/** police-liaison's field names → the form's. */
function remoteErrors(fields: Array<{ field: string; message: string }>, t: Translate): ShownError[] {
  const shown = fields.map((f) => ({ field: f.field === 'endsAt' ? 'endTime' : f.field === 'place' ? 'place' : 'date', text: /past/.test(f.message) ? t('errors.meeting.past') : f.message }));
  return shown.length ? shown : [{ field: 'date', text: '–' }];
}

/**
 * A group's start meeting (uppstartsmöte) for the community police officer of its police area
 * (`/polis/grupper/<id>/uppstartsmote`) and the municipality's coordinator (`/<m>/samordnare/grupper/<id>/uppstartsmote`):
 * propose time and place, change or cancel it (the members get the calendar update), and record who came — which
 * completes each attending contact person's start-meeting step. Every call to police-liaison carries the signed-in
 * person's token; police-liaison answers only for their own police area or municipality (404 otherwise).
 */
@Controller()
@UseFilters(WebExceptionFilter)
export class StartMeetingStaffController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(START_MEETING_API) private readonly meetings: StartMeetingApi,
  ) {}

  @Get('polis/grupper/:groupId/uppstartsmote')
  async policeShow(@Param('groupId') groupId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const who = this.police(req, res, groupId);
    if (who) await this.show(req, res, who, groupId, {});
  }

  @Get(':m/samordnare/grupper/:groupId/uppstartsmote')
  async staffShow(@Param('m') m: string, @Param('groupId') groupId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const who = this.coordinator(req, res, m, groupId);
    if (who) await this.show(req, res, who, groupId, {});
  }

  @Post('polis/grupper/:groupId/uppstartsmote')
  async policeSave(@Param('groupId') groupId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const who = this.police(req, res, groupId);
    if (who) await this.save(req, res, who, groupId, body);
  }

  @Post(':m/samordnare/grupper/:groupId/uppstartsmote')
  async staffSave(@Param('m') m: string, @Param('groupId') groupId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const who = this.coordinator(req, res, m, groupId);
    if (who) await this.save(req, res, who, groupId, body);
  }

  @Post('polis/grupper/:groupId/uppstartsmote/installt')
  async policeCancel(@Param('groupId') groupId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const who = this.police(req, res, groupId);
    if (who) await this.cancel(req, res, who, groupId, body);
  }

  @Post(':m/samordnare/grupper/:groupId/uppstartsmote/installt')
  async staffCancel(@Param('m') m: string, @Param('groupId') groupId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const who = this.coordinator(req, res, m, groupId);
    if (who) await this.cancel(req, res, who, groupId, body);
  }

  @Post('polis/grupper/:groupId/uppstartsmote/narvaro')
  async policeAttendance(@Param('groupId') groupId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const who = this.police(req, res, groupId);
    if (who) await this.attendance(req, res, who, groupId, body);
  }

  @Post(':m/samordnare/grupper/:groupId/uppstartsmote/narvaro')
  async staffAttendance(@Param('m') m: string, @Param('groupId') groupId: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const who = this.coordinator(req, res, m, groupId);
    if (who) await this.attendance(req, res, who, groupId, body);
  }

  private police(req: Request, res: Response, groupId: string): Who | undefined {
    const session = signedIn(this.pages, req, res, policeOfficer);
    if (!session) return undefined;
    if (!isId(groupId)) throw new PageNotFound();
    const t = translate(res);
    const base = `/polis/grupper/${groupId}/uppstartsmote`;
    return { session, base, nav: [{ text: t('police.nav.cases'), href: '/polis', current: false }, { text: t('meeting.nav'), href: base, current: true }], home: { text: t('police.title'), href: '/polis' } };
  }

  private coordinator(req: Request, res: Response, id: string, groupId: string): Who | undefined {
    const municipality = municipalityOr404(this.municipalities, id);
    const session = signedIn(this.pages, req, res, coordinatorOf(municipality.id), municipality);
    if (!session) return undefined;
    if (!isId(groupId)) throw new PageNotFound();
    const t = translate(res);
    const staff = `/${municipality.id}/samordnare`;
    return {
      session,
      municipality,
      base: `${staff}/grupper/${groupId}/uppstartsmote`,
      nav: [{ text: t('staff.nav.groups'), href: `${staff}/grupper/${groupId}`, current: false }, { text: t('meeting.nav'), href: `${staff}/grupper/${groupId}/uppstartsmote`, current: true }],
    };
  }

  private async load(who: Who, groupId: string): Promise<GroupMeetings> {
    const found = await this.meetings.groupMeetings(who.session.accessToken, groupId);
    if (found.kind !== 'ok') throw new PageNotFound();
    return found;
  }

  private async show(req: Request, res: Response, who: Who, groupId: string, extra: { values?: Record<string, unknown>; errors?: ShownError[]; attendanceErrors?: ShownError[]; status?: number }): Promise<void> {
    const t = translate(res);
    const lang = localsOf(res).lang;
    const data = await this.load(who, groupId);
    const open = data.meetings.find((m) => m.status === 'scheduled' || m.status === 'changed');
    const shown = (m: StaffMeeting) => ({
      ...m,
      when: meetingTime(m.startsAt, m.endsAt, lang),
      statusText: t(`meeting.status.${m.status}`),
      yes: m.rsvps.filter((r) => r.answer === 'yes').length,
      no: m.rsvps.filter((r) => r.answer === 'no').length,
      attendedNames: m.attendance ? data.contactPersons.filter((c) => m.attendance!.personIds.includes(c.personId)).map((c) => c.name ?? t('meeting.nameUnknown')) : [],
      attendedOthers: m.attendance ? m.attendance.personIds.filter((p) => !data.contactPersons.some((c) => c.personId === p)).length : 0,
    });
    const values = extra.values ?? (open ? formValuesOf(open) : {});
    const notice = typeof req.query['klart'] === 'string' && (NOTICES as readonly string[]).includes(req.query['klart']) ? t(`meeting.done.${req.query['klart']}`) : undefined;
    const errors = [...(extra.errors ?? []), ...(extra.attendanceErrors ?? [])];
    this.pages.render(
      req,
      res,
      'start-meeting-staff.njk',
      {
        base: who.base,
        open: open ? shown(open) : undefined,
        past: data.meetings.filter((m) => m !== open).map(shown),
        contactPersons: data.contactPersons.map((c) => ({ value: c.personId, text: c.name ?? t('meeting.nameUnknown') })),
        values,
        notice,
      },
      { municipality: who.municipality, staffNavigation: who.nav, staffHome: who.home, errors, status: extra.status ?? 200 },
    );
  }

  private async save(req: Request, res: Response, who: Who, groupId: string, input: unknown): Promise<void> {
    const t = translate(res);
    const body = asFormBody(input);
    const form = validateStartMeetingForm(body);
    if (!form.ok) return this.show(req, res, who, groupId, { values: form.values, errors: shownErrors(t, form.errors), status: 400 });
    const meetingId = text(body, 'meetingId');
    if (meetingId && !isId(meetingId)) throw new PageNotFound();
    const result = meetingId ? await this.meetings.change(who.session.accessToken, meetingId, form.value) : await this.meetings.schedule(who.session.accessToken, groupId, form.value);
    await this.after(req, res, who, groupId, result, meetingId ? 'andrat' : 'foreslaget', { values: body });
  }

  private async cancel(req: Request, res: Response, who: Who, groupId: string, input: unknown): Promise<void> {
    const meetingId = text(asFormBody(input), 'meetingId');
    if (!isId(meetingId)) throw new PageNotFound();
    await this.after(req, res, who, groupId, await this.meetings.cancel(who.session.accessToken, meetingId), 'installt', {});
  }

  private async attendance(req: Request, res: Response, who: Who, groupId: string, input: unknown): Promise<void> {
    const body = asFormBody(input);
    const meetingId = text(body, 'meetingId');
    if (!isId(meetingId)) throw new PageNotFound();
    const result = await this.meetings.recordAttendance(who.session.accessToken, meetingId, many(body, 'came'));
    await this.after(req, res, who, groupId, result, 'narvaro', { attendance: true });
  }

  private async after(req: Request, res: Response, who: Who, groupId: string, result: MeetingWriteResult, done: (typeof NOTICES)[number], context: { values?: Record<string, unknown>; attendance?: boolean }): Promise<void> {
    const t = translate(res);
    if (result.kind === 'ok') return res.redirect(303, `${who.base}?klart=${done}`);
    if (result.kind === 'not_found') throw new PageNotFound();
    if (result.kind === 'invalid') return this.show(req, res, who, groupId, { values: context.values, errors: remoteErrors(result.fields, t), status: 400 });
    const message = t(result.code === 'not_started' ? 'errors.meeting.notStarted' : result.code === 'already_scheduled' ? 'errors.meeting.alreadyScheduled' : 'errors.meeting.closed');
    const shown = [{ field: context.attendance ? 'came' : 'date', text: message }];
    return this.show(req, res, who, groupId, context.attendance ? { attendanceErrors: shown, status: 409 } : { values: context.values, errors: shown, status: 409 });
  }
}
