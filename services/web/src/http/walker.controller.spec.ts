import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { FEEDBACK_SINK } from '../application/feedback';
import { type NewWalker, VOLUNTEERS_API, type VolunteersApi, type WalkerSignUpResult } from '../application/volunteers-api';
import { loadWebConfig } from '../config';
import { TEST_SESSION_SECRET } from '../../test/signed-in';

/** The error message shown next to a field (govuk's `<p id="<field>-error">`), tags stripped. */
const fieldError = (html: string, field: string) =>
  [...html.matchAll(/<p id="([^"]+)-error" class="govuk-error-message">([\s\S]*?)<\/p>/g)]
    .find((m) => m[1] === field)?.[2]!
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('the walker sign-up form: organisation, languages, availability and the information text (HTTP edge, volunteers faked)', () => {
  let app: INestApplication;
  const sent: NewWalker[] = [];
  let answer: WalkerSignUpResult = { kind: 'accepted' };
  const volunteers = {
    signUp: async (walker: NewWalker) => {
      sent.push(walker);
      return answer;
    },
  };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3696', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(VOLUNTEERS_API).useValue(volunteers as unknown as VolunteersApi)
      .overrideProvider(FEEDBACK_SINK).useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    sent.length = 0;
    answer = { kind: 'accepted' };
  });

  async function post(fields: string, lang = 'sv') {
    const page = await http().get(`/ale/trygghetsvandring?lang=${lang}`).expect(200);
    const cookie = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    return http().post('/ale/trygghetsvandring').set('cookie', cookie).type('form').send(`_csrf=${encodeURIComponent(csrf)}&${fields}`);
  }
  const base = 'name=Vera+Vandrare&email=vera%40example.se&birthYear=1980';

  it('offers the municipality’s organisations (its own walkers chosen), the languages and times, and says how the data is used (sv, en)', async () => {
    const sv = (await http().get('/ale/trygghetsvandring?lang=sv').expect(200)).text;
    expect(sv).toMatch(/<input class="govuk-radios__input" id="organisationId" name="organisationId" type="radio" value="ale-trygghetsvandrare" checked>/);
    for (const name of ['Ale kommuns trygghetsvandrare', 'Nattvandrarna i Ale', 'Ale fotbollsförening (föräldragruppen)', 'Somaliska', 'Vardagskvällar', 'Dagtid', 'Andra språk (frivilligt)']) expect(sv).toContain(name);
    expect(sv).toContain('Vi frågar aldrig efter personnummer.');
    expect(sv).toContain('aldrig dina kontaktuppgifter');
    const en = (await http().get('/ale/trygghetsvandring?lang=en').expect(200)).text;
    expect(en).toContain('We never ask for your personal identity number.');
    expect(en).toContain('When can you usually walk? (optional)');
    expect(en).not.toMatch(/<script/);
  });

  it('sends the organisation, the ticked languages, other languages and availability to volunteers', async () => {
    const res = await post(`${base}&organisationId=nattvandrarna-ale&spokenLanguages=sv&spokenLanguages=so&otherLanguages=tyska&availability=friday&availability=daytime`);
    expect([res.status, res.headers['location']]).toEqual([303, '/ale/trygghetsvandring/tack']);
    expect(sent).toEqual([
      { municipalityId: 'ale', name: 'Vera Vandrare', email: 'vera@example.se', birthYear: 1980, smsOptIn: false, language: 'sv', organisationId: 'nattvandrarna-ale', spokenLanguages: ['sv', 'so'], otherLanguages: 'tyska', availability: ['friday', 'daytime'] },
    ]);
  });

  it('shows each bad new field’s error next to it, keeps the ticks, and sends nothing', async () => {
    const res = await post(`${base}&organisationId=ifk-trollhattan&spokenLanguages=so&spokenLanguages=klingon&otherLanguages=www.example.se&availability=sunday`);
    expect(res.status).toBe(400);
    expect(fieldError(res.text, 'organisationId')).toContain('Välj en av organisationerna i listan');
    expect(fieldError(res.text, 'spokenLanguages')).toContain('Välj språk i listan');
    expect(fieldError(res.text, 'otherLanguages')).toContain('utan webbadresser');
    expect(fieldError(res.text, 'availability')).toContain('Välj tider i listan');
    expect(res.text).toMatch(/id="spokenLanguages-4" name="spokenLanguages" type="checkbox" value="so" checked/);
    expect(sent).toEqual([]);
    const none = await post(base);
    expect(none.status).toBe(400);
    expect(fieldError(none.text, 'organisationId')).toContain('Välj vilken organisation du vill vandra med');
  });

  it('shows volunteers’ field errors next to the field (a list entry’s error at its list)', async () => {
    answer = { kind: 'invalid', fields: [{ field: 'spokenLanguages.1', message: 'must be one of sv, en' }, { field: 'organisationId', message: "must be one of the municipality's walker organisations" }] };
    const res = await post(`${base}&organisationId=nattvandrarna-ale&spokenLanguages=sv&spokenLanguages=so`, 'en');
    expect(res.status).toBe(400);
    expect(fieldError(res.text, 'spokenLanguages')).toContain('must be one of sv, en');
    expect(fieldError(res.text, 'organisationId')).toContain('must be one of the municipality&#39;s walker organisations');
    expect(res.text).toMatch(/value="nattvandrarna-ale" checked/);
    expect(res.text).toMatch(/value="so" checked/);
  });
});
