import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import pino from 'pino';
import { TRUSTED_ISSUERS } from '@trygg/auth';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { assertRoutesMatch } from '@trygg/service-kit';
import { AUDIT_ROUTE_UNSCOPED_ROWS, InMemoryAuditTrail, offlineApp, runAccessMatrix, TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { TestIssuer } from '@trygg/testing';
import { PoliceLiaisonModule } from '../app.module';
import { CASES_VIEWED } from '../application/list-pending-cases';
import { OpenCase } from '../application/open-case';
import { DECISION_AUDIT } from '../application/ports';
import type { PoliceLiaisonConfig } from '../config';
import { InMemoryAreaMessages, InMemoryCases, InMemoryGroupProjection, InMemoryMeetings, InMemoryObservations } from '../../test/fakes';
import { AREA_MESSAGE_STORE } from '../application/area-messages';
import { OBSERVATION_STORE } from '../application/observations';
import { CONTACT_PERSON_NAMES, GROUP_DIRECTORY, MEETING_STORE } from '../application/start-meeting-ports';
import { GROUP_PROJECTION_STORE } from '../application/project-groups';
import { receiveObservation } from '../domain/observation';
import { schedule } from '../domain/start-meeting';
import { CASE_STORE } from './cases.controller';

describe('the police-liaison HTTP routes', () => {
  let app: INestApplication;
  let issuers: { police: TestIssuer; trollhattan: TestIssuer; ale: TestIssuer };
  let caseId: string;
  let observationId: string;
  const audit = new InMemoryAuditTrail();
  // A Trollhättan group in lpo-trollhattan with a meeting: in scope for Trollhättan's staff and that area's officer.
  const groupId = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a31';
  const meetingId = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a32';
  const groups = new InMemoryGroupProjection();
  const meetings = new InMemoryMeetings();
  const names = { protectedIdentity: false };
  const areaMessages = new InMemoryAreaMessages();
  const inAWeek = (hours: number) => new Date(Date.now() + 7 * 86_400_000 + hours * 3_600_000).toISOString();

  beforeAll(async () => {
    const [police, trollhattan, ale] = await Promise.all([TestIssuer.start('/polisen'), TestIssuer.start('/trollhattan'), TestIssuer.start('/ale')]);
    issuers = { police, trollhattan, ale };
    const cases = new InMemoryCases();
    await groups.record({ groupId, municipalityId: 'trollhattan', areaId: 'centrum', policeAreaId: 'lpo-trollhattan' }, { nominationId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a33', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a34' });
    await meetings.insert(schedule({ id: meetingId, municipalityId: 'trollhattan', groupId, policeAreaId: 'lpo-trollhattan', proposedBy: { kind: 'police', subject: 'p' }, startsAt: inAWeek(0), endsAt: inAWeek(1), place: 'Folkets hus' }, new Date()), []);
    caseId = (await new OpenCase(cases, { defaultAreaOf: () => 'lpo-trollhattan' }, pino({ level: 'silent' })).execute({
      municipalityId: 'trollhattan', instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a21', stepId: 'police-approval', stepType: 'police-approval', attempt: 1,
      subject: { kind: 'contact-person', id: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a22', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a23' }, subjectFields: {}, policeAreaId: null, dueAt: null,
    }))!.id;
    // An observation of lpo-trollhattan for the officer's routes (the answer route answers it once: the matrix calls it in scope once).
    const observations = new InMemoryObservations();
    const observation = receiveObservation('0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a31', 'lpo-trollhattan', {
      municipalityId: 'trollhattan', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a32', groupId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a33', areaId: 'x',
      occurredAt: '2026-01-01T10:00:00Z', address: 'Storgatan 1', activity: 'vandalism', description: 'Krossad busskurs',
    }, new Date());
    await observations.insert(observation, []);
    observationId = observation.id;
    app = await offlineApp(PoliceLiaisonModule.forRoot({} as PoliceLiaisonConfig, createLogger('test', 'silent')), (b) =>
      b
        .overrideProvider(TRUSTED_ISSUERS).useValue(testTrustedIssuers({ trollhattan, ale }, police))
        .overrideProvider(CASE_STORE).useValue(cases)
        .overrideProvider(OBSERVATION_STORE).useValue(observations)
        .overrideProvider(AREA_MESSAGE_STORE).useValue(areaMessages)
        .overrideProvider(DECISION_AUDIT).useValue(audit)
        .overrideProvider(GROUP_DIRECTORY).useValue(groups)
        .overrideProvider(GROUP_PROJECTION_STORE).useValue(groups)
        .overrideProvider(MEETING_STORE).useValue(meetings)
        .overrideProvider(CONTACT_PERSON_NAMES).useValue({ of: async () => ({ name: 'Kim Kontakt', protectedIdentity: names.protectedIdentity }) }),
    );
  });
  afterAll(async () => {
    await app.close();
    await Promise.all(Object.values(issuers).map((i) => i.close()));
  });

  it('are exactly the contract in libs/http-contracts', () => {
    assertRoutesMatch(app, serviceRoutes['police-liaison']);
  });

  it('serve the OpenAPI document at GET /openapi.json', async () => {
    const res = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(res.body).toEqual(apiDocument('police-liaison'));
  });

  it('enforce the access matrix: every route × role × in/out of scope as declared', async () => {
    // In scope: Trollhättan's staff, the officer of lpo-trollhattan (the case's area). Out: Ale's, lpo-ale-kungalv's.
    const failures = await runAccessMatrix(app, serviceRoutes['police-liaison'], {
      token: async (caller, scope) => {
        if (caller === 'anonymous') return undefined;
        if (caller === 'police-officer') {
          return issuers.police.token({ sub: `p-${scope}`, groups: [TEST_GROUPS[caller]], police_area: scope === 'in' ? 'lpo-trollhattan' : 'lpo-ale-kungalv' });
        }
        return (scope === 'in' ? issuers.trollhattan : issuers.ale).token({ sub: `s-${caller}`, groups: [TEST_GROUPS[caller]] });
      },
      param: (name, route) =>
        ['pendingCases', 'policeOverview', 'areaObservations', 'requestAreaMessage', 'areaMessages', 'areaMessageTargets'].includes(route.operationId)
          ? 'lpo-trollhattan'
          : name === 'groupId'
            ? groupId
            : route.path.startsWith('/start-meetings')
              ? meetingId
              : route.path.startsWith('/observations')
                ? observationId
                : caseId,
      body: (route) =>
        route.operationId === 'answerObservation'
          ? { answer: 'Tack' }
          : route.operationId === 'requestAreaMessage'
            ? { municipalityId: 'trollhattan', subject: 'Inbrott', body: 'Lås dörrarna.', channels: ['email'], groupIds: [groupId] }
          : route.operationId === 'revokeCase'
            ? { reason: 'Återkallas' }
            : route.operationId === 'recordStartMeetingAttendance'
              ? { personIds: [] }
              : route.path.includes('start-meeting')
                ? { startsAt: inAWeek(2), endsAt: inAWeek(3), place: 'Stadsbiblioteket' }
                : { outcome: 'needs-info', reason: 'Ring mig' },
    });
    expect(failures).toEqual([...AUDIT_ROUTE_UNSCOPED_ROWS]);
  });

  it('audit each view of the pending case list, the officer as actor: one record per municipality of the area, counts only', async () => {
    const officer = await issuers.police.token({ sub: 'polis.kim', name: 'Kim Polis', groups: [TEST_GROUPS['police-officer']], police_area: 'lpo-trollhattan' });
    const before = audit.entries.length;
    const listed = (await request(app.getHttpServer()).get('/police-areas/lpo-trollhattan/cases').set('authorization', `Bearer ${officer}`).expect(200)).body.cases as Array<{ municipalityId: string }>;
    const views = audit.entries.slice(before);
    expect(views.map((e) => e.municipalityId).sort()).toEqual(['lilla-edet', 'trollhattan']);
    for (const view of views) {
      expect(view).toMatchObject({
        actor: { subject: `${issuers.police.issuer}#polis.kim`, name: 'Kim Polis', role: 'police-officer', scope: 'lpo-trollhattan' },
        action: CASES_VIEWED,
        subject: { kind: 'list', id: 'lpo-trollhattan' },
        policeAreaId: 'lpo-trollhattan',
        details: { rows: listed.filter((c) => c.municipalityId === view.municipalityId).length },
      });
      expect(view.correlationId).toEqual(expect.any(String));
    }
    // The admin reads them back at GET /audit; a data-protection officer of Trollhättan only Trollhättan's.
    const dpo = await issuers.trollhattan.token({ sub: 'dso', groups: [TEST_GROUPS['data-protection-officer']] });
    const seen = await request(app.getHttpServer()).get('/audit?actor=' + encodeURIComponent(`${issuers.police.issuer}#polis.kim`)).set('authorization', `Bearer ${dpo}`).expect(200);
    expect(seen.body.records.map((r: { action: string; municipalityId: string }) => [r.action, r.municipalityId])).toEqual([[CASES_VIEWED, 'trollhattan']]);
  });

  it('list a group\'s start meetings with its contact persons by name — "Skyddad person" for protected identity, as the officer has no permission', async () => {
    const officer = await issuers.police.token({ sub: 'polis.kim', groups: [TEST_GROUPS['police-officer']], police_area: 'lpo-trollhattan' });
    const list = async () => (await request(app.getHttpServer()).get(`/groups/${groupId}/start-meetings`).set('authorization', `Bearer ${officer}`).expect(200)).body as { meetings: unknown[]; contactPersons: unknown[] };
    names.protectedIdentity = false;
    expect((await list()).contactPersons).toEqual([{ personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a34', name: 'Kim Kontakt' }]);
    names.protectedIdentity = true;
    expect((await list()).contactPersons).toEqual([{ personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a34', name: 'Skyddad person' }]);
    names.protectedIdentity = false;
    const other = await issuers.police.token({ sub: 'polis.ola', groups: [TEST_GROUPS['police-officer']], police_area: 'lpo-ale-kungalv' });
    await request(app.getHttpServer()).get(`/groups/${groupId}/start-meetings`).set('authorization', `Bearer ${other}`).expect(404);
  });

  it('take an officer\'s area message: 202 with the message id at once, 400 naming the field, 404 for a municipality outside the police area', async () => {
    const officer = await issuers.police.token({ sub: 'polis.kim', name: 'Kim Polis', groups: [TEST_GROUPS['police-officer']], police_area: 'lpo-trollhattan' });
    const post = (body: object) => request(app.getHttpServer()).post('/police-areas/lpo-trollhattan/area-messages').set('authorization', `Bearer ${officer}`).send(body);
    const ok = { municipalityId: 'lilla-edet', subject: 'Inbrott i Lödöse', body: 'Lås dörrarna.', urgent: true, channels: ['email', 'sms'], areaIds: ['lodose'] };
    const accepted = await post(ok).expect(202);
    expect(areaMessages.byId.get(accepted.body.messageId)).toMatchObject({ municipalityId: 'lilla-edet', category: 'urgent', requestedBy: { name: 'Kim Polis' } });
    expect(areaMessages.events.at(-1)).toMatchObject({ type: 'police.area-message-requested.v1', payload: { messageId: accepted.body.messageId } });
    expect((await post({ ...ok, subject: ' ' }).expect(400)).body.fields.map((f: { field: string }) => f.field)).toEqual(['subject']);
    expect((await post({ ...ok, body: '' }).expect(400)).body.fields.map((f: { field: string }) => f.field)).toEqual(['body']);
    expect((await post({ ...ok, areaIds: [] }).expect(400)).body.fields.map((f: { field: string }) => f.field)).toEqual(['areaIds']);
    expect((await post({ ...ok, areaIds: ['not-an-area'] }).expect(400)).body.fields.map((f: { field: string }) => f.field)).toEqual(['areaIds']);
    await post({ ...ok, municipalityId: 'ale' }).expect(404);
    const listed = (await request(app.getHttpServer()).get('/police-areas/lpo-trollhattan/area-messages').set('authorization', `Bearer ${officer}`).expect(200)).body.messages as Array<{ id: string }>;
    expect(listed.map((m) => m.id)).toContain(accepted.body.messageId);
    const targets = (await request(app.getHttpServer()).get('/police-areas/lpo-trollhattan/area-message-targets').set('authorization', `Bearer ${officer}`).expect(200)).body;
    expect(targets.municipalities.map((m: { id: string }) => m.id)).toEqual(['lilla-edet', 'trollhattan']);
  });
});
