import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TRUSTED_ISSUERS } from '@trygg/auth';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { assertRoutesMatch } from '@trygg/service-kit';
import { AUDIT_ROUTE_UNSCOPED_ROWS, InMemoryAuditTrail, offlineApp, runAccessMatrix, TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { TestIssuer } from '@trygg/testing';
import { VolunteersModule } from '../app.module';
import { CONFIRMATION_LINKS, ERASURE_AUDIT, VOLUNTEER_STORE, WALK_STORE, WALKER_LINKS } from '../application/ports';
import type { VolunteersConfig } from '../config';
import { confirmedWalker, InMemoryVolunteers, InMemoryLinks, InMemoryWalkerLinks, InMemoryWalks } from '../../test/fakes';

describe('the volunteers HTTP routes', () => {
  let app: INestApplication;
  let issuers: { ale: TestIssuer; lillaEdet: TestIssuer; police: TestIssuer };
  let volunteerId: string;

  const trail = new InMemoryAuditTrail();

  beforeAll(async () => {
    const [ale, lillaEdet, police] = await Promise.all([TestIssuer.start('/ale'), TestIssuer.start('/lilla-edet'), TestIssuer.start('/polisen')]);
    issuers = { ale, lillaEdet, police };
    const store = new InMemoryVolunteers();
    volunteerId = (await confirmedWalker(store, { municipalityId: 'ale', name: 'Vera', email: 'vera@example.se', birthYear: 1980, organisationId: null, mobile: null, smsOptIn: false, language: 'sv' })).id;
    app = await offlineApp(VolunteersModule.forRoot({} as VolunteersConfig, createLogger('test', 'silent')), (b) =>
      b
        .overrideProvider(TRUSTED_ISSUERS).useValue(testTrustedIssuers({ ale, 'lilla-edet': lillaEdet }, police))
        .overrideProvider(VOLUNTEER_STORE).useValue(store)
        .overrideProvider(CONFIRMATION_LINKS).useValue(new InMemoryLinks())
        .overrideProvider(ERASURE_AUDIT).useValue(trail)
        .overrideProvider(WALK_STORE).useValue(new InMemoryWalks())
        .overrideProvider(WALKER_LINKS).useValue(new InMemoryWalkerLinks()),
    );
  });
  afterAll(async () => {
    await app.close();
    await Promise.all(Object.values(issuers).map((i) => i.close()));
  });

  it('are exactly the contract in libs/http-contracts', () => {
    assertRoutesMatch(app, serviceRoutes['volunteers']);
  });

  it('serve the OpenAPI document at GET /openapi.json', async () => {
    const res = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(res.body).toEqual(apiDocument('volunteers'));
  });

  it('enforce the access matrix: every route × role × in/out of scope as declared', async () => {
    // In scope: Ale's staff (the walker is Ale's), an officer of Ale's police area. Out: Lilla Edet's, lpo-trollhattan's.
    const failures = await runAccessMatrix(app, serviceRoutes['volunteers'], {
      token: async (caller, scope) => {
        if (caller === 'anonymous') return undefined;
        if (caller === 'police-officer') {
          return issuers.police.token({ sub: `p-${scope}`, groups: [TEST_GROUPS[caller]], police_area: scope === 'in' ? 'lpo-ale-kungalv' : 'lpo-trollhattan' });
        }
        return (scope === 'in' ? issuers.ale : issuers.lillaEdet).token({ sub: `s-${caller}`, groups: [TEST_GROUPS[caller]] });
      },
      param: (name) => ({ m: 'ale', token: 'x'.repeat(43) })[name] ?? volunteerId,
      body: (route) =>
        ({
          signUp: { municipalityId: 'ale', name: 'Walt', email: 'walt@example.se', birthYear: 1975 },
          confirmSignUp: { municipalityId: 'ale', token: 'x'.repeat(43) },
          issueWalkerLink: { kind: 'walker-confirmation', volunteerId },
          scheduleWalk: { organisationId: 'ale-trygghetsvandrare', startsAt: '2099-05-01T19:00:00Z', endsAt: '2099-05-01T23:00:00Z', meetingPoint: 'Nödinge station', maxWalkers: 5 },
          scheduleWalkSeries: { organisationId: 'ale-trygghetsvandrare', weekdays: ['fri'], startTime: '21:00', endTime: '01:00', from: '2099-05-01', weeks: 1, meetingPoint: 'Nödinge station', maxWalkers: 5 },
          cancelWalk: { reason: 'weather' },
          debriefWalk: { note: 'calm night' },
          recordWalkerQualifications: { basicTraining: true },
          planRound: { district: 'Centrum', plannedDate: '2026-05-12', meetingPoint: 'Torget' },
        })[route.operationId] ?? { reason: 'retention' },
    });
    expect(failures).toEqual([...AUDIT_ROUTE_UNSCOPED_ROWS]);
  }, 60_000);

  it('show the erasure\'s audit record at GET /audit to Ale\'s data-protection officer, not to Lilla Edet\'s', async () => {
    const dpo = async (issuer: TestIssuer) => `Bearer ${await issuer.token({ sub: 'dso', groups: [TEST_GROUPS['data-protection-officer']] })}`;
    const ale = await request(app.getHttpServer()).get(`/audit?subject=${volunteerId}`).set('authorization', await dpo(issuers.ale)).expect(200);
    expect(ale.body.records.map((r: { action: string; municipalityId: string }) => [r.action, r.municipalityId])).toEqual([['volunteer-erased', 'ale']]);
    const lillaEdet = await request(app.getHttpServer()).get(`/audit?subject=${volunteerId}`).set('authorization', await dpo(issuers.lillaEdet)).expect(200);
    expect(lillaEdet.body.records).toEqual([]);
  });
});
