import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import pino from 'pino';
import { TRUSTED_ISSUERS } from '@trygg/auth';
import { createLogger } from '@trygg/observability';
import { InMemoryAuditTrail, offlineApp, TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { TestIssuer } from '@trygg/testing';
import { PoliceLiaisonModule } from '../app.module';
import { OpenCase } from '../application/open-case';
import { DECISION_AUDIT } from '../application/ports';
import type { PoliceLiaisonConfig } from '../config';
import { InMemoryCases, InMemoryGroupProjection, InMemoryObservations } from '../../test/fakes';
import { OBSERVATION_STORE } from '../application/observations';
import { GROUP_PROJECTION_STORE } from '../application/project-groups';
import { applyGroupFact } from '../domain/group-projection';
import { CASE_STORE } from './cases.controller';

const officer = (area: string) => ({ sub: `polis-${area}`, name: `Polis ${area}`, groups: [TEST_GROUPS['police-officer']], police_area: area });

describe('the officer API (signed in through the police IdP)', () => {
  // Each test gets its own cases and application: no state carried from one test to the next.
  let police: TestIssuer;
  let trollhattan: TestIssuer;
  let app: INestApplication;
  let cases: InMemoryCases;
  let groups: InMemoryGroupProjection;
  let caseId: string;
  let own: string;

  beforeAll(async () => {
    [police, trollhattan] = await Promise.all([TestIssuer.start('/polisen'), TestIssuer.start('/trollhattan')]);
  });
  afterAll(() => Promise.all([police.close(), trollhattan.close()]));

  beforeEach(async () => {
    cases = new InMemoryCases();
    groups = new InMemoryGroupProjection();
    app = await offlineApp(PoliceLiaisonModule.forRoot({} as PoliceLiaisonConfig, createLogger('test', 'silent')), (b) =>
      b
        .overrideProvider(TRUSTED_ISSUERS).useValue(testTrustedIssuers({ trollhattan }, police))
        .overrideProvider(CASE_STORE).useValue(cases)
        .overrideProvider(GROUP_PROJECTION_STORE).useValue(groups)
        .overrideProvider(OBSERVATION_STORE).useValue(new InMemoryObservations())
        .overrideProvider(DECISION_AUDIT).useValue(new InMemoryAuditTrail()),
    );
    const opened = await new OpenCase(cases, { defaultAreaOf: () => 'lpo-trollhattan' }, pino({ level: 'silent' })).execute({
      municipalityId: 'lilla-edet', instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11', stepId: 'police-approval', stepType: 'police-approval', attempt: 1,
      subject: { kind: 'contact-person', id: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a12', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a13' }, subjectFields: {}, policeAreaId: null, dueAt: null,
    });
    caseId = opened!.id;
    own = `Bearer ${await police.token(officer('lpo-trollhattan'))}`;
  });
  afterEach(() => app.close());

  const http = () => request(app.getHttpServer());

  it('lists the pending cases of the officer’s own area only; another area 403, no token 401', async () => {
    const res = await http().get('/police-areas/lpo-trollhattan/cases').set('authorization', own).expect(200);
    expect(res.body.cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    const other = `Bearer ${await police.token(officer('lpo-ale-kungalv'))}`;
    expect((await http().get('/police-areas/lpo-trollhattan/cases').set('authorization', other).expect(403)).body).toEqual({ statusCode: 403, error: 'forbidden', message: 'not your police area' });
    expect((await http().get('/police-areas/lpo-ale-kungalv/cases').set('authorization', other).expect(200)).body.cases).toEqual([]);
    await http().get('/police-areas/lpo-trollhattan/cases').expect(401);
    const coordinator = `Bearer ${await trollhattan.token({ sub: 'k', groups: [TEST_GROUPS.coordinator] })}`;
    await http().get('/police-areas/lpo-trollhattan/cases').set('authorization', coordinator).expect(403);
  });

  it('answers each case with its days waiting against the municipality\'s target (municipality.yaml), no reminder bookkeeping', async () => {
    const [c] = (await http().get('/police-areas/lpo-trollhattan/cases').set('authorization', own).expect(200)).body.cases;
    expect(c).toMatchObject({ id: caseId, waitingSince: cases.docs.get(caseId)!.work.openedAt, daysWaiting: 0, targetDays: 14, overdue: false });
    expect(c).not.toHaveProperty('overdueReminderSentAt');
  });

  it('the overview of the officer\'s own area: counts per municipality of the area and in total; another area 403', async () => {
    await groups.change('0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a21', 'lilla-edet', (g) =>
      applyGroupFact(applyGroupFact(g, { kind: 'nominated', at: '2026-01-01T10:00:00.000Z', areaId: 'centrum', policeAreaId: 'lpo-trollhattan', nominationId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a12', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a13' }), { kind: 'member-joined', at: '2026-01-01T09:00:00.000Z', areaId: 'centrum' }),
    );
    const res = await http().get('/police-areas/lpo-trollhattan/overview').set('authorization', own).expect(200);
    expect(res.body).toMatchObject({
      policeAreaId: 'lpo-trollhattan',
      year: new Date().getUTCFullYear(),
      municipalities: [
        { municipalityId: 'lilla-edet', targetDays: 14, waiting: 1, overdue: 0, decided: 0, medianDays: null, p90Days: null },
        { municipalityId: 'trollhattan', targetDays: 14, waiting: 0, overdue: 0, decided: 0 },
      ],
      total: { waiting: 1, overdue: 0, decided: 0, medianDays: null, p90Days: null },
      groups: {
        municipalities: [
          { municipalityId: 'lilla-edet', byStatus: { forming: 0, 'awaiting-approval': 1, active: 0, paused: 0, closed: 0 }, activeContactPersons: 0, groupsWithoutContactPerson: 1, openObservations: 0 },
          { municipalityId: 'trollhattan', byStatus: { forming: 0, 'awaiting-approval': 0, active: 0, paused: 0, closed: 0 }, activeContactPersons: 0, groupsWithoutContactPerson: 0, openObservations: 0 },
        ],
        total: { byStatus: { forming: 0, 'awaiting-approval': 1, active: 0, paused: 0, closed: 0 }, activeContactPersons: 0, groupsWithoutContactPerson: 1, openObservations: 0 },
      },
    });
    const other = `Bearer ${await police.token(officer('lpo-ale-kungalv'))}`;
    await http().get('/police-areas/lpo-trollhattan/overview').set('authorization', other).expect(403);
    await http().get('/police-areas/lpo-trollhattan/overview').expect(401);
  });

  it('an officer of another area cannot decide the case: 404, and nothing is decided', async () => {
    const other = `Bearer ${await police.token(officer('lpo-ale-kungalv'))}`;
    const res = await http().post(`/cases/${caseId}/decision`).set('authorization', other).send({ outcome: 'approve', reason: 'x' }).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
    expect(cases.docs.get(caseId)!.work.status).toBe('pending');
  });

  it('answers 400 naming the fields of a bad decision, and decides nothing', async () => {
    const res = await http().post(`/cases/${caseId}/decision`).set('authorization', own).send({ outcome: 'maybe' }).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['outcome', 'reason']);
    expect(cases.docs.get(caseId)!.work.status).toBe('pending');
  });

  it('decides once (200, by the signed-in officer) and answers 409 to a second decision', async () => {
    const res = await http().post(`/cases/${caseId}/decision`).set('authorization', own).send({ outcome: 'approve', reason: 'Känd i området' }).expect(200);
    expect(res.body.decision).toMatchObject({ outcome: 'approve', decidedBy: `${police.issuer}#polis-lpo-trollhattan` });
    await http().post(`/cases/${caseId}/decision`).set('authorization', own).send({ outcome: 'reject', reason: 'x' }).expect(409);
  });

  it('a protected person\'s case says "Skyddad person" to an officer (no protected-identity permission), the rest of the case kept', async () => {
    const opened = await new OpenCase(cases, { defaultAreaOf: () => 'lpo-trollhattan' }, pino({ level: 'silent' })).execute({
      municipalityId: 'lilla-edet', instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a21', stepId: 'police-approval', stepType: 'police-approval', attempt: 1,
      subject: { kind: 'contact-person', id: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a22', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a23' },
      subjectFields: { name: 'Hemlig Hemligsson', groupName: 'Gömdavägen', birthYear: 1970 }, protectedIdentity: true, policeAreaId: null, dueAt: null,
    });
    const res = await http().get('/police-areas/lpo-trollhattan/cases').set('authorization', own).expect(200);
    const shown = res.body.cases.find((c: { id: string }) => c.id === opened!.id);
    expect(shown).toMatchObject({ protectedIdentity: true, subjectFields: { name: 'Skyddad person', groupName: 'Skyddad person', birthYear: 1970 }, stepId: 'police-approval', status: 'pending' });
    expect(JSON.stringify(res.body)).not.toMatch(/Hemlig|Gömda/);
    // The stored case keeps the name (for whoever may see it); only the answer is redacted.
    expect(cases.docs.get(opened!.id)!.work.subjectFields['name']).toBe('Hemlig Hemligsson');
    expect(res.body.cases.find((c: { id: string }) => c.id === caseId)).toMatchObject({ protectedIdentity: false });
  });

  describe('revocation of an approved case', () => {
    const approve = () => http().post(`/cases/${caseId}/decision`).set('authorization', own).send({ outcome: 'approve', reason: 'Känd i området' }).expect(200);

    it('revokes (200, by the signed-in officer) with the approval kept in the case’s history, shown by GET /cases/:id', async () => {
      await approve();
      const res = await http().post(`/cases/${caseId}/revocation`).set('authorization', own).send({ reason: '  Har flyttat  ' }).expect(200);
      expect(res.body).toMatchObject({ caseId, status: 'decided', decision: { outcome: 'revoked', reason: 'Har flyttat', decidedBy: `${police.issuer}#polis-lpo-trollhattan` } });
      const shown = (await http().get(`/cases/${caseId}`).set('authorization', own).expect(200)).body.case;
      expect(shown).toMatchObject({ id: caseId, status: 'decided', decision: { outcome: 'revoked' }, decisionHistory: [{ outcome: 'approve', reason: 'Känd i området' }] });
    });

    it('answers 400 naming `reason` when it is missing, empty or too long, and revokes nothing', async () => {
      await approve();
      for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(2001) }]) {
        const res = await http().post(`/cases/${caseId}/revocation`).set('authorization', own).send(body).expect(400);
        expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
      }
      expect(cases.docs.get(caseId)!.work.decision).toMatchObject({ outcome: 'approve' });
    });

    it('answers 409 not_approved for a pending case and for a second revocation', async () => {
      expect((await http().post(`/cases/${caseId}/revocation`).set('authorization', own).send({ reason: 'x' }).expect(409)).body).toMatchObject({ error: 'not_approved' });
      await approve();
      await http().post(`/cases/${caseId}/revocation`).set('authorization', own).send({ reason: 'x' }).expect(200);
      expect((await http().post(`/cases/${caseId}/revocation`).set('authorization', own).send({ reason: 'y' }).expect(409)).body).toMatchObject({ error: 'not_approved', message: expect.stringContaining('revoked already') });
    });

    it('an officer of another area can neither see nor revoke the case (404); a coordinator 403', async () => {
      await approve();
      const other = `Bearer ${await police.token(officer('lpo-ale-kungalv'))}`;
      await http().get(`/cases/${caseId}`).set('authorization', other).expect(404);
      await http().post(`/cases/${caseId}/revocation`).set('authorization', other).send({ reason: 'x' }).expect(404);
      const coordinator = `Bearer ${await trollhattan.token({ sub: 'k', groups: [TEST_GROUPS.coordinator] })}`;
      await http().post(`/cases/${caseId}/revocation`).set('authorization', coordinator).send({ reason: 'x' }).expect(403);
      expect(cases.docs.get(caseId)!.work.decision).toMatchObject({ outcome: 'approve' });
    });
  });
});
