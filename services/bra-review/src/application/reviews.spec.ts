import pino from 'pino';
import type { EventEnvelope } from '@trygg/contracts';
import { KeyedMutex } from '@trygg/persistence';
import { type Review, ReviewAlreadyDecided } from '../domain/review';
import { DecideReview, ReceiveRequest, ReviewNotFound, type ReviewStore } from './reviews';

class InMemoryReviews implements ReviewStore {
  readonly docs = new Map<string, { review: Review; version: number; events: EventEnvelope[] }>();
  private readonly locks = new KeyedMutex();
  exclusive<T>(id: string, work: () => Promise<T>) {
    return this.locks.runExclusive(id, work);
  }
  async insert(r: Review) {
    if (this.docs.has(r.id)) return false;
    this.docs.set(r.id, { review: r, version: 1, events: [] });
    return true;
  }
  async find(m: string, id: string) {
    const d = this.docs.get(id);
    return d && d.review.municipalityId === m ? { review: d.review, version: d.version } : undefined;
  }
  async pending(m: string) {
    return [...this.docs.values()].map((d) => d.review).filter((r) => r.municipalityId === m && r.status === 'pending');
  }
  async forgetPerson(m: string, personId: string) {
    let n = 0;
    for (const d of this.docs.values()) {
      if (d.review.municipalityId === m && d.review.subject.personId === personId) {
        d.review = { ...d.review, subjectFields: {} };
        n++;
      }
    }
    return n;
  }
  async saveDecision(r: Review, v: number, events: EventEnvelope[]) {
    const d = this.docs.get(r.id)!;
    if (d.version !== v) return false;
    this.docs.set(r.id, { review: r, version: v + 1, events });
    return true;
  }
}

const plugin = { stepType: 'bra-review', sender: 'bra-review' };
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
    const store = new InMemoryReviews();
    const receive = new ReceiveRequest(store, plugin, pino({ level: 'silent' }));
    expect(await receive.execute(request)).toMatchObject({ status: 'pending' });
    expect(await receive.execute(request)).toBeUndefined();
    expect(await receive.execute({ ...request, stepType: 'police-approval' })).toBeUndefined();
    expect(await store.pending('lilla-edet')).toHaveLength(1);
    expect(await store.pending('ale')).toHaveLength(0);
  });

  it('answers with step-completed as its registered sender, once, audited', async () => {
    const store = new InMemoryReviews();
    const audited: unknown[] = [];
    const review = (await new ReceiveRequest(store, plugin, pino({ level: 'silent' })).execute(request))!;
    const decide = new DecideReview(store, plugin, { record: async (e) => void audited.push(e) });
    await expect(decide.execute('ale', review.id, { outcome: 'approved', reason: 'ok', reviewer: 'r' }, 'c')).rejects.toBeInstanceOf(ReviewNotFound);
    await decide.execute('lilla-edet', review.id, { outcome: 'approved', reason: 'Gruppen är välkommen', reviewer: 'bra-ordf' }, 'c');
    expect(store.docs.get(review.id)!.events[0]).toMatchObject({
      type: 'onboarding.step-completed.v1',
      municipalityId: 'lilla-edet',
      payload: { instanceId: request.instanceId, stepId: 'local-bra-review', stepType: 'bra-review', attempt: 1, outcome: 'approved', actor: { kind: 'plugin', id: 'bra-review' } },
    });
    await expect(decide.execute('lilla-edet', review.id, { outcome: 'rejected', reason: 'x', reviewer: 'r' }, 'c')).rejects.toBeInstanceOf(ReviewAlreadyDecided);
    expect(audited).toHaveLength(1);
  });
});
