import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import pino from 'pino';
import { TRUSTED_ISSUERS } from '@trygg/auth';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { assertRoutesMatch } from '@trygg/service-kit';
import { AUDIT_ROUTE_UNSCOPED_ROWS, offlineApp, runAccessMatrix, TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { TestIssuer } from '@trygg/testing';
import { InMemoryAudit, InMemoryInstances, StaticCatalogue } from '../../test/fakes';
import { OnboardingModule } from '../app.module';
import { AUDIT_LOG, DEFINITION_CATALOGUE, INSTANCE_REPOSITORY } from '../application/ports';
import { StartOnboarding } from '../application/start-onboarding';
import type { OnboardingConfig } from '../config';
import { validateDefinition } from '../domain/definition';

const parsed = validateDefinition(
  { version: 1, kind: 'member', steps: [{ id: 'review', type: 'coordinator-review', text: { sv: { title: 'Granskning' } } }, { id: 'rules', type: 'agreement', parameters: { agreementId: 'r', agreementVersion: '1' }, text: { sv: { title: 'Regler' } } }] },
  't.yaml',
  'member',
);
if (!parsed.ok) throw new Error('invalid test definition');
const catalogue = new StaticCatalogue({ 'lilla-edet/member/1': parsed.definition });
const memberId = '6f1d2c3b-0000-4000-8000-000000000101';

describe('the onboarding HTTP routes', () => {
  let app: INestApplication;
  let issuers: { police: TestIssuer; lillaEdet: TestIssuer; ale: TestIssuer };
  let instanceId: string;
  const audit = new InMemoryAudit();

  beforeAll(async () => {
    const [police, lillaEdet, ale] = await Promise.all([TestIssuer.start('/polisen'), TestIssuer.start('/lilla-edet'), TestIssuer.start('/ale')]);
    issuers = { police, lillaEdet, ale };
    const instances = new InMemoryInstances();
    instanceId = (await new StartOnboarding(catalogue, instances, pino({ level: 'silent' })).execute(
      { municipalityId: 'lilla-edet', kind: 'member', subjectId: memberId, personId: '6f1d2c3b-0000-4000-8000-000000000102', subjectFields: {}, policeAreaId: null },
      { correlationId: 'c', causationId: null },
    ))!.id;
    app = await offlineApp(OnboardingModule.forRoot({ TIMER_INTERVAL_MS: 60_000 } as OnboardingConfig, createLogger('test', 'silent')), (b) =>
      b
        .overrideProvider(TRUSTED_ISSUERS).useValue(testTrustedIssuers({ 'lilla-edet': lillaEdet, ale }, police))
        .overrideProvider(DEFINITION_CATALOGUE).useValue(catalogue)
        .overrideProvider(INSTANCE_REPOSITORY).useValue(instances)
        .overrideProvider(AUDIT_LOG).useValue(audit),
    );
  });
  afterAll(async () => {
    await app.close();
    await Promise.all(Object.values(issuers).map((i) => i.close()));
  });

  it('are exactly the contract in libs/http-contracts', () => {
    assertRoutesMatch(app, serviceRoutes['onboarding']);
  });

  it('serve the OpenAPI document at GET /openapi.json', async () => {
    const res = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(res.body).toEqual(apiDocument('onboarding'));
  });

  it('enforce the access matrix: every route × role × in/out of scope as declared', async () => {
    // In scope: Lilla Edet's staff (the instance's municipality), the officer of lpo-trollhattan. Out: Ale's, lpo-ale-kungalv's.
    const failures = await runAccessMatrix(app, serviceRoutes['onboarding'], {
      token: async (caller, scope) => {
        if (caller === 'anonymous') return undefined;
        if (caller === 'police-officer') {
          return issuers.police.token({ sub: `p-${scope}`, groups: [TEST_GROUPS[caller]], police_area: scope === 'in' ? 'lpo-trollhattan' : 'lpo-ale-kungalv' });
        }
        return (scope === 'in' ? issuers.lillaEdet : issuers.ale).token({ sub: `s-${caller}`, groups: [TEST_GROUPS[caller]] });
      },
      param: (name) => ({ municipality: 'lilla-edet', kind: 'member', version: '1', stepId: 'review' })[name] ?? instanceId,
      body: (route) =>
        ({ completeStep: { outcome: 'needs-info', reason: 'Ring mig' }, infoProvided: {}, withdrawInstance: { reason: 'Flyttar' }, migrateInstance: { toVersion: 1, reason: 'x' } })[route.operationId] ?? {},
    });
    // Three rows are not about scope: GET /instances names its subject in the query, which the matrix does not send
    // (400 for Ale's coordinator — with the query it is a 404, the last test); GET /audit names no municipality
    // (AUDIT_ROUTE_UNSCOPED_ROWS: Ale's data-protection officer reads Ale's own records, none here; never Lilla
    // Edet's, instances.controller.spec.ts).
    expect(failures).toEqual(['GET /instances as coordinator (out of scope): expected deny, got 400', ...AUDIT_ROUTE_UNSCOPED_ROWS]);
    const dpoAle = await issuers.ale.token({ sub: 'dso', groups: [TEST_GROUPS['data-protection-officer']] });
    expect((await request(app.getHttpServer()).get('/audit').set('authorization', `Bearer ${dpoAle}`).expect(200)).body).toEqual({ records: [] });
  });

  it('a coordinator of another municipality reads and decides nothing of this one: 404 (or 403 for named municipalities)', async () => {
    const ale = `Bearer ${await issuers.ale.token({ sub: 'samordnare.ale', groups: [TEST_GROUPS.coordinator] })}`;
    const before = audit.entries.length;
    const http = () => request(app.getHttpServer());
    await http().get(`/instances/${instanceId}/timeline`).set('authorization', ale).expect(404);
    await http().get(`/instances?subjectKind=member&subjectId=${memberId}`).set('authorization', ale).expect(404);
    await http().post(`/instances/${instanceId}/steps/review/complete`).set('authorization', ale).send({ outcome: 'approved' }).expect(404);
    await http().get('/processes/lilla-edet/member/1/stats').set('authorization', ale).expect(403);
    expect(audit.entries.length).toBe(before);
  });
});
