import pino from 'pino';
import { createEvent, ProtectedIdentityChangedV1 } from '@trygg/contracts';
import { InMemoryStepWorkStore, StepWorkerEventsController, workAsSeenBy } from '@trygg/step-worker';
import { type Review, ReviewAlreadyDecided } from '../domain/review';
import { DecideReview, ReviewNotFound } from './decide-review';
import { ReceiveRequest } from './receive-request';
import { ShowPersonalData } from './show-personal-data';

/** In-memory reviews, scoped by municipality, with the same lock and version check as the MongoDB store. */
const inMemoryReviews = () => new InMemoryStepWorkStore<Review>((r) => r.municipalityId);

const plugin = { stepType: 'bra-review', sender: 'bra-review' };
const reviewer = { subject: 'https://idp.lilla-edet.example#bra.lillaedet', name: 'BRÅ Lilla Edet', role: 'reviewer', scope: 'lilla-edet' };
const request = {
  municipalityId: 'lilla-edet',
  instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11',
  stepId: 'local-bra-review',
  stepType: 'bra-review',
  attempt: 1,
  subject: { kind: 'contact-person' as const, id: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a12', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a13' },
  subjectFields: { name: 'Anna' },
  parameters: {},
  dueAt: null,
};

describe('the local BRÅ review plug-in', () => {
  it('keeps one pending review per request of its own step type only', async () => {
    const store = inMemoryReviews();
    const receive = new ReceiveRequest(store, plugin, pino({ level: 'silent' }));
    expect(await receive.execute(request)).toMatchObject({ status: 'pending' });
    expect(await receive.execute(request)).toBeUndefined();
    expect(await receive.execute({ ...request, stepType: 'police-approval' })).toBeUndefined();
    expect(await store.pending('lilla-edet')).toHaveLength(1);
    expect(await store.pending('ale')).toHaveLength(0);
  });

  it('answers with step-completed as its registered sender, once, audited', async () => {
    const store = inMemoryReviews();
    const audited: unknown[] = [];
    const review = (await new ReceiveRequest(store, plugin, pino({ level: 'silent' })).execute(request))!;
    const decide = new DecideReview(store, plugin, { record: async (e) => void audited.push(e) });
    await expect(decide.execute('ale', review.id, { outcome: 'approved', reason: 'ok', reviewer: 'r' }, 'c', reviewer)).rejects.toBeInstanceOf(ReviewNotFound);
    await decide.execute('lilla-edet', review.id, { outcome: 'approved', reason: 'Gruppen är välkommen', reviewer: 'bra-ordf' }, 'c-2', reviewer);
    expect(store.docs.get(review.id)!.events[0]).toMatchObject({
      type: 'onboarding.step-completed.v1',
      municipalityId: 'lilla-edet',
      payload: { instanceId: request.instanceId, stepId: 'local-bra-review', stepType: 'bra-review', attempt: 1, outcome: 'approved', actor: { kind: 'plugin', id: 'bra-review' } },
    });
    await expect(decide.execute('lilla-edet', review.id, { outcome: 'rejected', reason: 'x', reviewer: 'r' }, 'c', reviewer)).rejects.toBeInstanceOf(ReviewAlreadyDecided);
    expect(audited).toEqual([
      {
        actor: reviewer, action: 'bra-review-decision', subject: { kind: 'bra-review', id: review.id }, municipalityId: 'lilla-edet', correlationId: 'c-2',
        details: { instanceId: request.instanceId, stepId: 'local-bra-review', attempt: 1, outcome: 'approved', reason: 'Gruppen är välkommen' },
      },
    ]);
  });

  it('follows a later change of the person’s protected-identity flag (enrolment.protected-identity-changed.v1)', async () => {
    const store = inMemoryReviews();
    const receive = new ReceiveRequest(store, plugin, pino({ level: 'silent' }));
    const review = (await receive.execute(request))!;
    const events = new StepWorkerEventsController(receive, store);
    const changed = (protectedIdentity: boolean) => createEvent(ProtectedIdentityChangedV1, { municipalityId: 'lilla-edet', correlationId: 'c' }, { personId: request.subject.personId, protectedIdentity });
    await events.protectedIdentityChanged(changed(true));
    const seen = () => workAsSeenBy(store.docs.get(review.id)!.work, { permissions: [] });
    expect(seen()).toMatchObject({ protectedIdentity: true });
    expect(seen().subjectFields['name']).not.toBe('Anna');
    expect(workAsSeenBy(store.docs.get(review.id)!.work, { permissions: ['protected-identity'] }).subjectFields).toEqual({ name: 'Anna' });
    await events.protectedIdentityChanged(changed(false));
    expect(seen()).toMatchObject({ protectedIdentity: false, subjectFields: { name: 'Anna' } });
  });

  it('shows the person their reviews and the decisions’ outcome and time, never the reviewer’s reason or identity (“Mina uppgifter”)', async () => {
    const store = inMemoryReviews();
    const receive = new ReceiveRequest(store, plugin, pino({ level: 'silent' }), () => new Date('2026-11-26T10:00:00Z'));
    const review = (await receive.execute(request))!;
    await receive.execute({ ...request, instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a21', subject: { ...request.subject, personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a99' }, subjectFields: { name: 'Bo Annan' } });
    await new DecideReview(store, plugin, { record: async () => undefined }, () => new Date('2026-11-27T09:00:00Z')).execute('lilla-edet', review.id, { outcome: 'rejected', reason: 'Intern anteckning om Anna', reviewer: 'bra-ordf' }, 'c', reviewer);
    const data = await new ShowPersonalData(store).execute('lilla-edet', request.subject.personId);
    expect(data).toEqual({
      reviews: [{ id: review.id, stepType: 'bra-review', attempt: 1, status: 'decided', requestedAt: '2026-11-26T10:00:00.000Z', subjectFields: { name: 'Anna' }, decision: { outcome: 'rejected', decidedAt: '2026-11-27T09:00:00.000Z' } }],
    });
    expect(JSON.stringify(data)).not.toMatch(/Intern anteckning|bra-ordf|bra\.lillaedet|Bo Annan/);
    expect(await new ShowPersonalData(store).execute('ale', request.subject.personId)).toEqual({ reviews: [] });
  });
});
