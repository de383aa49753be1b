import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import pino from 'pino';
import { createLogger } from '@trygg/observability';
import { AllExceptionsFilter } from '@trygg/service-kit';
import { DecideCase } from '../application/decide-case';
import { OpenCase } from '../application/open-case';
import { InMemoryCases } from '../../test/fakes';
import { CASE_STORE, CasesController } from './cases.controller';
import { DevPoliceGuard, STAFF_DEV_GUARD } from './dev-police.guard';

async function appWith(mode: 'allow' | 'deny', cases: InMemoryCases) {
  const moduleRef = await Test.createTestingModule({
    controllers: [CasesController],
    providers: [
      { provide: STAFF_DEV_GUARD, useValue: mode },
      DevPoliceGuard,
      { provide: CASE_STORE, useValue: cases },
      { provide: DecideCase, useValue: new DecideCase(cases, { record: async () => undefined }) },
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new AllExceptionsFilter(createLogger('test', 'silent')));
  await app.init();
  return app;
}

describe('the officer API', () => {
  // Each test gets its own cases and application: no state carried from one test to the next.
  let app: INestApplication;
  let cases: InMemoryCases;
  let caseId: string;

  beforeEach(async () => {
    cases = new InMemoryCases();
    app = await appWith('allow', cases);
    const opened = await new OpenCase(cases, { defaultAreaOf: () => 'lpo-a' }, pino({ level: 'silent' })).execute({
      municipalityId: 'ale', instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11', stepId: 'police-approval', stepType: 'police-approval', attempt: 1,
      subject: { kind: 'contact-person', id: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a12', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a13' }, subjectFields: {}, policeAreaId: null, dueAt: null,
    });
    caseId = opened!.id;
  });
  afterEach(() => app.close());

  it('lists the pending cases of the officer’s own area only', async () => {
    const res = await request(app.getHttpServer()).get('/police-areas/lpo-a/cases').set('x-dev-police-area', 'lpo-a').expect(200);
    expect(res.body.cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    await request(app.getHttpServer()).get('/police-areas/lpo-a/cases').set('x-dev-police-area', 'lpo-b').expect(404);
    await request(app.getHttpServer()).get('/police-areas/lpo-a/cases').expect(403);
  });

  it('answers 400 naming the fields of a bad decision, and decides nothing', async () => {
    const res = await request(app.getHttpServer()).post(`/cases/${caseId}/decision`).set('x-dev-police-area', 'lpo-a').send({ outcome: 'maybe' }).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['outcome', 'reason']);
    expect(cases.docs.get(caseId)!.work.status).toBe('pending');
  });

  it('decides once (200) and answers 409 to a second decision', async () => {
    const res = await request(app.getHttpServer())
      .post(`/cases/${caseId}/decision`).set('x-dev-police-area', 'lpo-a').set('x-dev-police-officer', 'officer-7')
      .send({ outcome: 'approve', reason: 'Känd i området' }).expect(200);
    expect(res.body.decision).toMatchObject({ outcome: 'approve', decidedBy: 'officer-7' });
    await request(app.getHttpServer()).post(`/cases/${caseId}/decision`).set('x-dev-police-area', 'lpo-a').send({ outcome: 'reject', reason: 'x' }).expect(409);
  });

  it('refuses everything without the development guard switched on', async () => {
    const denied = await appWith('deny', cases);
    await request(denied.getHttpServer()).get('/police-areas/lpo-a/cases').set('x-dev-police-area', 'lpo-a').expect(403);
    await denied.close();
  });
});
