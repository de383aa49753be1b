import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type RsvpAnswer, type RsvpProblem, type RsvpView, START_MEETING_API, type StartMeetingApi } from '../application/start-meeting-api';
import { asFormBody, text } from '../domain/form-input';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import type { Language, Translate } from '../i18n';
import { localsOf, Pages, translate } from './pages';
import { isToken, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { linkProblemPage } from './resident.controller';
import { WebExceptionFilter } from './web-exception.filter';

/** "onsdag 17 juni 2026 kl. 18:00–19:30" / "Wednesday, 17 June 2026, 18:00–19:30", Europe/Stockholm. */
export function meetingTime(startsAt: string, endsAt: string, language: Language): string {
  const zone = 'Europe/Stockholm';
  const day = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'sv-SE', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(startsAt));
  const time = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return language === 'en' ? `${day}, ${time(startsAt)}–${time(endsAt)}` : `${day} kl. ${time(startsAt)}–${time(endsAt)}`;
}

function asAnswer(value: string): RsvpAnswer | undefined {
  return value === 'yes' || value === 'no' ? value : undefined;
}

/**
 * A member's yes/no to their group's start meeting (uppstartsmöte), from the link in the invitation
 * (`/<m>/uppstartsmote/<token>`): GET shows the meeting and the answer so far (opening the link records nothing —
 * mail scanners open links too); the POST records the answer, which replaces an earlier one until the meeting begins.
 */
@Controller(':m/uppstartsmote/:token')
@UseFilters(WebExceptionFilter)
export class StartMeetingRsvpController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(START_MEETING_API) private readonly meetings: StartMeetingApi,
  ) {}

  @Get()
  async show(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.problem(req, res, municipality, { kind: 'token_invalid' });
    const meeting = await this.meetings.describeRsvp(token);
    if (meeting.kind !== 'ok' || meeting.municipalityId !== municipality.id) return this.problem(req, res, municipality, meeting.kind === 'ok' ? { kind: 'token_invalid' } : meeting);
    this.form(req, res, municipality, token, meeting, {});
  }

  @Post()
  async answer(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.problem(req, res, municipality, { kind: 'token_invalid' });
    const t = translate(res);
    const answer = asAnswer(text(asFormBody(body), 'answer'));
    if (!answer) {
      const meeting = await this.meetings.describeRsvp(token);
      if (meeting.kind !== 'ok' || meeting.municipalityId !== municipality.id) return this.problem(req, res, municipality, meeting.kind === 'ok' ? { kind: 'token_invalid' } : meeting);
      return this.form(req, res, municipality, token, meeting, { status: 400, errors: [{ field: 'answer', text: t('rsvp.errors.answer') }] });
    }
    const result = await this.meetings.answerRsvp(token, answer);
    if (result.kind === 'closed') {
      this.pages.message(req, res, { title: t('rsvp.closed.title'), paragraphs: [t('rsvp.closed.p1')] }, { municipality, status: 409 });
      return;
    }
    if (result.kind !== 'ok') return this.problem(req, res, municipality, result);
    const when = meetingTime(result.startsAt, result.endsAt, localsOf(res).lang);
    this.pages.message(req, res, { title: t('rsvp.thanks.title'), panel: true, paragraphs: [t(answer === 'yes' ? 'rsvp.thanks.yes' : 'rsvp.thanks.no', { when, place: result.place }), t('rsvp.thanks.change')] }, { municipality });
  }

  private form(req: Request, res: Response, municipality: BrandedMunicipality, token: string, meeting: RsvpView, options: { status?: number; errors?: Array<{ field: string; text: string }> }): void {
    const t: Translate = translate(res);
    const when = meetingTime(meeting.startsAt, meeting.endsAt, localsOf(res).lang);
    const current = meeting.answer ? t(`rsvp.current.${meeting.answer}`) : undefined;
    this.pages.render(req, res, 'start-meeting-rsvp.njk', { token, when, place: meeting.place, chosen: meeting.answer, current, changed: meeting.status === 'changed' }, { municipality, status: options.status ?? 200, errors: options.errors ?? [] });
  }

  private problem(req: Request, res: Response, municipality: BrandedMunicipality, problem: RsvpProblem): void {
    const t = translate(res);
    if (problem.kind === 'token_expired') {
      this.pages.message(req, res, { title: t('rsvp.ended.title'), paragraphs: [t('rsvp.ended.p1')] }, { municipality, status: 410 });
      return;
    }
    const page = linkProblemPage(problem, t, municipality);
    this.pages.message(req, res, page.content, { municipality, status: page.status });
  }
}
