import { randomUUID } from 'node:crypto';
import { createEvent, OnboardingCompletedV1 } from '@trygg/contracts';
import { PermanentError } from '@trygg/messaging';
import { confirmedWalker, InMemoryVolunteers } from '../../test/fakes';
import { ApplyOnboardingOutcome } from '../application/apply-onboarding-outcome';
import { RecordOnboardingStep } from '../application/list-volunteers';
import { volunteers } from '@trygg/http-contracts';
import { OnboardingEventsController } from './onboarding-events.controller';

const now = new Date('2026-11-26T10:00:00Z');
const wire = () => {
  const store = new InMemoryVolunteers();
  return { store, controller: new OnboardingEventsController(new ApplyOnboardingOutcome(store, () => now), new RecordOnboardingStep(store)) };
};
const completed = (subject: { kind: 'volunteer' | 'member'; id: string }, outcome: 'approved' | 'rejected' = 'approved') =>
  createEvent(
    OnboardingCompletedV1,
    { municipalityId: 'ale', correlationId: 'c-1' },
    { instanceId: randomUUID(), processId: 'ale/volunteer', processVersion: 1, subject: { ...subject, personId: randomUUID() }, outcome, decidingStepId: 'agreement', reason: outcome === 'rejected' ? 'Under 18 år' : null },
  );

describe('onboarding.completed.v1', () => {
  it('makes the walker active; a repeated outcome changes nothing', async () => {
    const { store, controller } = wire();
    const v = await confirmedWalker(store, volunteers.signUpInput.parse({ municipalityId: 'ale', name: 'Vera', email: 'vera@example.se', birthYear: 1980 }), now);
    await controller.onboardingCompleted(completed({ kind: 'volunteer', id: v.id }));
    expect(store.byId.get(v.id)).toMatchObject({ status: 'active', decidedAt: now.toISOString() });
    await controller.onboardingCompleted(completed({ kind: 'volunteer', id: v.id }, 'rejected'));
    expect(store.byId.get(v.id)).toMatchObject({ status: 'active' });
  });

  it('ignores other subjects and dead-letters an unknown walker', async () => {
    const { controller } = wire();
    await expect(controller.onboardingCompleted(completed({ kind: 'member', id: randomUUID() }))).resolves.toBeUndefined();
    await expect(controller.onboardingCompleted(completed({ kind: 'volunteer', id: randomUUID() }))).rejects.toBeInstanceOf(PermanentError);
  });
});
