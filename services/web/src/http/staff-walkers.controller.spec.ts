import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { FEEDBACK_SINK } from '../application/feedback';
import { WALKER_ROSTER_API, type WalkerRoster, type WalkerRosterApi } from '../application/walker-roster-api';
import { loadWebConfig } from '../config';
import { coordinatorCookie, officerCookie, TEST_SESSION_SECRET } from '../../test/signed-in';

const listed = (over: Partial<WalkerRoster['volunteers'][number]>): WalkerRoster['volunteers'][number] => ({
  volunteerId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  name: 'Vera Vandrare',
  organisationId: 'nattvandrarna-ale',
  status: 'onboarding',
  spokenLanguages: ['sv', 'so'],
  otherLanguages: null,
  availability: ['friday'],
  signedUpAt: '2026-11-20T10:00:00.000Z',
  decidedAt: null,
  onboardingStep: { stepId: 'information-meeting', stepType: 'meeting-attendance', attempt: 1, since: '2026-11-21T10:00:00.000Z' },
  ...over,
});

/** The table rows of the page: [name, status, waits for, since, languages, availability]. */
function rows(html: string): string[][] {
  return [...html.matchAll(/<tr class="govuk-table__row">\s*<th scope="row"[^>]*>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map((r) => [
    r[1]!.trim(),
    ...[...r[2]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.trim()),
  ]);
}

describe('the coordinator’s walkers page (/<m>/samordnare/vandrare)', () => {
  let app: INestApplication;
  const asked: Array<[string, string]> = [];
  let answer: WalkerRoster | 'forbidden' = { volunteers: [], truncated: false };
  const roster: WalkerRosterApi = {
    roster: async (token, m) => {
      asked.push([token, m]);
      return answer;
    },
  };
  const get = (path: string, cookie?: string) => {
    const r = request(app.getHttpServer()).get(path);
    return cookie ? r.set('cookie', cookie) : r;
  };

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3697', LOG_LEVEL: 'silent', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(WALKER_ROSTER_API)
      .useValue(roster)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    asked.length = 0;
  });

  it('lists the walkers under their organisations with the step they wait at, in Swedish and English, with the coordinator’s token', async () => {
    answer = { volunteers: [listed({}), listed({ volunteerId: 'b2c3', name: 'Anna Aktiv', organisationId: 'ale-trygghetsvandrare', status: 'active', onboardingStep: null, spokenLanguages: [], availability: [] })], truncated: false };
    const sv = (await get('/ale/samordnare/vandrare?lang=sv', coordinatorCookie('ale', 'the-token')).expect(200)).text;
    expect(asked).toEqual([['the-token', 'ale']]);
    expect(rows(sv)).toEqual([
      ['Anna Aktiv', 'Aktiv', '–', '–', '–', '–'],
      ['Vera Vandrare', 'Under introduktion', 'Informationsmöte för trygghetsvandrare', '2026-11-21', 'Svenska, Somaliska', 'Fredagar'],
    ]);
    expect(sv).toContain('Ale fotbollsförening (föräldragruppen)');
    expect(sv).toContain('Ingen har anmält sig till den här organisationen än.');
    expect(sv).not.toMatch(/<script/);
    const en = (await get('/ale/samordnare/vandrare?lang=en', coordinatorCookie('ale', 'the-token')).expect(200)).text;
    expect(rows(en)[1]).toEqual(['Vera Vandrare', 'In onboarding', 'Information meeting for safety walkers', '2026-11-21', 'Swedish, Somali', 'Fridays']);
    expect(en).toContain('0 active, 1 in onboarding');
  });

  it('sends a visitor who is not signed in to the sign-in, and refuses another municipality’s coordinator or a police officer (403), without asking volunteers', async () => {
    const anonymous = await get('/ale/samordnare/vandrare');
    expect([anonymous.status, anonymous.headers['location']]).toEqual([303, expect.stringMatching(/^\/logga-in/)]);
    await get('/ale/samordnare/vandrare', coordinatorCookie('lilla-edet', 't')).expect(403);
    await get('/ale/samordnare/vandrare', officerCookie('lpo-ale-kungalv', 't')).expect(403);
    expect(asked).toEqual([]);
  });

  it('shows a 403 page when volunteers refuses the token', async () => {
    answer = 'forbidden';
    await get('/ale/samordnare/vandrare', coordinatorCookie('ale', 'stale')).expect(403);
  });
});
