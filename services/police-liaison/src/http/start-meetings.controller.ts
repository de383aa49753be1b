import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Param, Post, Put } from '@nestjs/common';
import { PROTECTED_PERSON, seesProtectedIdentity } from '@trygg/values';
import { z } from 'zod';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { policeLiaison, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, principalActor, ValidationFailed } from '@trygg/service-kit';
import { ManageStartMeetings } from '../application/manage-start-meetings';
import { CONTACT_PERSON_NAMES, type ContactPersonNames, GroupNotFound, MeetingAlreadyScheduled, type MeetingActor, MeetingNotFound } from '../application/start-meeting-ports';
import { RsvpLinkExpired, RsvpLinkUnknown, RsvpMeetingUnavailable, StartMeetingRsvp } from '../application/start-meeting-rsvp';
import { MeetingClosed, MeetingFieldInvalid, MeetingNotStarted, type StartMeeting } from '../domain/start-meeting';

type MeetingView = z.infer<typeof policeLiaison.startMeetingSchema>;

/**
 * Start meetings over HTTP. The officer's and coordinator's routes (libs/auth's AccessGuard: a signed-in
 * police-officer or coordinator) act as the token's person, scoped by the token's police area or municipality;
 * the RSVP routes are the member's link; /internal/links is notifications asking for a member's RSVP link.
 */
@Controller()
export class StartMeetingsController {
  constructor(
    private readonly manage: ManageStartMeetings,
    private readonly rsvp: StartMeetingRsvp,
    @Inject(CONTACT_PERSON_NAMES) private readonly names: ContactPersonNames,
  ) {}

  @Get('groups/:groupId/start-meetings')
  async list(@CurrentPrincipal() principal: Principal, @Param('groupId') groupId: string): Promise<ResponseOf<typeof policeLiaison.listStartMeetings, 200>> {
    parseInput(z.uuid('must be a group id'), groupId);
    const actor = actorOf(principal);
    const meetings = await run(() => this.manage.list(actor, groupId));
    const people = await run(() => this.manage.contactPersons(actor, groupId, this.names));
    // A protected person's name is "Skyddad person" unless the token grants the protected-identity permission.
    const contactPersons = people.map((p) => ({ personId: p.personId, name: p.protectedIdentity && !seesProtectedIdentity(principal) ? PROTECTED_PERSON : p.name }));
    return { meetings: meetings.map(viewOf), contactPersons };
  }

  @Post('groups/:groupId/start-meetings')
  @HttpCode(201)
  async schedule(@CurrentPrincipal() principal: Principal, @Param('groupId') groupId: string, @Body() body: unknown): Promise<ResponseOf<typeof policeLiaison.scheduleStartMeeting, 201>> {
    parseInput(z.uuid('must be a group id'), groupId);
    const input = parseInput(policeLiaison.meetingInput, body);
    return { meeting: viewOf(await run(() => this.manage.schedule(actorOf(principal), groupId, input, correlation()))) };
  }

  @Put('start-meetings/:id')
  async change(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<ResponseOf<typeof policeLiaison.changeStartMeeting, 200>> {
    parseInput(z.uuid('must be a meeting id'), id);
    const input = parseInput(policeLiaison.meetingInput, body);
    return { meeting: viewOf(await run(() => this.manage.change(actorOf(principal), id, input, correlation()))) };
  }

  @Post('start-meetings/:id/cancel')
  @HttpCode(200)
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ResponseOf<typeof policeLiaison.cancelStartMeeting, 200>> {
    parseInput(z.uuid('must be a meeting id'), id);
    return { meeting: viewOf(await run(() => this.manage.cancel(actorOf(principal), id, correlation()))) };
  }

  @Post('start-meetings/:id/attendance')
  @HttpCode(200)
  async attendance(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<ResponseOf<typeof policeLiaison.recordStartMeetingAttendance, 200>> {
    parseInput(z.uuid('must be a meeting id'), id);
    const { personIds } = parseInput(policeLiaison.attendanceInput, body);
    return { meeting: viewOf(await run(() => this.manage.recordAttendance(actorOf(principal), id, personIds, correlation()))) };
  }

  @Get('start-meeting-rsvps/:token')
  describe(@Param('token') token: string): Promise<ResponseOf<typeof policeLiaison.describeStartMeetingRsvp, 200>> {
    return run(() => this.rsvp.describe(token));
  }

  @Post('start-meeting-rsvps/:token')
  @HttpCode(200)
  answer(@Param('token') token: string, @Body() body: unknown): Promise<ResponseOf<typeof policeLiaison.answerStartMeetingRsvp, 200>> {
    const { answer } = parseInput(policeLiaison.rsvpInput, body);
    return run(() => this.rsvp.answer(token, answer, correlation()));
  }

  @Post('internal/links')
  @HttpCode(200)
  issueLink(@Body() body: unknown): Promise<ResponseOf<typeof policeLiaison.issueStartMeetingLink, 200>> {
    const { meetingId, personId } = parseInput(policeLiaison.issueStartMeetingLink.body, body);
    return run(() => this.rsvp.issueLink(meetingId, personId));
  }
}

function correlation(): string {
  return currentCorrelationId() ?? 'http';
}

/** The signed-in officer (their police area) or coordinator (their municipality), as the audit's actor too. */
function actorOf(principal: Principal): MeetingActor {
  if (principal.roles.includes('police-officer') && principal.policeAreaId) {
    return { kind: 'police', subject: principal.subject, policeAreaId: principal.policeAreaId, audit: principalActor(principal, 'police-officer', principal.policeAreaId) };
  }
  if (principal.roles.includes('coordinator') && principal.municipalityId) {
    return { kind: 'staff', subject: principal.subject, municipalityId: principal.municipalityId, audit: principalActor(principal, 'coordinator', principal.municipalityId) };
  }
  throw new HttpException({ statusCode: 403, error: 'forbidden', message: 'neither a police officer nor a coordinator' }, HttpStatus.FORBIDDEN);
}

function viewOf(m: StartMeeting): MeetingView {
  return {
    id: m.id,
    municipalityId: m.municipalityId,
    groupId: m.groupId,
    policeAreaId: m.policeAreaId,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    place: m.place,
    status: m.status,
    sequence: m.sequence,
    proposedBy: { kind: m.proposedBy.kind },
    invited: new Set(m.invitations.map((i) => i.personId)).size,
    rsvps: Object.entries(m.rsvps).map(([personId, r]) => ({ personId, answer: r.answer, at: r.at })),
    attendance: m.attendance ? { personIds: m.attendance.personIds, recordedAt: m.attendance.recordedAt, heldOn: m.attendance.heldOn } : null,
  };
}

/** The domain's refusals as HTTP answers. */
async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw httpError(error);
  }
}

function httpError(error: unknown): unknown {
  const answer = (status: number, code: string, message: string) => new HttpException({ statusCode: status, error: code, message }, status);
  if (error instanceof MeetingFieldInvalid) return new ValidationFailed([{ field: error.field, message: error.message }]);
  if (error instanceof GroupNotFound || error instanceof MeetingNotFound) return answer(404, 'not_found', error.message);
  if (error instanceof RsvpMeetingUnavailable) return answer(404, 'not_found', error.message);
  if (error instanceof RsvpLinkUnknown) return answer(404, 'token_invalid', error.message);
  if (error instanceof RsvpLinkExpired) return answer(410, 'token_expired', error.message);
  if (error instanceof MeetingAlreadyScheduled) return answer(409, 'already_scheduled', error.message);
  if (error instanceof MeetingClosed) return answer(409, 'meeting_closed', error.message);
  if (error instanceof MeetingNotStarted) return answer(409, 'not_started', error.message);
  return error;
}
