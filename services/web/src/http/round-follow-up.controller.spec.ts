import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import type { StaffResult } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { type FollowUpReview, ROUND_FOLLOW_UP_API, type RoundFollowUpApi } from '../application/round-follow-up-api';
import { loadWebConfig } from '../config';
import { coordinatorCookie, SESSION_COOKIE, sealedSession, TEST_SESSION_SECRET } from '../../test/signed-in';

const ROUND = '00000000-0000-4000-8000-000000000001';
const review = (): FollowUpReview => ({
  roundId: ROUND, district: 'Kronogården', plannedDate: '2026-03-01', status: 'held', followUpMeetingDate: null, suggestedFollowUpDate: '2026-03-29',
  referenceGroups: [{ name: 'Grannsamverkan Kronan', groupId: null }], groups: ['Grannsamverkan Kronan'], today: '2026-10-01', aim: '2026-09-01',
  counts: { findings: 2, open: 1, assigned: 0, fixed: 1, wontFix: 0, overdue: 1, pastAim: 1 },
  findings: [
    { findingId: '00000000-0000-4000-8000-000000000011', place: { kind: 'address', address: 'Kronogårdsvägen 12' }, category: 'lighting', description: 'Trasig lampa', responsibleOrganisation: 'Gatuavdelningen', status: 'open', ownerEmail: null, deadline: '2026-09-01', recordedAt: '2026-03-01T18:00:00.000Z', closedAt: null, daysOpen: 214, overdue: true, pastAim: true, origin: { kind: 'walk-report', walkId: '00000000-0000-4000-8000-000000000021', reportId: '00000000-0000-4000-8000-000000000022', placeIndex: 0 } },
    { findingId: '00000000-0000-4000-8000-000000000012', place: { kind: 'point', lat: 58.2712, lon: 12.3082 }, category: 'vegetation', description: 'Buskar', responsibleOrganisation: 'Parken', status: 'fixed', ownerEmail: 'ola@example.se', deadline: '2026-09-01', recordedAt: '2026-03-01T18:00:00.000Z', closedAt: '2026-03-11T10:00:00.000Z', daysOpen: 10, overdue: false, pastAim: false, origin: null },
  ],
});

/** volunteers' follow-up routes in memory. */
class FakeFollowUp implements RoundFollowUpApi {
  readonly sent: Array<{ op: string; body: unknown }> = [];
  closed = false;
  async review(_t: string, m: string, roundId: string): Promise<StaffResult<FollowUpReview>> {
    return m === 'trollhattan' && roundId === ROUND ? { kind: 'ok', value: review() } : { kind: 'not_found' };
  }
  async setMeeting(_t: string, _m: string, _r: string, date: string): Promise<StaffResult<unknown>> {
    this.sent.push({ op: 'meeting', body: date });
    if (this.closed) return { kind: 'conflict', code: 'bad-transition' };
    return date < '2026-03-01' ? { kind: 'invalid', fields: [{ field: 'date', message: 'must be a date on or after the round' }] } : { kind: 'ok', value: {} };
  }
  async setGroups(_t: string, _m: string, _r: string, groups: Array<{ name: string; groupId: string | null }>): Promise<StaffResult<unknown>> {
    this.sent.push({ op: 'groups', body: groups });
    return { kind: 'ok', value: {} };
  }
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const errorFor = (html: string, field: string) => new RegExp(`<p id="${field}-error" class="govuk-error-message">\\s*<span class="govuk-visually-hidden">[^<]*</span>([^<]*)</p>`).exec(html)?.[1]?.trim();

describe('a round\'s follow-up meeting page', () => {
  let app: INestApplication;
  const fake = new FakeFollowUp();
  const session = coordinatorCookie('trollhattan', 'token');
  const http = () => request(app.getHttpServer());
  const page = `/trollhattan/samordnare/trygghetsronder/${ROUND}/uppfoljning`;

  async function form() {
    const res = await http().get(page).set('cookie', session).expect(200);
    const csrf = (res.headers['set-cookie'] as unknown as string[] | undefined)?.map((c) => c.split(';')[0]).join('; ');
    return { cookie: csrf ? `${session}; ${csrf}` : session, token: /name="_csrf" value="([^"]+)"/.exec(res.text)![1]!, html: res.text };
  }

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3719', LOG_LEVEL: 'silent', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(ROUND_FOLLOW_UP_API).useValue(fake)
      .overrideProvider(FEEDBACK_SINK).useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('reviews the findings: status, owner, deadline, days open, overdue and over six months, where a finding came from', async () => {
    const { html } = await form();
    const shown = text(html);
    expect(shown).toContain('Uppföljning av trygghetsronden i Kronogården');
    expect(shown).toContain('Kronogårdsvägen 12 Trasig lampa (Från en rapport efter en vandring) Belysning Ny Gatuavdelningen: Ingen ännu 2026-09-01 214 Försenad Över sex månader');
    expect(shown).toContain('58.27120, 12.30820 Buskar Växtlighet');
    expect(shown).toContain('Parken: ola@example.se 2026-09-01 10 Nej');
    expect(shown).toContain('2 brister: 1 öppna, 0 tilldelade, 1 åtgärdade, 0 åtgärdas inte. 1 är försenade, 1 är öppna efter sex månader.');
    expect(shown).toContain('Grupper i protokollet Grannsamverkan Kronan');
    expect(html).toContain('till exempel 2026-03-29');
    expect(html).toMatch(/<div class="app-no-print">\s*<h2 class="govuk-heading-m">Uppföljningsmöte/);
    await http().get(`/trollhattan/samordnare/trygghetsronder/00000000-0000-4000-8000-000000000099/uppfoljning`).set('cookie', session).expect(404);
    await http().get(`/trollhattan/samordnare/trygghetsronder/nope/uppfoljning`).set('cookie', session).expect(404);
  });

  it('the meeting day: a bad or too early date next to the field; saved; refused once followed up', async () => {
    const { cookie, token } = await form();
    const bad = await http().post(`${page}/mote`).set('cookie', cookie).type('form').send({ _csrf: token, meetingDate: '29/3' }).expect(400);
    expect(errorFor(bad.text, 'meetingDate')).toBe('Skriv ett datum som ÅÅÅÅ-MM-DD, samma dag som ronden eller senare');
    await http().post(`${page}/mote`).set('cookie', cookie).type('form').send({ _csrf: token, meetingDate: '2026-02-01' }).expect(400);
    const saved = await http().post(`${page}/mote`).set('cookie', cookie).type('form').send({ _csrf: token, meetingDate: '2026-03-29' }).expect(303);
    expect(saved.headers['location']).toBe(`${page}?klart=sparat`);
    fake.closed = true;
    const closed = await http().post(`${page}/mote`).set('cookie', cookie).type('form').send({ _csrf: token, meetingDate: '2026-03-29' }).expect(409);
    expect(errorFor(closed.text, 'meetingDate')).toBe('Ronden är redan uppföljd');
    fake.closed = false;
    expect(fake.sent.filter((s) => s.op === 'meeting').map((s) => s.body)).toEqual(['2026-02-01', '2026-03-29', '2026-03-29']);
  });

  it('the reference groups: one name per line, blank lines dropped, at most 30', async () => {
    const { cookie, token } = await form();
    await http().post(`${page}/grupper`).set('cookie', cookie).type('form').send({ _csrf: token, groups: ' Grannsamverkan Kronan \r\n\r\nGrannsamverkan Lextorp' }).expect(303);
    expect(fake.sent.filter((s) => s.op === 'groups').at(-1)?.body).toEqual([{ name: 'Grannsamverkan Kronan', groupId: null }, { name: 'Grannsamverkan Lextorp', groupId: null }]);
    const many = await http().post(`${page}/grupper`).set('cookie', cookie).type('form').send({ _csrf: token, groups: Array.from({ length: 31 }, (_, i) => `G${i}`).join('\n') }).expect(400);
    expect(errorFor(many.text, 'groups')).toBe('Skriv högst 30 grupper, varje namn högst 200 tecken');
  });

  it('is the coordinator\'s only: a read-only role and another municipality\'s coordinator get the 403 page', async () => {
    const reader = `${SESSION_COOKIE}=${sealedSession({ accessToken: 't', roles: ['municipal-role'], municipalityId: 'trollhattan', organisation: 'trollhattan' })}`;
    await http().get(page).set('cookie', reader).expect(403);
    await http().get(page).set('cookie', coordinatorCookie('ale', 't')).expect(403);
    expect((await http().get(page)).headers['location']).toBe('/logga-in?orsak=kravs');
  });
});
