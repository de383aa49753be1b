import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { FEEDBACK_SINK } from '../application/feedback';
import { type NewFinding, type NewRound, type OwnerFinding, type ParticipantRound, ROUNDS_API, type RoundDetail, type RoundProtocol, type RoundsApi } from '../application/rounds-api';
import { loadWebConfig } from '../config';
import { validateFindingForm, validateOwnerForm, validateRoundForm } from '../domain/round-form';
import { coordinatorCookie, TEST_SESSION_SECRET } from '../../test/signed-in';

const ROUND = '0b7c2f4e-6a1d-4c3e-9f8a-2d3e4f5a6b7c';
const FINDING = '1c8d3a5f-7b2e-4d4f-8a9b-3e4f5a6b7c8d';

const protocol: RoundProtocol = {
  municipalityId: 'trollhattan',
  roundId: ROUND,
  district: 'Kronogården',
  plannedDate: '2026-05-12',
  status: 'held',
  groups: ['Grannsamverkan <Kronogården>'],
  counts: { findings: 2, open: 0, assigned: 1, fixed: 1, wontFix: 0 },
  medianDaysToFix: 0,
  findings: [
    { findingId: FINDING, place: { kind: 'point', lat: 58.2712, lon: 12.3082 }, category: 'lighting', description: 'Trasig belysning', responsibleOrganisation: 'Gatuavdelningen', status: 'fixed', deadline: '2026-11-12', fixedOn: '2026-05-12', daysToFix: 0, wontFixReason: null },
    { findingId: ROUND, place: { kind: 'address', address: 'Kronogårdsvägen 12' }, category: 'vegetation', description: 'Buskage', responsibleOrganisation: 'Eidar', status: 'assigned', deadline: '2026-11-12', fixedOn: null, daysToFix: null, wontFixReason: null },
  ],
};

const detail: RoundDetail = {
  roundId: ROUND,
  district: 'Kronogården',
  plannedDate: '2026-05-12',
  meetingPoint: 'Torget',
  status: 'held',
  participants: [{ participantId: FINDING, name: 'Gun Grann', email: 'gun@example.se', organisationKind: 'neighbourhood-watch-group', organisationName: 'Grannsamverkan Kronogården', answer: 'yes', answeredAt: '2026-05-01T10:00:00.000Z' }],
  findings: [
    {
      findingId: FINDING,
      place: { kind: 'address', address: 'Storgatan 1' },
      category: 'lighting',
      description: 'Trasig lampa',
      responsibleOrganisation: 'Gatu',
      status: 'assigned',
      ownerEmail: 'ola@kommun.example',
      deadline: '2026-11-12',
      wontFixReason: null,
      recordedAt: '2026-05-12T18:00:00.000Z',
      photo: null,
      assignedAt: '2026-05-13T08:00:00.000Z',
      fixedAt: null,
      closedAt: null,
    },
  ],
};

const PARTICIPANT = 'P'.repeat(43);
const OWNER = 'O'.repeat(43);
const EXPIRED = 'E'.repeat(43);

describe('the safety-round pages (HTTP edge, volunteers faked through its port)', () => {
  let app: INestApplication;
  const planned: Array<{ token: string; m: string; round: NewRound }> = [];
  const recorded: NewFinding[] = [];
  const closed: Array<{ status: string; reason: string | null }> = [];
  const participantRound: ParticipantRound = { municipalityId: 'trollhattan', roundId: ROUND, district: 'Kronogården', plannedDate: '2026-05-12', meetingPoint: 'Torget', status: 'held', answer: 'yes', acceptsFindings: true };
  let ownerFinding: OwnerFinding;
  const http = () => request(app.getHttpServer());
  const coordinator = coordinatorCookie('trollhattan', 'access-token-trollhattan');

  beforeAll(async () => {
    const api: RoundsApi = {
      protocol: async (m, roundId) => (m === 'trollhattan' && roundId === ROUND ? protocol : null),
      rounds: async () => [{ roundId: ROUND, district: 'Kronogården', plannedDate: '2026-05-12', meetingPoint: 'Torget', status: 'held' }],
      round: async (_token, m, roundId) => (m === 'trollhattan' && roundId === ROUND ? detail : null),
      plan: async (token, m, round) => {
        if (round.district === 'server says no') return { kind: 'invalid', fields: [{ field: 'plannedDate', message: 'must be a date YYYY-MM-DD' }] };
        planned.push({ token, m, round });
        return { kind: 'planned', roundId: ROUND };
      },
      participant: async (token) => (token === PARTICIPANT ? { kind: 'ok', value: participantRound } : token === EXPIRED ? { kind: 'token_expired' } : { kind: 'token_invalid' }),
      answer: async () => ({ kind: 'conflict', rule: 'not-planned' }),
      invite: async (_token, _m, _roundId, participant) => (participant.email === 'taken@example.se' ? { kind: 'conflict', rule: 'already-invited' } : { kind: 'ok', value: { url: `http://web.test/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}`, expiresAt: '2026-07-11T00:00:00.000Z' } }),
      changeStatus: async () => ({ kind: 'conflict', rule: 'not-yet-held-date' }),
      assign: async (_token, _m, findingId) => (findingId === FINDING ? { kind: 'ok', value: { url: `http://web.test/trollhattan/trygghetsrond/atgard/${OWNER}`, expiresAt: '2027-02-10T00:00:00.000Z' } } : { kind: 'not_found' }),
      recordFinding: async (token, finding) => {
        if (token !== PARTICIPANT) return { kind: 'token_invalid' };
        recorded.push(finding);
        return { kind: 'ok', value: { findingId: FINDING } };
      },
      addPhoto: async () => ({ kind: 'ok', value: { findingId: FINDING } }),
      owner: async (token) => (token === OWNER ? { kind: 'ok', value: ownerFinding } : { kind: 'token_invalid' }),
      close: async (token, status, reason) => {
        if (token !== OWNER) return { kind: 'token_invalid' };
        if (ownerFinding.status !== 'assigned') return { kind: 'conflict', rule: 'bad-transition' };
        closed.push({ status, reason });
        ownerFinding = { ...ownerFinding, status, wontFixReason: reason };
        return { kind: 'ok', value: ownerFinding };
      },
    };
    ownerFinding = {
      municipalityId: 'trollhattan',
      roundId: ROUND,
      district: 'Kronogården',
      roundDate: '2026-05-12',
      findingId: FINDING,
      place: { kind: 'address', address: 'Storgatan 1' },
      category: 'lighting',
      description: 'Trasig lampa',
      responsibleOrganisation: 'Gatu',
      status: 'assigned',
      deadline: '2026-11-12',
      wontFixReason: null,
    };
    const config = loadWebConfig({ PORT: '3697', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(ROUNDS_API)
      .useValue(api)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('show a held round\'s public protocol without signing in: numbers, groups, no person (sv and en)', async () => {
    const sv = await http().get(`/trollhattan/trygghetsrond/${ROUND}`).expect(200);
    expect(sv.text).toContain('Trygghetsrond i Kronogården');
    expect(sv.text).toContain('Grannsamverkan &lt;Kronogården&gt;'); // escaped
    expect(sv.text).toContain('Kartpunkt 58.2712, 12.3082');
    expect(sv.text).toMatch(/Tid till åtgärd \(median\)[\s\S]*0 dagar/);
    expect(sv.text).not.toContain('<script');
    const en = await http().get(`/trollhattan/trygghetsrond/${ROUND}?lang=en`).expect(200);
    expect(en.text).toContain('Safety round in Kronogården');
    expect(en.text).toContain('Will not be fixed');
    await http().get(`/ale/trygghetsrond/${ROUND}`).expect(404);
    await http().get('/trollhattan/trygghetsrond/not%20an%20id').expect(404);
  });

  it('send a visitor who is not signed in from the coordinator\'s pages to sign in, and refuse another municipality\'s coordinator', async () => {
    const anonymous = await http().get('/trollhattan/samordnare/trygghetsronder');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers['location']).toMatch(/\/logga-in/);
    await http().get('/trollhattan/samordnare/trygghetsronder').set('cookie', coordinatorCookie('ale', 'ale-token')).expect(403);
  });

  it('list the rounds, show a round with participants and findings, and plan a round (CSRF, errors next to fields)', async () => {
    const list = await http().get('/trollhattan/samordnare/trygghetsronder').set('cookie', coordinator).expect(200);
    expect(list.text).toContain(`/trollhattan/samordnare/trygghetsronder/${ROUND}`);
    const csrfCookie = (list.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(list.text)![1]!;
    const cookie = `${coordinator}; ${csrfCookie}`;

    // Without the CSRF token nothing is planned.
    await http().post('/trollhattan/samordnare/trygghetsronder').set('cookie', cookie).type('form').send({ district: 'Centrum', plannedDate: '2026-06-01', meetingPoint: 'Torget' }).expect(403);
    expect(planned).toEqual([]);

    const bad = await http().post('/trollhattan/samordnare/trygghetsronder').set('cookie', cookie).type('form').send({ _csrf: csrf, district: '', plannedDate: '2026-02-30', meetingPoint: 'Torget' }).expect(400);
    expect(bad.text).toContain('Skriv vilket område ronden går i');
    expect(bad.text).toContain('href="#plannedDate"');
    expect(bad.text).toContain('id="plannedDate-error"');
    const remote = await http().post('/trollhattan/samordnare/trygghetsronder').set('cookie', cookie).type('form').send({ _csrf: csrf, district: 'server says no', plannedDate: '2026-06-01', meetingPoint: 'Torget' }).expect(400);
    expect(remote.text).toContain('id="plannedDate-error"');

    const ok = await http().post('/trollhattan/samordnare/trygghetsronder').set('cookie', cookie).type('form').send({ _csrf: csrf, district: ' Centrum ', plannedDate: '2026-06-01', meetingPoint: 'Torget' }).expect(303);
    expect(ok.headers['location']).toBe(`/trollhattan/samordnare/trygghetsronder/${ROUND}`);
    expect(planned).toEqual([{ token: 'access-token-trollhattan', m: 'trollhattan', round: { district: 'Centrum', plannedDate: '2026-06-01', meetingPoint: 'Torget' } }]);

    const round = await http().get(`/trollhattan/samordnare/trygghetsronder/${ROUND}`).set('cookie', coordinator).expect(200);
    expect(round.text).toContain('Gun Grann');
    expect(round.text).toContain('ola@kommun.example');
    expect(round.text).toContain('Skickad till ansvarig');
    expect(round.text).toContain(`/trollhattan/trygghetsrond/${ROUND}`);
  });

  /** The CSRF cookie and token of a page. */
  async function form(path: string, signedIn?: string) {
    const page = await (signedIn ? http().get(path).set('cookie', signedIn) : http().get(path)).expect(200);
    return { page, cookie: (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; '), csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1]! };
  }

  it('let a participant record a finding from their link (errors next to fields), and refuse an answer once the round is held', async () => {
    const { page, cookie, csrf } = await form(`/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}`);
    expect(page.text).toContain('Rapportera en brist');
    expect(page.text).not.toContain('Kommer du på trygghetsronden?'); // held: no more answers
    await http().get(`/ale/trygghetsrond/deltagare/${PARTICIPANT}`).expect(404); // another municipality's page
    await http().get(`/trollhattan/trygghetsrond/deltagare/${EXPIRED}`).expect(410);
    await http().get('/trollhattan/trygghetsrond/deltagare/short').expect(404);

    const bad = await http().post(`/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}/brist`).set('cookie', cookie).type('form').send({ _csrf: csrf, address: 'Storgatan 1', description: '' }).expect(400);
    expect(bad.text).toContain('href="#category"');
    expect(bad.text).toContain('id="description-error"');
    expect(bad.text).toContain('value="Storgatan 1"');
    expect(recorded).toEqual([]);
    const ok = await http()
      .post(`/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}/brist`)
      .set('cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, address: 'Storgatan 1', category: 'lighting', description: 'Trasig lampa', responsibleOrganisation: 'Gatuavdelningen' })
      .expect(303);
    expect(ok.headers['location']).toBe(`/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}?klart=brist`);
    expect(recorded).toEqual([{ place: { kind: 'address', address: 'Storgatan 1' }, category: 'lighting', description: 'Trasig lampa', responsibleOrganisation: 'Gatuavdelningen' }]);

    const late = await http().post(`/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}/svar`).set('cookie', cookie).type('form').send({ _csrf: csrf, answer: 'no' }).expect(409);
    expect(late.text).toContain('Ronden är redan genomförd');
  });

  it("let the owner close a finding from their link: won't fix needs a reason; a closed finding shows no form", async () => {
    const { cookie, csrf } = await form(`/trollhattan/trygghetsrond/atgard/${OWNER}?lang=en`);
    const missing = await http().post(`/trollhattan/trygghetsrond/atgard/${OWNER}`).set('cookie', cookie).type('form').send({ _csrf: csrf, status: 'wont-fix', reason: ' ' }).expect(400);
    expect(missing.text).toContain('id="reason-error"');
    expect(closed).toEqual([]);
    const done = await http().post(`/trollhattan/trygghetsrond/atgard/${OWNER}`).set('cookie', cookie).type('form').send({ _csrf: csrf, status: 'wont-fix', reason: 'Privat mark' }).expect(200);
    expect(done.text).toContain('Will not be fixed: Privat mark'); // the language chosen on the page (its cookie)
    expect(done.text).not.toContain('name="status"');
    expect(closed).toEqual([{ status: 'wont-fix', reason: 'Privat mark' }]);
    await http().get(`/trollhattan/trygghetsrond/atgard/${PARTICIPANT}`).expect(404);
  });

  it("invite a participant and send a finding to its owner from the round's page, showing the link once; refusals next to the field", async () => {
    const { cookie: csrfCookie, csrf } = await form(`/trollhattan/samordnare/trygghetsronder/${ROUND}`, coordinator);
    const cookie = `${coordinator}; ${csrfCookie}`;
    const post = (path: string, body: Record<string, string>) => http().post(`/trollhattan/samordnare/trygghetsronder/${ROUND}/${path}`).set('cookie', cookie).type('form').send({ _csrf: csrf, ...body });

    const group = await post('inbjudan', { name: 'Gun', email: 'gun@example.se', organisationKind: 'neighbourhood-watch-group', organisationName: '' }).expect(400);
    expect(group.text).toContain('href="#organisationName"');
    const taken = await post('inbjudan', { name: 'Gun', email: 'taken@example.se', organisationKind: 'residents' }).expect(409);
    expect(taken.text).toContain('Den e-postadressen är redan inbjuden');
    const invited = await post('inbjudan', { name: 'Gun', email: 'gun@example.se', organisationKind: 'residents' }).expect(200);
    expect(invited.text).toContain(`http://web.test/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}`);

    const early = await post('status', { status: 'held' }).expect(409);
    expect(early.text).toContain('href="#status"');

    const assigned = await post('ansvarig', { findingId: FINDING, ownerEmail: 'ola@kommun.example', deadline: '' }).expect(200);
    expect(assigned.text).toContain(`http://web.test/trollhattan/trygghetsrond/atgard/${OWNER}`);
    const badDate = await post('ansvarig', { findingId: FINDING, ownerEmail: 'ola@kommun.example', deadline: '12/11' }).expect(400);
    expect(badDate.text).toContain('id="deadline-error"');
  });

  it('validate the finding and owner forms', () => {
    const finding = validateFindingForm({ address: ' Storgatan  1 ', category: 'traffic', description: ' Fort ', responsibleOrganisation: 'Gatu' });
    expect(finding).toEqual({ ok: true, value: { address: 'Storgatan 1', category: 'traffic', description: 'Fort', responsibleOrganisation: 'Gatu' } });
    const bad = validateFindingForm({ address: '', category: 'weather', description: 'x'.repeat(2001), responsibleOrganisation: '' });
    expect(bad.ok ? [] : bad.errors.map((e) => e.key)).toEqual([
      'errors.finding.address.required',
      'errors.finding.category.required',
      'errors.finding.description.tooLong',
      'errors.finding.responsibleOrganisation.required',
    ]);
    expect(validateOwnerForm({ status: 'fixed', reason: 'ignored' })).toEqual({ ok: true, value: { status: 'fixed', reason: null } });
    expect(validateOwnerForm({ status: 'wont-fix' })).toMatchObject({ ok: false, errors: [{ field: 'reason', key: 'errors.owner.reason.required' }] });
    expect(validateOwnerForm({ status: 'wont-fix', reason: 'x'.repeat(1001) })).toMatchObject({ ok: false, errors: [{ field: 'reason', key: 'errors.owner.reason.tooLong' }] });
    expect(validateOwnerForm({})).toMatchObject({ ok: false, errors: [{ field: 'status', key: 'errors.owner.status.required' }] });
  });

  it('validate the plan form: every field required, a real date', () => {
    expect(validateRoundForm({ district: 'A', plannedDate: '2026-05-12', meetingPoint: 'B' })).toEqual({ ok: true, value: { district: 'A', plannedDate: '2026-05-12', meetingPoint: 'B' } });
    const bad = validateRoundForm({ district: 'x'.repeat(201), plannedDate: '12/5', meetingPoint: '' });
    expect(bad.ok ? [] : bad.errors).toEqual([
      { field: 'district', key: 'errors.round.district.invalid' },
      { field: 'plannedDate', key: 'errors.round.plannedDate.invalid' },
      { field: 'meetingPoint', key: 'errors.round.meetingPoint.required' },
    ]);
  });
});
