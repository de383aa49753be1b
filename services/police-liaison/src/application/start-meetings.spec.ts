import { randomUUID } from 'node:crypto';
import { InMemoryAuditTrail } from '@trygg/service-testing';
import { hashLinkToken } from '@trygg/values';
import { InMemoryGroups, InMemoryMeetings, InMemoryMeetingSteps } from '../../test/fakes';
import { ReceiveMeetingStep } from './receive-meeting-step';
import { MeetingClosed, MeetingFieldInvalid, MeetingNotStarted } from '../domain/start-meeting';
import { ManageStartMeetings } from './manage-start-meetings';
import { GroupNotFound, MeetingAlreadyScheduled, type MeetingActor, MeetingNotFound } from './start-meeting-ports';
import { RsvpLinkExpired, RsvpLinkUnknown, RsvpMeetingUnavailable, StartMeetingRsvp } from './start-meeting-rsvp';

const audit = (subject: string) => ({ subject, name: subject, role: 'police-officer', scope: 'x' });
const officer: MeetingActor = { kind: 'police', subject: 'idp#kim', policeAreaId: 'lpo-lilla-edet', audit: audit('idp#kim') };
const otherOfficer: MeetingActor = { kind: 'police', subject: 'idp#ola', policeAreaId: 'lpo-ale-kungalv', audit: audit('idp#ola') };
const coordinator: MeetingActor = { kind: 'staff', subject: 'le#sam', municipalityId: 'lilla-edet', audit: audit('le#sam') };
const otherCoordinator: MeetingActor = { kind: 'staff', subject: 'ale#sam', municipalityId: 'ale', audit: audit('ale#sam') };

async function world() {
  let now = new Date('2026-06-01T08:00:00Z');
  const clock = () => now;
  const groups = new InMemoryGroups();
  const meetings = new InMemoryMeetings();
  const trail = new InMemoryAuditTrail();
  const steps = new InMemoryMeetingSteps();
  const groupId = randomUUID();
  const contactPerson = { nominationId: randomUUID(), personId: randomUUID() };
  await groups.record({ groupId, municipalityId: 'lilla-edet', areaId: 'centrum', policeAreaId: 'lpo-lilla-edet' }, contactPerson);
  const manage = new ManageStartMeetings(groups, meetings, trail, steps, clock);
  const receive = new ReceiveMeetingStep(groups, meetings, steps, clock);
  const rsvp = new StartMeetingRsvp(meetings, trail, 'https://web.example/', clock);
  return { groups, meetings, trail, steps, groupId, contactPerson, manage, rsvp, receive, setNow: (iso: string) => (now = new Date(iso)) };
}

const input = { startsAt: '2026-06-10T18:00:00+02:00', endsAt: '2026-06-10T19:30:00+02:00', place: 'Folkets hus, Lilla Edet' };

describe('start meetings: propose, change, cancel', () => {
  it('the officer of the group\'s police area proposes a meeting: scheduled, SEQUENCE 0, the event in the same write, audited', async () => {
    const { manage, meetings, trail, groupId } = await world();
    const meeting = await manage.schedule(officer, groupId, input, 'c-1');
    expect(meeting).toMatchObject({ status: 'scheduled', sequence: 0, groupId, municipalityId: 'lilla-edet', policeAreaId: 'lpo-lilla-edet', startsAt: '2026-06-10T16:00:00.000Z', place: input.place, proposedBy: { kind: 'police' } });
    expect(meetings.published.map((e) => [e.type, (e.payload as { sequence: number }).sequence])).toEqual([['police.start-meeting-scheduled.v1', 0]]);
    expect(meetings.published[0]).toMatchObject({ municipalityId: 'lilla-edet', payload: { meetingId: meeting.id, groupId, proposedBy: 'police' } });
    expect(trail.entries.map((r) => [r.action, r.actor.subject, r.subject.id])).toEqual([['start-meeting-scheduled', 'idp#kim', meeting.id]]);
  });

  it('a coordinator of the municipality may propose too; another area\'s officer or another municipality\'s coordinator finds no group', async () => {
    const { manage, groupId } = await world();
    await expect(manage.schedule(otherOfficer, groupId, input, 'c')).rejects.toBeInstanceOf(GroupNotFound);
    await expect(manage.schedule(otherCoordinator, groupId, input, 'c')).rejects.toBeInstanceOf(GroupNotFound);
    await expect(manage.schedule(officer, randomUUID(), input, 'c')).rejects.toBeInstanceOf(GroupNotFound);
    await expect(manage.schedule(coordinator, groupId, input, 'c')).resolves.toMatchObject({ proposedBy: { kind: 'staff' } });
  });

  it.each([
    [{ ...input, startsAt: '2026-05-31T18:00:00+02:00' }, 'startsAt', /past/],
    [{ ...input, endsAt: '2026-06-10T17:00:00+02:00' }, 'endsAt', /after the start/],
    [{ ...input, endsAt: '2026-06-11T18:00:00+02:00' }, 'endsAt', /12 hours/],
    [{ ...input, place: '   ' }, 'place', /empty/],
  ])('refuses bad time or place, naming the field (%#)', async (bad, field, message) => {
    const { manage, groupId } = await world();
    const error = await manage.schedule(officer, groupId, bad, 'c').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeetingFieldInvalid);
    expect(error).toMatchObject({ field, message: expect.stringMatching(message) });
  });

  it('one open meeting per group: a second proposal is refused until the first is cancelled', async () => {
    const { manage, groupId } = await world();
    const first = await manage.schedule(officer, groupId, input, 'c');
    await expect(manage.schedule(coordinator, groupId, input, 'c')).rejects.toBeInstanceOf(MeetingAlreadyScheduled);
    await manage.cancel(officer, first.id, 'c');
    await expect(manage.schedule(coordinator, groupId, input, 'c')).resolves.toMatchObject({ status: 'scheduled', sequence: 0 });
  });

  it('a change raises SEQUENCE (changed), a cancellation raises it again (cancelled); a cancelled meeting no longer changes', async () => {
    const { manage, meetings, groupId } = await world();
    const m = await manage.schedule(officer, groupId, input, 'c');
    const changed = await manage.change(coordinator, m.id, { ...input, place: 'Biblioteket' }, 'c');
    expect(changed).toMatchObject({ status: 'changed', sequence: 1, place: 'Biblioteket' });
    const cancelled = await manage.cancel(officer, m.id, 'c');
    expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 2 });
    expect(meetings.published.map((e) => [e.type, (e.payload as { status?: string }).status, (e.payload as { sequence: number }).sequence])).toEqual([
      ['police.start-meeting-scheduled.v1', undefined, 0],
      ['police.start-meeting-changed.v1', 'changed', 1],
      ['police.start-meeting-changed.v1', 'cancelled', 2],
    ]);
    await expect(manage.change(officer, m.id, input, 'c')).rejects.toBeInstanceOf(MeetingClosed);
    await expect(manage.cancel(officer, m.id, 'c')).rejects.toBeInstanceOf(MeetingClosed);
    await expect(manage.change(otherOfficer, m.id, input, 'c')).rejects.toBeInstanceOf(MeetingNotFound);
  });
});

describe('start meetings: RSVP links and attendance', () => {
  it('issues a random link per person (only its hash stored); the member answers yes, then no; the link ends with the meeting', async () => {
    const { manage, meetings, rsvp, trail, groupId, setNow } = await world();
    const m = await manage.schedule(officer, groupId, input, 'c');
    const personId = randomUUID();
    const { url, expiresAt } = await rsvp.issueLink(m.id, personId);
    expect(url).toMatch(/^https:\/\/web\.example\/lilla-edet\/uppstartsmote\/[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(m.endsAt);
    const token = url.split('/').pop()!;
    expect(JSON.stringify(meetings.byId.get(m.id))).not.toContain(token);
    expect(meetings.byId.get(m.id)!.invitations).toEqual([{ personId, tokenHash: hashLinkToken(token), expiresAt: m.endsAt }]);
    expect(await rsvp.describe(token)).toMatchObject({ place: input.place, answer: null, status: 'scheduled' });
    expect(await rsvp.answer(token, 'yes', 'c')).toMatchObject({ answer: 'yes' });
    expect(await rsvp.answer(token, 'no', 'c')).toMatchObject({ answer: 'no' });
    expect(trail.entries.filter((r) => r.action === 'start-meeting-rsvp').map((r) => r.actor.subject)).toEqual([`person:${personId}`, `person:${personId}`]);
    await expect(rsvp.describe('A'.repeat(43))).rejects.toBeInstanceOf(RsvpLinkUnknown);
    await expect(rsvp.describe('short')).rejects.toBeInstanceOf(RsvpLinkUnknown);
    setNow('2026-06-10T16:30:00Z'); // the meeting has begun: no more answers
    await expect(rsvp.answer(token, 'yes', 'c')).rejects.toBeInstanceOf(MeetingClosed);
    setNow('2026-06-10T18:00:00Z'); // ended
    await expect(rsvp.describe(token)).rejects.toBeInstanceOf(RsvpLinkExpired);
  });

  it('no link for a cancelled meeting, and a cancelled meeting\'s links stop working', async () => {
    const { manage, rsvp, groupId } = await world();
    const m = await manage.schedule(officer, groupId, input, 'c');
    const { url } = await rsvp.issueLink(m.id, randomUUID());
    await manage.cancel(officer, m.id, 'c');
    await expect(rsvp.describe(url.split('/').pop()!)).rejects.toBeInstanceOf(RsvpLinkExpired);
    await expect(rsvp.issueLink(m.id, randomUUID())).rejects.toBeInstanceOf(RsvpMeetingUnavailable);
    await expect(rsvp.issueLink(randomUUID(), randomUUID())).rejects.toBeInstanceOf(RsvpMeetingUnavailable);
  });

  it('attendance: not before the meeting starts; then held once, with the day in Stockholm and police.start-meeting-attended.v1', async () => {
    const { manage, meetings, groupId, setNow } = await world();
    const m = await manage.schedule(officer, groupId, { ...input, startsAt: '2026-06-10T23:30:00+02:00', endsAt: '2026-06-11T00:30:00+02:00' }, 'c');
    const came = [randomUUID(), randomUUID()];
    await expect(manage.recordAttendance(officer, m.id, came, 'c')).rejects.toBeInstanceOf(MeetingNotStarted);
    setNow('2026-06-10T22:00:00Z');
    const held = await manage.recordAttendance(coordinator, m.id, [...came, came[0]!], 'c');
    expect(held).toMatchObject({ status: 'held', attendance: { personIds: came, heldOn: '2026-06-10', recordedBy: 'le#sam' } });
    expect(meetings.published.at(-1)).toMatchObject({ type: 'police.start-meeting-attended.v1', payload: { meetingId: m.id, groupId, heldOn: '2026-06-10', attendeePersonIds: came, recordedBy: 'staff' } });
    await expect(manage.recordAttendance(officer, m.id, came, 'c')).rejects.toBeInstanceOf(MeetingClosed);
    await expect(manage.recordAttendance(otherCoordinator, m.id, came, 'c')).rejects.toBeInstanceOf(MeetingNotFound);
  });

  const stepRequest = (nominationId: string, personId: string, overrides: Record<string, unknown> = {}) => ({
    municipalityId: 'lilla-edet',
    instanceId: randomUUID(),
    stepId: 'start-meeting',
    stepType: 'meeting-attendance',
    attempt: 1,
    subject: { kind: 'contact-person' as const, id: nominationId, personId },
    subjectFields: {},
    parameters: { meeting: 'start' },
    dueAt: null,
    ...overrides,
  });

  it('recording attendance answers the start-meeting step of each contact person who came (approved, the day as evidence) in the same write; one who stayed away still waits', async () => {
    const { manage, meetings, steps, receive, groups, groupId, contactPerson, setNow } = await world();
    const absent = { nominationId: randomUUID(), personId: randomUUID() };
    await groups.record({ groupId, municipalityId: 'lilla-edet', areaId: 'centrum', policeAreaId: 'lpo-lilla-edet' }, absent);
    const came = stepRequest(contactPerson.nominationId, contactPerson.personId);
    await receive.execute(came);
    await receive.execute(came); // redelivered: one step
    await receive.execute(stepRequest(absent.nominationId, absent.personId));
    // Not ours: a member's information meeting, a contact person's other step.
    await receive.execute(stepRequest(randomUUID(), randomUUID(), { subject: { kind: 'member', id: randomUUID(), personId: randomUUID() }, parameters: { meeting: 'information' } }));
    await receive.execute(stepRequest(contactPerson.nominationId, contactPerson.personId, { stepType: 'agreement', stepId: 'rules' }));
    expect([...steps.byId.values()].map((s) => [s.nominationId, s.status])).toEqual([
      [contactPerson.nominationId, 'pending'],
      [absent.nominationId, 'pending'],
    ]);
    const m = await manage.schedule(officer, groupId, input, 'c');
    setNow('2026-06-10T16:05:00Z');
    await manage.recordAttendance(officer, m.id, [contactPerson.personId, randomUUID()], 'c-att');
    const answers = meetings.published.filter((e) => e.type === 'onboarding.step-completed.v1');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({
      municipalityId: 'lilla-edet',
      payload: { instanceId: came.instanceId, stepId: 'start-meeting', stepType: 'meeting-attendance', attempt: 1, outcome: 'approved', reason: null, actor: { kind: 'police', id: 'idp#kim' }, evidence: { meetingDate: '2026-06-10' } },
    });
    expect([...steps.byId.values()].map((s) => [s.nominationId, s.status])).toEqual([
      [contactPerson.nominationId, 'answered'],
      [absent.nominationId, 'pending'],
    ]);
  });

  it('a step requested after the person was recorded at a held meeting is answered at once; a coordinator\'s record answers as staff', async () => {
    const { manage, steps, receive, groupId, contactPerson, setNow } = await world();
    const m = await manage.schedule(coordinator, groupId, input, 'c');
    setNow('2026-06-10T17:00:00Z');
    await manage.recordAttendance(coordinator, m.id, [contactPerson.personId], 'c');
    const late = stepRequest(contactPerson.nominationId, contactPerson.personId, { attempt: 2 });
    await receive.execute(late);
    expect([...steps.byId.values()]).toEqual([expect.objectContaining({ instanceId: late.instanceId, attempt: 2, status: 'answered', answeredBy: 'le#sam' })]);
    expect(steps.published).toEqual([
      expect.objectContaining({ type: 'onboarding.step-completed.v1', payload: expect.objectContaining({ instanceId: late.instanceId, attempt: 2, actor: { kind: 'staff', id: 'le#sam' }, evidence: { meetingDate: '2026-06-10' } }) }),
    ]);
  });
});
