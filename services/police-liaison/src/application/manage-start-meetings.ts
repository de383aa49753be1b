import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope, PoliceStartMeetingAttendedV1, PoliceStartMeetingChangedV1, PoliceStartMeetingScheduledV1 } from '@trygg/contracts';
import { type Clock, systemClock } from '@trygg/values';
import { cancel, change, type MeetingTimeInput, recordAttendance, schedule, type StartMeeting } from '../domain/start-meeting';
import type { DecisionAudit } from './ports';
import { stepCompletedFor } from './receive-meeting-step';
import { type GroupDirectory, GroupNotFound, MeetingAlreadyScheduled, type ContactPersonNames, type MeetingActor, MeetingNotFound, type MeetingStep, type MeetingStepStore, type MeetingStore, mayActOn } from './start-meeting-ports';

function meetingFields(m: StartMeeting) {
  return {
    meetingId: m.id,
    groupId: m.groupId,
    policeAreaId: m.policeAreaId,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    place: m.place,
    sequence: m.sequence,
    proposedBy: m.proposedBy.kind,
  };
}

/**
 * The officer's and coordinator's side of a group's start meeting: propose, change, cancel, record who came. Each
 * write carries its event in the same document write (outbox) and is audited with the signed-in person as actor.
 * Scope: police of the group's police area, staff of its municipality; anyone else finds nothing (404).
 */
export class ManageStartMeetings {
  constructor(
    private readonly groups: GroupDirectory,
    private readonly meetings: MeetingStore,
    private readonly audit: DecisionAudit,
    private readonly steps: MeetingStepStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async list(actor: MeetingActor, groupId: string): Promise<StartMeeting[]> {
    await this.groupOf(actor, groupId);
    return (await this.meetings.ofGroup(groupId)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The group's nominated contact persons with the name from their police-approval case (for the attendance form). */
  async contactPersons(actor: MeetingActor, groupId: string, names: ContactPersonNames): Promise<Array<{ personId: string; name: string | null; protectedIdentity: boolean }>> {
    const group = await this.groupOf(actor, groupId);
    const people = [...new Map(group.nominations.map((n) => [n.personId, n])).keys()];
    return Promise.all(people.map(async (personId) => ({ personId, ...(await names.of(group.municipalityId, personId)) })));
  }

  async find(actor: MeetingActor, meetingId: string): Promise<StartMeeting> {
    const meeting = await this.meetings.find(meetingId);
    if (!meeting || !mayActOn(actor, meeting)) throw new MeetingNotFound(`no start meeting ${meetingId} of yours`);
    return meeting;
  }

  async schedule(actor: MeetingActor, groupId: string, input: MeetingTimeInput, correlationId: string): Promise<StartMeeting> {
    const group = await this.groupOf(actor, groupId);
    const open = (await this.meetings.ofGroup(groupId)).find((m) => m.status === 'scheduled' || m.status === 'changed');
    if (open) throw new MeetingAlreadyScheduled(open.id);
    const now = this.clock();
    const meeting = schedule({ id: randomUUID(), municipalityId: group.municipalityId, groupId, policeAreaId: group.policeAreaId, proposedBy: { kind: actor.kind, subject: actor.subject }, ...input }, now);
    const event = createEvent(PoliceStartMeetingScheduledV1, { municipalityId: meeting.municipalityId, correlationId }, meetingFields(meeting), now);
    await this.meetings.insert(meeting, [event]);
    await this.record(actor, 'start-meeting-scheduled', meeting, correlationId, { startsAt: meeting.startsAt, endsAt: meeting.endsAt, sequence: meeting.sequence });
    return meeting;
  }

  change(actor: MeetingActor, meetingId: string, input: MeetingTimeInput, correlationId: string): Promise<StartMeeting> {
    return this.write(actor, meetingId, correlationId, 'start-meeting-changed', (m, now) => change(m, input, now));
  }

  cancel(actor: MeetingActor, meetingId: string, correlationId: string): Promise<StartMeeting> {
    return this.write(actor, meetingId, correlationId, 'start-meeting-cancelled', (m, now) => cancel(m, now));
  }

  /**
   * Who came: the meeting is held, and the start-meeting step of each of the group's contact persons who came is
   * answered to onboarding (step-completed, approved, the meeting's day as evidence) in the same write.
   */
  async recordAttendance(actor: MeetingActor, meetingId: string, personIds: readonly string[], correlationId: string): Promise<StartMeeting> {
    const meeting = await this.find(actor, meetingId);
    const group = await this.groups.find(meeting.groupId);
    const pending = group ? await this.steps.pendingOf(meeting.municipalityId, group.nominations.map((n) => n.nominationId)) : [];
    let answered: MeetingStep[] = [];
    const held = await this.write(
      actor,
      meetingId,
      correlationId,
      'start-meeting-attended',
      (m, now) => recordAttendance(m, personIds, { kind: actor.kind, subject: actor.subject }, now),
      (next, now) => {
        answered = pending.filter((s) => s.personId !== null && next.attendance?.personIds.includes(s.personId));
        return answered.map((s) => stepCompletedFor(s, next, correlationId, now));
      },
    );
    await this.steps.markAnswered(
      answered.map((s) => s.id),
      actor.subject,
    );
    return held;
  }

  private async write(
    actor: MeetingActor,
    meetingId: string,
    correlationId: string,
    action: string,
    decide: (m: StartMeeting, now: Date) => StartMeeting,
    alsoTell: (next: StartMeeting, now: Date) => EventEnvelope[] = () => [],
  ): Promise<StartMeeting> {
    const now = this.clock();
    let told = 0;
    const written = await this.meetings.change(meetingId, (current) => {
      if (!mayActOn(actor, current)) return { result: undefined };
      const next = decide(current, now);
      const more = alsoTell(next, now);
      told = more.length;
      return { meeting: next, events: [this.eventOf(next, actor, correlationId, now), ...more], result: next };
    });
    if (!written) throw new MeetingNotFound(`no start meeting ${meetingId} of yours`);
    const details: Record<string, string | number> = written.attendance
      ? { attendees: written.attendance.personIds.length, heldOn: written.attendance.heldOn, stepsAnswered: told }
      : { startsAt: written.startsAt, endsAt: written.endsAt, sequence: written.sequence, status: written.status };
    await this.record(actor, action, written, correlationId, details);
    return written;
  }

  private eventOf(m: StartMeeting, actor: MeetingActor, correlationId: string, now: Date): EventEnvelope {
    const context = { municipalityId: m.municipalityId, correlationId };
    if (m.status === 'held' && m.attendance) {
      return createEvent(
        PoliceStartMeetingAttendedV1,
        context,
        { meetingId: m.id, groupId: m.groupId, policeAreaId: m.policeAreaId, heldOn: m.attendance.heldOn, attendeePersonIds: m.attendance.personIds, recordedBy: actor.kind },
        now,
      );
    }
    return createEvent(PoliceStartMeetingChangedV1, context, { ...meetingFields(m), status: m.status === 'cancelled' ? 'cancelled' : 'changed' }, now);
  }

  private async groupOf(actor: MeetingActor, groupId: string) {
    const group = await this.groups.find(groupId);
    if (!group || !mayActOn(actor, group)) throw new GroupNotFound(`no group ${groupId} in your area`);
    return group;
  }

  private record(actor: MeetingActor, action: string, m: StartMeeting, correlationId: string, details: Record<string, string | number>): Promise<void> {
    return this.audit.record({
      actor: actor.audit,
      action,
      subject: { kind: 'start-meeting', id: m.id },
      municipalityId: m.municipalityId,
      policeAreaId: m.policeAreaId,
      correlationId,
      details: { groupId: m.groupId, ...details },
    });
  }
}
