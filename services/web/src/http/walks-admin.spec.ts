import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { walks } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import type { StaffResult } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { WALKS_ADMIN_API, type WalkDetail, type WalkPlan, type WalkSeriesPlan, type WalksAdminApi, type WalkView } from '../application/walks-admin-api';
import { loadWebConfig } from '../config';
import { coordinatorCookie, TEST_SESSION_SECRET } from '../../test/signed-in';

const DAY = 86_400_000;
const soon = (days: number, hourUtc: number) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
};
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function walk(n: number, over: Partial<WalkDetail> = {}): WalkDetail {
  return walks.walkDetailSchema.parse({
    walkId: uuid(n), seriesId: null, organisationId: 'ale-trygghetsvandrare', startsAt: soon(3, 19), endsAt: soon(3, 23), meetingPoint: 'Busstationen',
    minWalkers: 3, maxWalkers: 6, status: 'scheduled', staffed: false, problems: ['too_few_walkers', 'too_few_trained_walkers'],
    bookings: [], log: [], debrief: null, understaffedAt: null, cancellation: null, walkers: [], ...over,
  });
}

/** volunteers' coordinator routes in memory, recording what the pages sent. */
class FakeWalks implements WalksAdminApi {
  walks: WalkDetail[] = [];
  readonly sent: Array<{ op: string; body: unknown }> = [];
  invalid: Array<{ field: string; message: string }> | null = null;
  async list(_t: string, m: string, period: { from?: string; to?: string }): Promise<StaffResult<WalkView[]>> {
    this.sent.push({ op: 'list', body: period });
    return { kind: 'ok', value: m === 'ale' ? this.walks.filter((w) => (!period.from || w.startsAt >= period.from) && (!period.to || w.startsAt < period.to)).sort((a, b) => a.startsAt.localeCompare(b.startsAt)) : [] };
  }
  async show(_t: string, _m: string, walkId: string): Promise<StaffResult<WalkDetail>> {
    const found = this.walks.find((w) => w.walkId === walkId);
    return found ? { kind: 'ok', value: found } : { kind: 'not_found' };
  }
  async schedule(_t: string, _m: string, plan: WalkPlan): Promise<StaffResult<WalkView>> {
    this.sent.push({ op: 'schedule', body: plan });
    if (this.invalid) return { kind: 'invalid', fields: this.invalid };
    const created = walk(90, { ...plan, minWalkers: plan.minWalkers ?? 3 });
    this.walks.push(created);
    return { kind: 'ok', value: created };
  }
  async scheduleSeries(_t: string, _m: string, series: WalkSeriesPlan): Promise<StaffResult<{ seriesId: string; walks: WalkView[] }>> {
    this.sent.push({ op: 'series', body: series });
    return { kind: 'ok', value: { seriesId: uuid(80), walks: [walk(81), walk(82)] } };
  }
  async cancel(_t: string, _m: string, walkId: string, reason: string): Promise<StaffResult<WalkView>> {
    this.sent.push({ op: 'cancel', body: { walkId, reason } });
    const w = this.walks.find((x) => x.walkId === walkId)!;
    w.status = 'cancelled';
    w.cancellation = { cancelledAt: new Date().toISOString(), reason };
    return { kind: 'ok', value: w };
  }
  async debrief(_t: string, _m: string, walkId: string, note: string): Promise<StaffResult<WalkView>> {
    this.sent.push({ op: 'debrief', body: { walkId, note } });
    const w = this.walks.find((x) => x.walkId === walkId)!;
    if (Date.parse(w.startsAt) > Date.now()) return { kind: 'conflict', code: 'walk_not_started' };
    w.debrief = note;
    w.status = 'held';
    return { kind: 'ok', value: w };
  }
  async qualify(_t: string, _m: string, volunteerId: string, change: { basicTraining: boolean; guardianConsent: boolean }) {
    this.sent.push({ op: 'qualify', body: { volunteerId, ...change } });
    return { kind: 'ok' as const, value: { volunteerId, ...change } };
  }
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const errorFor = (html: string, field: string) => new RegExp(`<p id="${field}-error" class="govuk-error-message">\\s*<span class="govuk-visually-hidden">[^<]*</span>([^<]*)</p>`).exec(html)?.[1]?.trim();

describe('the coordinator\'s walk pages', () => {
  let app: INestApplication;
  const fake = new FakeWalks();
  const session = coordinatorCookie('ale', 'token');
  const http = () => request(app.getHttpServer());

  /** The page and a CSRF token with its cookie, as the browser holds them after opening it. */
  async function form(path: string) {
    const res = await http().get(path).set('cookie', session).expect(200);
    const csrf = (res.headers['set-cookie'] as unknown as string[] | undefined)?.map((c) => c.split(';')[0]).join('; ');
    return { cookie: csrf ? `${session}; ${csrf}` : session, token: /name="_csrf" value="([^"]+)"/.exec(res.text)![1]!, html: res.text };
  }

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3697', LOG_LEVEL: 'silent', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(WALKS_ADMIN_API).useValue(fake)
      .overrideProvider(FEEDBACK_SINK).useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    fake.walks = [];
    fake.sent.length = 0;
    fake.invalid = null;
  });

  it('lists upcoming walks earliest first on the Stockholm clock, with organisation, booked/min/max and why a walk is understaffed (sv, en)', async () => {
    fake.walks = [
      walk(2, { startsAt: soon(5, 19), endsAt: soon(5, 23), organisationId: 'nattvandrarna-ale', meetingPoint: 'Torget', staffed: true, problems: [], bookings: [1, 2, 3].map((n) => ({ volunteerId: uuid(n), bookedAt: soon(-1, 10), basicTraining: true, youth: false })) }),
      walk(1),
    ];
    const sv = text((await http().get('/ale/samordnare/vandringar').set('cookie', session).expect(200)).text);
    const first = sv.indexOf('Busstationen');
    expect(first).toBeGreaterThan(-1);
    expect(sv.indexOf('Torget')).toBeGreaterThan(first);
    expect(sv).toContain('Ale kommuns trygghetsvandrare');
    expect(sv).toContain('Nattvandrarna i Ale');
    expect(sv).toContain('Underbemannad: för få vandrare, för få med grundutbildning');
    expect(sv).toContain('3 (3–6) Bemannad');
    const localStart = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(new Date(soon(3, 19)));
    expect(sv).toContain(`${localStart}–`);
    const en = text((await http().get('/ale/samordnare/vandringar?lang=en').set('cookie', session).expect(200)).text);
    expect(en).toContain('Understaffed: too few walkers, too few with basic training');
    const filtered = text((await http().get('/ale/samordnare/vandringar?organisationId=nattvandrarna-ale').set('cookie', session).expect(200)).text);
    expect(filtered).toContain('Torget');
    expect(filtered).not.toContain('Busstationen');
  });

  it('only for a coordinator of the municipality: another municipality\'s pages answer 403, no session goes to sign-in', async () => {
    await http().get('/lilla-edet/samordnare/vandringar').set('cookie', session).expect(403);
    const res = await http().get('/ale/samordnare/vandringar').expect(303);
    expect(res.headers['location']).toMatch(/^\/logga-in/);
  });

  it('a new walk: the web\'s own errors next to the fields, nothing sent; then the plan in UTC (21:00–01:00 Stockholm, end the next day)', async () => {
    const { cookie, token } = await form('/ale/samordnare/vandringar/ny');
    const bad = await http().post('/ale/samordnare/vandringar/ny').set('cookie', cookie).type('form').send({ _csrf: token, organisationId: 'nope', date: '2027-02-30', startTime: '25:00', endTime: '01:00', meetingPoint: '', maxWalkers: '1' }).expect(400);
    expect(errorFor(bad.text, 'organisationId')).toBe('Välj en av kommunens organisationer');
    expect(errorFor(bad.text, 'date')).toBe('Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-05');
    expect(errorFor(bad.text, 'startTime')).toBe('Skriv tiden som TT:MM, till exempel 21:00');
    expect(errorFor(bad.text, 'meetingPoint')).toBe('Skriv samlingsplatsen');
    expect(errorFor(bad.text, 'maxWalkers')).toBe('Skriv ett antal mellan 2 och 50');
    expect(bad.text).toContain('govuk-error-summary');
    const rule = await http().post('/ale/samordnare/vandringar/ny').set('cookie', cookie).type('form').send({ _csrf: token, organisationId: 'ale-fotbollsforening', date: '2099-03-05', startTime: '21:00', endTime: '01:00', meetingPoint: 'Planen', minWalkers: '3', maxWalkers: '6' }).expect(400);
    expect(errorFor(rule.text, 'minWalkers')).toBe('Organisationen kräver minst 4 vandrare');
    expect(fake.sent.filter((s) => s.op === 'schedule')).toEqual([]);

    const ok = await http().post('/ale/samordnare/vandringar/ny').set('cookie', cookie).type('form').send({ _csrf: token, organisationId: 'ale-trygghetsvandrare', date: '2099-03-06', startTime: '21:00', endTime: '01:00', meetingPoint: 'Busstationen', minWalkers: '', maxWalkers: '5' }).expect(303);
    expect(ok.headers['location']).toBe(`/ale/samordnare/vandringar/${uuid(90)}?klart=skapad`);
    expect(fake.sent.find((s) => s.op === 'schedule')?.body).toEqual({ organisationId: 'ale-trygghetsvandrare', startsAt: '2099-03-06T20:00:00.000Z', endsAt: '2099-03-07T00:00:00.000Z', meetingPoint: 'Busstationen', maxWalkers: 5 });
  });

  it('shows volunteers\' 400 fields next to the form\'s fields', async () => {
    const { cookie, token } = await form('/ale/samordnare/vandringar/ny?lang=en');
    fake.invalid = [{ field: 'minWalkers', message: 'must be at least 3' }, { field: 'startsAt', message: 'must be in the future' }];
    const res = await http().post('/ale/samordnare/vandringar/ny').set('cookie', cookie).type('form').send({ _csrf: token, organisationId: 'ale-trygghetsvandrare', date: '2099-03-06', startTime: '21:00', endTime: '23:00', meetingPoint: 'Torget', minWalkers: '3', maxWalkers: '5' }).expect(400);
    expect(errorFor(res.text, 'minWalkers')).toBe('The minimum is lower than the organisation&#39;s rule');
    expect(errorFor(res.text, 'date')).toBe('The walk must start in the future');
    expect(res.text).toContain('value="Torget"');
  });

  it('refuses a form without its CSRF token (nothing sent to volunteers)', async () => {
    await http().post('/ale/samordnare/vandringar/ny').set('cookie', session).type('form').send({ organisationId: 'ale-trygghetsvandrare' }).expect(403);
    expect(fake.sent).toEqual([]);
  });

  it('a weekly series: weekdays, times, first and last day → weeks and until; errors when no weekday or more than 12 weeks', async () => {
    const { cookie, token } = await form('/ale/samordnare/vandringar/ny-serie');
    const base = { _csrf: token, organisationId: 'nattvandrarna-ale', startTime: '21:00', endTime: '01:00', meetingPoint: 'Busstationen', maxWalkers: '6' };
    const bad = await http().post('/ale/samordnare/vandringar/ny-serie').set('cookie', cookie).type('form').send({ ...base, from: '2099-03-01', to: '2099-06-30' }).expect(400);
    expect(errorFor(bad.text, 'weekdays')).toBe('Välj minst en veckodag');
    expect(errorFor(bad.text, 'to')).toBe('En serie kan vara högst 12 veckor');
    const ok = await http().post('/ale/samordnare/vandringar/ny-serie').set('cookie', cookie).type('form').send(`${new URLSearchParams({ ...base, from: '2099-03-01', to: '2099-03-14' })}&weekdays=fri&weekdays=sat`).expect(303);
    expect(ok.headers['location']).toBe('/ale/samordnare/vandringar?klart=serie&antal=2');
    expect(fake.sent.find((s) => s.op === 'series')?.body).toEqual({ organisationId: 'nattvandrarna-ale', weekdays: ['fri', 'sat'], startTime: '21:00', endTime: '01:00', from: '2099-03-01', weeks: 2, until: '2099-03-14', meetingPoint: 'Busstationen', maxWalkers: 6 });
  });

  it('a walk\'s page names the booked walkers and the check-in/out log; cancelling asks to confirm before anything is cancelled', async () => {
    const [anna, bo] = [uuid(11), uuid(12)];
    fake.walks = [walk(1, {
      bookings: [{ volunteerId: anna, bookedAt: soon(-2, 10), basicTraining: true, youth: false }, { volunteerId: bo, bookedAt: soon(-1, 10), basicTraining: false, youth: true }],
      walkers: [{ volunteerId: anna, name: 'Anna <i>Andersson</i>', basicTraining: true, guardianConsent: false }, { volunteerId: bo, name: 'Bo Berg', basicTraining: false, guardianConsent: true }],
    })];
    const { cookie, token, html } = await form(`/ale/samordnare/vandringar/${uuid(1)}`);
    expect(html).toContain('Anna &lt;i&gt;Andersson&lt;/i&gt;');
    expect(html).toContain(`href="/ale/samordnare/vandringar/${uuid(1)}/vandrare/${bo}"`);
    expect(text(html)).toContain('Ingen har checkat in.');
    const missing = await http().post(`/ale/samordnare/vandringar/${uuid(1)}/installning`).set('cookie', cookie).type('form').send({ _csrf: token, reason: '' }).expect(400);
    expect(errorFor(missing.text, 'reason')).toBe('Skriv varför vandringen ställs in');
    const ask = await http().post(`/ale/samordnare/vandringar/${uuid(1)}/installning`).set('cookie', cookie).type('form').send({ _csrf: token, reason: 'Storm' }).expect(200);
    expect(text(ask.text)).toContain('Vill du ställa in vandringen?');
    expect(fake.sent.filter((s) => s.op === 'cancel')).toEqual([]);
    const done = await http().post(`/ale/samordnare/vandringar/${uuid(1)}/installning/bekrafta`).set('cookie', cookie).type('form').send({ _csrf: token, reason: 'Storm' }).expect(303);
    expect(done.headers['location']).toBe(`/ale/samordnare/vandringar/${uuid(1)}?klart=installd`);
    expect(fake.sent.filter((s) => s.op === 'cancel')).toEqual([{ op: 'cancel', body: { walkId: uuid(1), reason: 'Storm' } }]);
    expect(text((await http().get(done.headers['location']!).set('cookie', session).expect(200)).text)).toContain('Inställd');
  });

  it('a walk volunteers cancelled itself (reason unstaffed) says so in words, sv and en', async () => {
    fake.walks = [walk(3, { status: 'cancelled', cancellation: { cancelledAt: soon(-1, 8), reason: 'unstaffed' } })];
    const sv = text((await http().get(`/ale/samordnare/vandringar/${uuid(3)}`).set('cookie', session).expect(200)).text);
    expect(sv).toContain('för få vandrare – inställd automatiskt');
    expect(sv).not.toContain('unstaffed');
    const en = text((await http().get(`/ale/samordnare/vandringar/${uuid(3)}?lang=en`).set('cookie', session).expect(200)).text);
    expect(en).toContain('too few walkers – cancelled automatically');
  });

  it('the debrief after the start, the log with names, and a walker\'s training and consent from the booking list', async () => {
    const anna = uuid(11);
    fake.walks = [walk(1, {
      startsAt: soon(-1, 19), endsAt: soon(-1, 23),
      bookings: [{ volunteerId: anna, bookedAt: soon(-3, 10), basicTraining: false, youth: false }],
      log: [{ volunteerId: anna, kind: 'check-in', at: soon(-1, 19) }, { volunteerId: anna, kind: 'check-out', at: soon(-1, 23) }],
      walkers: [{ volunteerId: anna, name: 'Anna Andersson', basicTraining: false, guardianConsent: false }],
    })];
    const { cookie, token, html } = await form(`/ale/samordnare/vandringar/${uuid(1)}`);
    expect(text(html)).toMatch(/Anna Andersson Checkade in .*Anna Andersson Checkade ut/);
    const empty = await http().post(`/ale/samordnare/vandringar/${uuid(1)}/efterprat`).set('cookie', cookie).type('form').send({ _csrf: token, note: ' ' }).expect(400);
    expect(errorFor(empty.text, 'note')).toBe('Skriv anteckningen');
    await http().post(`/ale/samordnare/vandringar/${uuid(1)}/efterprat`).set('cookie', cookie).type('form').send({ _csrf: token, note: 'Lugnt' }).expect(303);
    expect(fake.walks[0]!.debrief).toBe('Lugnt');

    const walker = await form(`/ale/samordnare/vandringar/${uuid(1)}/vandrare/${anna}`);
    expect(text(walker.html)).toContain('Utbildning och samtycke för Anna Andersson');
    const unanswered = await http().post(`/ale/samordnare/vandringar/${uuid(1)}/vandrare/${anna}`).set('cookie', walker.cookie).type('form').send({ _csrf: walker.token, basicTraining: 'yes' }).expect(400);
    expect(errorFor(unanswered.text, 'guardianConsent')).toBe('Välj ja eller nej');
    await http().post(`/ale/samordnare/vandringar/${uuid(1)}/vandrare/${anna}`).set('cookie', walker.cookie).type('form').send({ _csrf: walker.token, basicTraining: 'yes', guardianConsent: 'no' }).expect(303);
    expect(fake.sent.find((s) => s.op === 'qualify')?.body).toEqual({ volunteerId: anna, basicTraining: true, guardianConsent: false });
    await http().get(`/ale/samordnare/vandringar/${uuid(1)}/vandrare/${uuid(99)}`).set('cookie', session).expect(404);
  });

  it('the monthly report: held, cancelled, volunteer hours from check-in/out; the CSV with every cell quoted and formulas neutralised', async () => {
    const [a, b] = [uuid(11), uuid(12)];
    fake.walks = [
      walk(1, { startsAt: '2027-03-05T20:00:00.000Z', endsAt: '2027-03-06T00:00:00.000Z', status: 'held', debrief: 'ok', meetingPoint: '=HYPERLINK("http://x")',
        log: [{ volunteerId: a, kind: 'check-in', at: '2027-03-05T20:00:00.000Z' }, { volunteerId: b, kind: 'check-in', at: '2027-03-05T20:30:00.000Z' }, { volunteerId: a, kind: 'check-out', at: '2027-03-06T00:00:00.000Z' }, { volunteerId: b, kind: 'check-out', at: '2027-03-06T00:00:00.000Z' }] }),
      walk(2, { startsAt: '2027-03-12T20:00:00.000Z', endsAt: '2027-03-13T00:00:00.000Z', status: 'cancelled', cancellation: { cancelledAt: '2027-03-10T10:00:00.000Z', reason: 'Storm' } }),
      // 23:30 UTC on 31 March is 1 April in Stockholm: April's walk, not March's.
      walk(3, { startsAt: '2027-03-31T23:30:00.000Z', endsAt: '2027-04-01T02:00:00.000Z' }),
    ];
    const html = (await http().get('/ale/samordnare/vandringar/rapport?month=2027-03').set('cookie', session).expect(200)).text;
    const summaryText = text(/<dl[^>]*id="summary"[\s\S]*?<\/dl>/.exec(html)![0]);
    expect(summaryText).toContain('Genomförda vandringar 1');
    expect(summaryText).toContain('Inställda vandringar 1');
    expect(summaryText).toContain('Volontärtimmar (incheckning till utcheckning) 7,5');
    expect(html).toContain('class="govuk-body app-no-print"');
    expect(fake.sent.find((s) => s.op === 'list')?.body).toEqual({ from: '2027-02-28', to: '2027-04-02' });
    await http().get('/ale/samordnare/vandringar/rapport?month=2027-13').set('cookie', session).expect(404);

    const csv = await http().get('/ale/samordnare/vandringar/rapport.csv?month=2027-03').set('cookie', session).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="vandringar-ale-2027-03.csv"');
    const lines = (csv.body as string).split('\r\n');
    expect(lines[0]).toBe('\uFEFF"Datum";"Start";"Slut";"Organisation";"Samlingsplats";"Status";"Bokade";"Incheckade";"Volontärtimmar"');
    expect(lines[1]).toBe('"2027-03-05";"21:00";"01:00";"Ale kommuns trygghetsvandrare";"\'=HYPERLINK(""http://x"")";"Genomförd";"0";"2";"7,5"');
    expect(lines[2]).toContain('"Inställd"');
    expect(lines).toHaveLength(4);
  });
});
