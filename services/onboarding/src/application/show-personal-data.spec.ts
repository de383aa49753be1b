import { randomUUID } from 'node:crypto';
import { onboardingPersonalDataSchema } from '@trygg/http-contracts';
import { InMemoryInstances } from '../../test/fakes';
import type { Instance } from '../domain/engine';
import { ShowPersonalData } from './show-personal-data';

const NOTE = 'Intern anteckning: känd sedan tidigare';

function instance(personId: string, municipalityId = 'ale', startedAt = '2026-06-01T10:00:00.000Z'): Instance {
  return {
    id: randomUUID(), municipalityId, kind: 'contact-person', processVersion: 2, subject: { kind: 'contact-person', id: randomUUID(), personId },
    subjectFields: { name: 'Anna Andersson' }, policeAreaId: 'lpo-ale-kungalv', status: 'running', currentStepId: 'police', startedAt, completedAt: null,
    steps: [
      { id: 'email', type: 'email-verification', status: 'approved', attempt: 1, firstRequestedAt: startedAt, waitingSince: startedAt, answeredAt: '2026-06-01T10:05:00.000Z', remindersSent: 0, outcome: 'approved', reason: 'The email address was confirmed', actor: { kind: 'system', id: 'enrolment' }, evidence: null },
      { id: 'police', type: 'police-approval', status: 'rejected', attempt: 1, firstRequestedAt: startedAt, waitingSince: startedAt, answeredAt: '2026-06-02T09:00:00.000Z', remindersSent: 1, outcome: 'rejected', reason: NOTE, actor: { kind: 'police', id: 'officer-7' }, evidence: { seenBy: 'Handläggare Hansson' } },
    ],
    timeline: [{ at: startedAt, what: 'answered', stepId: 'police', outcome: 'rejected', reason: NOTE, actor: { kind: 'police', id: 'officer-7' } }],
  };
}

describe('ShowPersonalData (GDPR Art. 15: the person’s onboarding)', () => {
  it('answers the person’s instances with steps, outcomes and times, never a reviewer’s note or identity', async () => {
    const repo = new InMemoryInstances();
    const personId = randomUUID();
    const mine = instance(personId);
    await repo.insert(mine, [], null);
    await repo.insert(instance(randomUUID()), [], null);
    await repo.insert(instance(personId, 'trollhattan'), [], null);
    const data = await new ShowPersonalData(repo).execute('ale', personId);
    expect(onboardingPersonalDataSchema.parse(data)).toEqual(data);
    expect(data.instances).toHaveLength(1);
    expect(data.instances[0]).toMatchObject({ id: mine.id, kind: 'contact-person', status: 'running', subjectFields: { name: 'Anna Andersson' } });
    expect(data.instances[0]!.steps.map((s) => [s.type, s.status, s.outcome, s.answeredBy])).toEqual([
      ['email-verification', 'approved', 'approved', 'system'],
      ['police-approval', 'rejected', 'rejected', 'police'],
    ]);
    const text = JSON.stringify(data);
    for (const internal of [NOTE, 'officer-7', 'Handläggare Hansson', 'lpo-ale-kungalv']) expect(text).not.toContain(internal);
  });

  it('an unknown person has no instances', async () => {
    expect(await new ShowPersonalData(new InMemoryInstances()).execute('ale', randomUUID())).toEqual({ instances: [] });
  });
});
