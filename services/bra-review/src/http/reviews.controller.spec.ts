import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import pino from 'pino';
import type { AuditEntry } from '@trygg/audit';
import { TRUSTED_ISSUERS } from '@trygg/auth';
import { createLogger } from '@trygg/observability';
import { InMemoryAuditTrail, offlineApp, TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { InMemoryStepWorkStore } from '@trygg/step-worker';
import { TestIssuer } from '@trygg/testing';
import { BraReviewModule } from '../app.module';
import { DecideReview } from '../application/decide-review';
import { REVIEWS_VIEWED } from '../application/list-pending-reviews';
import { DECISION_AUDIT } from '../application/ports';
import { ReceiveRequest } from '../application/receive-request';
import type { BraReviewConfig } from '../config';
import type { Review } from '../domain/review';
import { REVIEW_STORE } from './reviews.controller';

const plugin = { stepType: 'bra-review', sender: 'bra-review' };
const reviewerOf = (m: string) => ({ sub: `bra.${m}`, name: `BRÅ ${m}`, groups: [TEST_GROUPS.reviewer] });

describe('the council API (a reviewer of step bra-review, signed in through the municipality’s IdP)', () => {
  // Each test gets its own reviews and application: no state carried from one test to the next.
  let lillaEdet: TestIssuer;
  let ale: TestIssuer;
  let app: INestApplication;
  let reviews: InMemoryStepWorkStore<Review>;
  let audited: AuditEntry[];
  /** The trail the list views go to (decisions: `audited`, through DecideReview). */
  let trail: InMemoryAuditTrail;
  let reviewId: string;
  let own: string;

  beforeAll(async () => {
    [lillaEdet, ale] = await Promise.all([TestIssuer.start('/lilla-edet'), TestIssuer.start('/ale')]);
  });
  afterAll(() => Promise.all([lillaEdet.close(), ale.close()]));

  beforeEach(async () => {
    reviews = new InMemoryStepWorkStore<Review>((r) => r.municipalityId);
    audited = [];
    trail = new InMemoryAuditTrail();
    app = await offlineApp(BraReviewModule.forRoot({} as BraReviewConfig, createLogger('test', 'silent')), (b) =>
      b
        .overrideProvider(TRUSTED_ISSUERS).useValue(testTrustedIssuers({ 'lilla-edet': lillaEdet, ale }))
        .overrideProvider(REVIEW_STORE).useValue(reviews)
        .overrideProvider(DecideReview).useValue(new DecideReview(reviews, plugin, { record: async (e) => void audited.push(e) }))
        .overrideProvider(DECISION_AUDIT).useValue(trail),
    );
    reviewId = (await new ReceiveRequest(reviews, plugin, pino({ level: 'silent' })).execute({
      municipalityId: 'lilla-edet', instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a41', stepId: 'local-bra-review', stepType: 'bra-review', attempt: 1,
      subject: { kind: 'contact-person', id: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a42', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a43' }, subjectFields: {}, parameters: {}, dueAt: null,
    }))!.id;
    own = `Bearer ${await lillaEdet.token(reviewerOf('lillaedet'))}`;
  });
  afterEach(() => app.close());

  const http = () => request(app.getHttpServer());

  it('lists the pending reviews of the reviewer’s own municipality only; no token 401, a coordinator 403', async () => {
    expect((await http().get('/reviews').set('authorization', own).expect(200)).body.reviews.map((r: { id: string }) => r.id)).toEqual([reviewId]);
    const aleReviewer = `Bearer ${await ale.token(reviewerOf('ale'))}`;
    expect((await http().get('/reviews').set('authorization', aleReviewer).expect(200)).body.reviews).toEqual([]);
    await http().get('/reviews').expect(401);
    const coordinator = `Bearer ${await lillaEdet.token({ sub: 'samordnare', groups: [TEST_GROUPS.coordinator] })}`;
    expect((await http().get('/reviews').set('authorization', coordinator).expect(403)).body).toMatchObject({ error: 'forbidden' });
  });

  it('audits each view of the list with the reviewer as actor: the municipality\'s list and its number of rows, no personal data', async () => {
    await http().get('/reviews').set('authorization', own).expect(200);
    expect(trail.entries).toEqual([
      {
        actor: { subject: `${lillaEdet.issuer}#bra.lillaedet`, name: 'BRÅ lillaedet', role: 'reviewer', scope: 'lilla-edet' },
        action: REVIEWS_VIEWED,
        subject: { kind: 'list', id: 'lilla-edet' },
        municipalityId: 'lilla-edet',
        correlationId: expect.any(String),
        details: { rows: 1 },
      },
    ]);
    // A refused caller views nothing and leaves no view record.
    await http().get('/reviews').expect(401);
    expect(trail.entries).toHaveLength(1);
  });

  it('a reviewer of another municipality cannot decide the review: 404, nothing decided, nothing audited', async () => {
    const aleReviewer = `Bearer ${await ale.token(reviewerOf('ale'))}`;
    await http().post(`/reviews/${reviewId}/decision`).set('authorization', aleReviewer).send({ outcome: 'approved', reason: 'x' }).expect(404);
    const coordinator = `Bearer ${await lillaEdet.token({ sub: 'samordnare', groups: [TEST_GROUPS.coordinator] })}`;
    await http().post(`/reviews/${reviewId}/decision`).set('authorization', coordinator).send({ outcome: 'approved', reason: 'x' }).expect(403);
    expect(reviews.docs.get(reviewId)!.work.status).toBe('pending');
    expect(audited).toEqual([]);
  });

  it('decides once (200, by the signed-in reviewer, audited with them as actor) and answers 409 to a second decision', async () => {
    const res = await http().post(`/reviews/${reviewId}/decision`).set('authorization', own).send({ outcome: 'approved', reason: 'Gruppen är välkommen' }).expect(200);
    const subject = `${lillaEdet.issuer}#bra.lillaedet`;
    expect(res.body.decision).toMatchObject({ outcome: 'approved', reviewer: subject });
    expect(audited).toEqual([expect.objectContaining({ actor: { subject, name: 'BRÅ lillaedet', role: 'reviewer', scope: 'lilla-edet' }, action: 'bra-review-decision', subject: { kind: 'bra-review', id: reviewId } })]);
    await http().post(`/reviews/${reviewId}/decision`).set('authorization', own).send({ outcome: 'rejected', reason: 'x' }).expect(409);
    expect(audited).toHaveLength(1);
  });

  it('a protected person\'s review says "Skyddad person" to a reviewer without the protected-identity permission; in full with it', async () => {
    const request0 = {
      municipalityId: 'lilla-edet', instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a51', stepId: 'local-bra-review', stepType: 'bra-review', attempt: 1,
      subject: { kind: 'contact-person' as const, id: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a52', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a53' },
      subjectFields: { name: 'Hemlig Hemligsson' }, protectedIdentity: true, parameters: {}, dueAt: null,
    };
    const protectedId = (await new ReceiveRequest(reviews, plugin, pino({ level: 'silent' })).execute(request0))!.id;
    const res = await http().get('/reviews').set('authorization', own).expect(200);
    expect(res.body.reviews.find((r: { id: string }) => r.id === protectedId)).toMatchObject({ protectedIdentity: true, subjectFields: { name: 'Skyddad person' }, status: 'pending' });
    expect(JSON.stringify(res.body)).not.toContain('Hemlig');
    const permitted = `Bearer ${await lillaEdet.token({ ...reviewerOf('lillaedet'), groups: [TEST_GROUPS.reviewer, 'skyddad-identitet-behorig'] })}`;
    const full = await http().get('/reviews').set('authorization', permitted).expect(200);
    expect(full.body.reviews.find((r: { id: string }) => r.id === protectedId)).toMatchObject({ subjectFields: { name: 'Hemlig Hemligsson' } });
  });
});
