import { createEvent, type EventOf, OnboardingStepCompletedV1, OnboardingStepRequestedV1, parseEvent } from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import { requestErasure } from '../domain/registration';
import { OnboardingEventsController } from '../messaging/onboarding-events.controller';
import type { StepRequest } from './answer-email-verification';
import { ALE_COORDINATOR, buildWorld } from '../../test/fakes';

// Enrolment's side of the member (and contact-person) onboarding: it answers email-verification steps, since it
// owns the double opt-in link, and a member rejected by the municipality's process leaves the group.

const INSTANCE = '6f0e1c1e-3d7a-4c55-9a39-0d1c6f1f0001';
const request = (subject: StepRequest['subject'], overrides: Partial<StepRequest> = {}): StepRequest => ({
  eventId: 'req-1',
  municipalityId: 'ale',
  correlationId: 'corr-onb',
  instanceId: INSTANCE,
  stepId: 'verify-email',
  stepType: 'email-verification',
  attempt: 1,
  subject,
  ...overrides,
});

async function joinedMember(world = buildWorld()) {
  const { registration, result } = await world.registerAndConfirm();
  const joined = world.log.ofType<{ memberId: string; personId: string; groupId: string }>('enrolment.member-joined.v1').at(-1)!;
  return { world, registration, groupId: joined.payload.groupId, subject: { kind: 'member' as const, id: joined.payload.memberId, personId: joined.payload.personId }, result };
}

describe('email-verification steps of onboarding', () => {
  it('are answered approved at once for a member whose link was used, through the registration outbox, audited', async () => {
    const { world, registration, subject } = await joinedMember();
    expect(subject.id).toBe(registration.memberId);
    world.log.clear();
    expect(await world.emailVerification.execute(request(subject))).toBe('answered');
    expect(world.log.types()).toEqual([OnboardingStepCompletedV1.type]);
    const answer = world.log.events[0]!;
    // What onboarding receives must pass the contract (and onboarding allows `system` for email-verification).
    expect(parseEvent(JSON.parse(JSON.stringify(answer)))).toMatchObject({ payload: { instanceId: INSTANCE } });
    expect(answer).toMatchObject({ municipalityId: 'ale', correlationId: 'corr-onb', causationId: 'req-1' });
    expect(answer.payload).toEqual({
      instanceId: INSTANCE,
      stepId: 'verify-email',
      stepType: 'email-verification',
      attempt: 1,
      outcome: 'approved',
      reason: 'The email address was confirmed with the double opt-in link at 2026-11-26T10:00:00.000Z.',
      actor: { kind: 'system', id: 'enrolment' },
      evidence: null,
    });
    expect(world.audit.entries.at(-1)).toMatchObject({ actor: { subject: 'system:onboarding', role: 'system' }, action: 'email-verification-answered', subject: { kind: 'registration', id: registration.id }, details: { instanceId: INSTANCE, causationId: 'req-1' } });
  });

  it('answer a request delivered twice once; a new attempt is answered again', async () => {
    const { world, subject } = await joinedMember();
    world.log.clear();
    expect(await world.emailVerification.execute(request(subject))).toBe('answered');
    expect(await world.emailVerification.execute(request(subject, { eventId: 'req-1-copy' }))).toBe('already-seen');
    expect(world.log.events).toHaveLength(1);
    expect(await world.emailVerification.execute(request(subject, { eventId: 'req-2', attempt: 2 }))).toBe('answered');
    expect(world.log.ofType<{ attempt: number }>(OnboardingStepCompletedV1.type).map((e) => e.payload.attempt)).toEqual([1, 2]);
  });

  it('wait for an unconfirmed registration and are answered in the confirmation write', async () => {
    const world = buildWorld();
    const registration = await world.register();
    const subject = { kind: 'member' as const, id: registration.memberId, personId: registration.personId };
    world.log.clear();
    expect(await world.emailVerification.execute(request(subject))).toBe('waiting');
    expect(world.log.events).toEqual([]);
    expect(world.audit.entries.at(-1)).toMatchObject({ action: 'email-verification-waiting' });
    world.clock.advanceDays(1);
    const token = await world.confirmationToken(registration.id);
    await world.confirm.execute({ municipalityId: 'ale', token }, { correlationId: 'corr-confirm' });
    const answers = world.log.ofType(OnboardingStepCompletedV1.type);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ correlationId: 'corr-onb', causationId: 'req-1', payload: { instanceId: INSTANCE, outcome: 'approved', actor: { kind: 'system', id: 'enrolment' } } });
    expect(world.audit.entries.at(-1)).toMatchObject({ actor: { subject: `person:${registration.personId}`, role: 'resident' }, action: 'email-verification-answered', details: { instanceId: INSTANCE } });
    // Answered once: the same request again, or a second confirmation, sends nothing more.
    expect(await world.emailVerification.execute(request(subject, { eventId: 'req-1-copy' }))).toBe('already-seen');
    expect(world.log.ofType(OnboardingStepCompletedV1.type)).toHaveLength(1);
  });

  it('are answered for a contact person (subject id = nomination id) too', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm({ intent: 'contact-person', name: 'Kim Kontakt' });
    const nominationId = world.log.ofType<{ nominationId: string }>('enrolment.contact-person-nominated.v1')[0]!.payload.nominationId;
    world.log.clear();
    expect(await world.emailVerification.execute(request({ kind: 'contact-person', id: nominationId, personId: registration.personId }))).toBe('answered');
    expect(world.log.types()).toEqual([OnboardingStepCompletedV1.type]);
  });

  it('ignore other step types and volunteers, and answer nothing for an unknown or erased person', async () => {
    const { world, registration, subject } = await joinedMember();
    world.log.clear();
    expect(await world.emailVerification.execute(request(subject, { stepType: 'coordinator-review', stepId: 'coordinator-check' }))).toBe('not-ours');
    expect(await world.emailVerification.execute(request({ kind: 'volunteer', id: subject.id, personId: subject.personId }))).toBe('not-ours');
    expect(await world.emailVerification.execute(request({ ...subject, id: '00000000-0000-4000-8000-000000000000' }))).toBe('unknown-subject');
    expect(await world.emailVerification.execute(request({ ...subject, personId: '00000000-0000-4000-8000-000000000000' }))).toBe('unknown-subject');
    expect(await world.emailVerification.execute(request({ kind: 'contact-person', id: '00000000-0000-4000-8000-000000000000', personId: subject.personId }))).toBe('unknown-subject');
    await world.registrations.update('ale', registration.id, (current) => ({ next: requestErasure(current, { mode: 'keep-days', keepDays: 30 }, world.clock.read()), events: [] }));
    expect(await world.emailVerification.execute(request(subject))).toBe('erased');
    expect(world.log.events).toEqual([]);
  });

  it('are answered through the messaging edge from a step-requested event as it arrives from Kafka', async () => {
    const { world, subject } = await joinedMember();
    world.log.clear();
    const controller = new OnboardingEventsController(world.onboarding, world.emailVerification, createLogger('test', 'silent'));
    const requested = createEvent(
      OnboardingStepRequestedV1,
      { municipalityId: 'ale', correlationId: 'corr-k' },
      { instanceId: INSTANCE, stepId: 'verify-email', stepType: 'email-verification', attempt: 1, subject, subjectFields: {}, parameters: {}, policeAreaId: null, dueAt: null },
    );
    await controller.stepRequested(parseEvent(JSON.parse(JSON.stringify(requested)), OnboardingStepRequestedV1.type) as EventOf<typeof OnboardingStepRequestedV1>);
    expect(world.log.ofType(OnboardingStepCompletedV1.type)).toHaveLength(1);
    expect(world.log.events[0]!.causationId).toBe(requested.eventId);
  });
});

describe('the outcome of a member onboarding', () => {
  const completed = (subject: { kind: 'member'; id: string; personId: string }, outcome: 'approved' | 'rejected' | 'withdrawn', eventId = 'done-1') => ({
    eventId,
    municipalityId: 'ale',
    correlationId: 'corr-onb',
    subject,
    outcome,
    reason: outcome === 'rejected' ? 'Samordnaren kunde inte bekräfta adressen' : null,
  });

  it('rejected: the household leaves its group with one member-left (reason onboarding-rejected), audited', async () => {
    const { world, registration, subject, groupId } = await joinedMember();
    world.log.clear();
    expect(await world.onboarding.execute(completed(subject, 'rejected'))).toBe('member-left');
    expect(await world.onboarding.execute(completed(subject, 'rejected', 'done-2'))).toBe('member-unchanged');
    expect(world.log.types()).toEqual(['enrolment.member-left.v1']);
    expect(world.log.events[0]).toMatchObject({ causationId: 'done-1', payload: { memberId: subject.id, personId: subject.personId, groupId, reason: 'onboarding-rejected' } });
    const group = world.groups.byId.get(groupId)!;
    expect(group.members[subject.id]).toBeUndefined();
    expect(group.registrationIds).not.toContain(registration.id);
    expect(world.registrations.byId.get(registration.id)!.placement).toEqual({ kind: 'unplaced' });
    expect(world.audit.entries.at(-1)).toMatchObject({ actor: { subject: 'system:onboarding', role: 'system' }, action: 'member-rejected', subject: { kind: 'group', id: groupId }, details: { memberId: subject.id, reason: 'Samordnaren kunde inte bekräfta adressen', causationId: 'done-1' } });
    const page = await world.viewGroupPage.execute('ale', groupId, ALE_COORDINATOR);
    expect(page).toMatchObject({ memberCount: 0, members: [] });
    expect(page.history.at(-1)).toMatchObject({ action: 'member-left', actor: 'onboarding', details: { memberId: subject.id, reason: 'onboarding-rejected' } });
  });

  it('approved or withdrawn: the member stays and nothing is sent', async () => {
    const { world, subject, groupId } = await joinedMember();
    world.log.clear();
    expect(await world.onboarding.execute(completed(subject, 'approved'))).toBe('member-unchanged');
    expect(await world.onboarding.execute(completed(subject, 'withdrawn', 'done-2'))).toBe('member-unchanged');
    expect(world.log.events).toEqual([]);
    expect(world.groups.byId.get(groupId)!.members[subject.id]).toBeDefined();
  });

  it('rejected for a member enrolment does not know: nothing happens', async () => {
    const world = buildWorld();
    expect(await world.onboarding.execute(completed({ kind: 'member', id: '00000000-0000-4000-8000-000000000000', personId: '00000000-0000-4000-8000-000000000001' }, 'rejected'))).toBe('unknown-member');
    expect(world.log.events).toEqual([]);
  });
});
