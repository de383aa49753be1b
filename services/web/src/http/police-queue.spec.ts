import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { coordinatorCookie, officerCookie, TEST_SESSION_SECRET } from '../../test/signed-in';
import { ENROLMENT_API, type EnrolmentApi } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { POLICE_API, type PoliceApi, type PoliceOverview, type QueuedCase } from '../application/police-api';
import { WebModule } from '../app.module';
import { loadWebConfig } from '../config';

// The officer's approval queue (/polis: days waiting against the target, overdue labelled in words) and overview
// (/polis/oversikt), with police-liaison faked through its port.

const queued = (n: number, daysWaiting: number, targetDays: number, municipalityId = 'lilla-edet'): QueuedCase => ({
  id: `0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a${10 + n}`,
  municipalityId,
  instanceId: `instance-${n}`,
  stepId: 'police-approval',
  stepType: 'police-approval',
  attempt: 1,
  subject: { kind: 'contact-person', id: `member-${n}`, personId: `person-${n}` },
  subjectFields: { name: `Person ${n}` },
  dueAt: null,
  status: 'pending',
  decision: null,
  policeAreaId: 'lpo-trollhattan',
  openedAt: `2026-05-${String(10 + n).padStart(2, '0')}T10:00:00.000Z`,
  waitingSince: `2026-05-${String(10 + n).padStart(2, '0')}T10:00:00.000Z`,
  daysWaiting,
  targetDays,
  overdue: daysWaiting >= targetDays,
});

const overview: PoliceOverview = {
  policeAreaId: 'lpo-trollhattan',
  year: 2026,
  municipalities: [
    { municipalityId: 'lilla-edet', targetDays: 14, waiting: 2, overdue: 1, decided: 12, decidedWithinTarget: 9, medianDays: 10.5, p90Days: 19 },
    { municipalityId: 'trollhattan', targetDays: 14, waiting: 0, overdue: 0, decided: 0, decidedWithinTarget: 0, medianDays: null, p90Days: null },
  ],
  total: { waiting: 2, overdue: 1, decided: 12, medianDays: 10.5, p90Days: 19 },
  groups: {
    municipalities: [
      { municipalityId: 'lilla-edet', byStatus: { forming: 1, 'awaiting-approval': 2, active: 3, paused: 0, closed: 1 }, activeContactPersons: 4, groupsWithoutContactPerson: 3, openObservations: 5 },
      { municipalityId: 'trollhattan', byStatus: { forming: 0, 'awaiting-approval': 0, active: 1, paused: 1, closed: 0 }, activeContactPersons: 1, groupsWithoutContactPerson: 1, openObservations: 0 },
    ],
    total: { byStatus: { forming: 1, 'awaiting-approval': 2, active: 4, paused: 1, closed: 1 }, activeContactPersons: 5, groupsWithoutContactPerson: 4, openObservations: 5 },
  },
};

describe('the police queue and overview pages', () => {
  let app: INestApplication;
  const asked: string[] = [];
  const police: PoliceApi = {
    pendingCases: async (token, area) => {
      asked.push(`cases ${token} ${area}`);
      return { kind: 'ok', cases: [queued(1, 15, 14), queued(2, 3, 14)] };
    },
    decide: async () => ({ kind: 'decided' }),
    caseById: async (_token, id) => {
      const found = [queued(1, 15, 14), queued(2, 3, 14)].find((c) => c.id === id);
      return found ? { kind: 'ok', case: found } : { kind: 'not_found' };
    },
    revoke: async () => ({ kind: 'not_found' }),
    overview: async (token, area) => {
      asked.push(`overview ${token} ${area}`);
      return overview;
    },
  };

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3698', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(ENROLMENT_API)
      .useValue({} as EnrolmentApi)
      .overrideProvider(POLICE_API)
      .useValue(police)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  const officer = officerCookie('lpo-trollhattan', 'officer-token');
  const get = (path: string) => request(app.getHttpServer()).get(path).set('cookie', officer);
  /** The text of each table row of the page, tags stripped and spaces folded. */
  const rows = (html: string) => [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

  it.each([
    ['sv', ['Person 1 Kontaktperson Lilla Edets kommun 2026-05-11 15 av 14 dagar Försenad – Öppna ärendet – Person 1', 'Person 2 Kontaktperson Lilla Edets kommun 2026-05-12 3 av 14 dagar – Öppna ärendet – Person 2'], '1 av 2 ärenden har väntat längre än målet.'],
    ['en', ['Person 1 Contact person Lilla Edets kommun 2026-05-11 15 of 14 days Overdue – Open the case – Person 1', 'Person 2 Contact person Lilla Edets kommun 2026-05-12 3 of 14 days – Open the case – Person 2'], '1 of 2 cases have waited longer than the target.'],
  ] as const)('/polis (%s): oldest first, days waiting against the target, the overdue case labelled in words, a link to the overview', async (lang, expected, summary) => {
    const res = await get(`/polis?lang=${lang}`).expect(200);
    expect(rows(res.text).slice(1)).toEqual(expected); // the header row, then the cases ("–": no due date)
    expect(res.text).toContain(summary);
    expect(res.text.match(/govuk-tag--red/g)).toHaveLength(1);
    expect(res.text).toContain('href="/polis/oversikt"');
    expect(res.text).not.toContain('<script');
    expect(asked).toContain('cases officer-token lpo-trollhattan');
  });

  it.each([
    ['sv', ['Lilla Edets kommun 14 dagar 2 1 12 9 10,5 dagar 19 dagar', 'Trollhättans stad 14 dagar 0 0 0 0 Inga beslut Inga beslut', 'Hela Lokalpolisområde Trollhättan 2 1 12 10,5 dagar 19 dagar'], 'Beslutade 2026'],
    ['en', ['Lilla Edets kommun 14 days 2 1 12 9 10.5 days 19 days', 'Trollhättans stad 14 days 0 0 0 0 No decisions No decisions', 'All of Lokalpolisområde Trollhättan 2 1 12 10.5 days 19 days'], 'Decided in 2026'],
  ] as const)('/polis/oversikt (%s): per municipality against its target and for the area, in the page\'s language', async (lang, expected, decidedHeader) => {
    const res = await get(`/polis/oversikt?lang=${lang}`).expect(200);
    expect(rows(res.text).slice(1, 4)).toEqual(expected);
    expect(res.text).toContain(decidedHeader);
    expect(res.text).toMatch(/<a[^>]+href="\/polis\/oversikt"[^>]*aria-current="page"/);
    expect(res.text).not.toContain('<script');
    expect(asked).toContain('overview officer-token lpo-trollhattan');
  });

  it.each([
    ['sv', 'Kommun Startar Väntar på godkännande Aktiv Pausad Avslutad Totalt', 'Kommun Aktiva kontaktombud Grupper utan aktivt kontaktombud', 'Kommun Olästa iakttagelser', 'Hela Lokalpolisområde Trollhättan'],
    ['en', 'Municipality Forming Awaiting approval Active Paused Closed Total', 'Municipality Active contact persons Groups without an active contact person', 'Municipality Unread observations', 'All of Lokalpolisområde Trollhättan'],
  ] as const)('/polis/oversikt (%s): a table each of the groups by status, the contact persons and the unread observations, per municipality and for the area', async (lang, groupsHeader, contactsHeader, observationsHeader, area) => {
    const res = await get(`/polis/oversikt?lang=${lang}`).expect(200);
    const table = (id: string) => rows(res.text.slice(res.text.indexOf(`id="overview-${id}"`)).split('</table>')[0]!);
    expect(table('groups')).toEqual([groupsHeader, 'Lilla Edets kommun 1 2 3 0 1 7', 'Trollhättans stad 0 0 1 1 0 2', `${area} 1 2 4 1 1 9`]);
    expect(table('contacts')).toEqual([contactsHeader, 'Lilla Edets kommun 4 3', 'Trollhättans stad 1 1', `${area} 5 4`]);
    expect(table('observations')).toEqual([observationsHeader, 'Lilla Edets kommun 5', 'Trollhättans stad 0', `${area} 5`]);
    // Each table names itself (caption) and its headers' scope, for screen readers.
    expect(res.text.match(/<caption/g)).toHaveLength(4);
    expect(res.text).toContain('href="/polis/observationer"');
  });

  it('a case\'s page says how long it has waited and that it is overdue', async () => {
    const res = await get(`/polis/arenden/${queued(1, 15, 14).id}`).expect(200);
    expect(res.text).toMatch(/Väntat<\/dt><dd class="govuk-summary-list__value">15 av 14 dagar <strong class="govuk-tag govuk-tag--red">Försenad<\/strong>/);
    const onTime = await get(`/polis/arenden/${queued(2, 3, 14).id}`).expect(200);
    expect(onTime.text).toContain('3 av 14 dagar</dd>');
  });

  it('the overview is for police officers only', async () => {
    expect((await request(app.getHttpServer()).get('/polis/oversikt').set('cookie', coordinatorCookie('ale', 't'))).status).toBe(403);
    expect((await request(app.getHttpServer()).get('/polis/oversikt')).headers['location']).toBe('/logga-in?orsak=kravs');
  });
});
