import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { AREA_MESSAGES_API, type AreaMessageProgress, type AreaMessagesApi } from '../application/area-messages-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { POLICE_AREA_MESSAGES_API, type PoliceAreaMessage, type PoliceAreaMessageRequest, type PoliceAreaMessagesApi } from '../application/police-area-messages-api';
import { loadWebConfig } from '../config';
import { progressRows } from '../domain/police-area-message';
import { coordinatorCookie, officerCookie, TEST_SESSION_SECRET } from '../../test/signed-in';

const MESSAGE = '7b0c5a52-0f55-4a57-9d7e-2c7c1d3c1a20';

describe('the officer\'s progress rows', () => {
  it('fold notifications\' statuses into queued, sent, delivered, failed and other, per chosen channel', () => {
    const rows = progressRows(['email', 'sms'], [
      { channel: 'email', status: 'queued', count: 2 },
      { channel: 'email', status: 'sending', count: 1 },
      { channel: 'email', status: 'bounced', count: 1 },
      { channel: 'email', status: 'failed', count: 1 },
      { channel: 'sms', status: 'delivered', count: 4 },
      { channel: 'sms', status: 'skipped', count: 3 },
    ]);
    expect(rows).toEqual([
      { channel: 'email', queued: 3, sent: 0, delivered: 0, failed: 2, other: 0 },
      { channel: 'sms', queued: 0, sent: 0, delivered: 4, failed: 0, other: 3 },
    ]);
  });
});

const LODOSE_GROUP = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a44';

describe('the officer\'s area-message pages (/polis/utskick)', () => {
  let app: INestApplication;
  const requested: Array<{ areaId: string; body: PoliceAreaMessageRequest }> = [];
  const messages: PoliceAreaMessage[] = [];
  let recipients = 5;
  let progress: AreaMessageProgress | null = null;
  const police: PoliceAreaMessagesApi = {
    targets: async () => [
      { id: 'lilla-edet', name: 'Lilla Edet', areas: [{ id: 'lodose', name: 'Lödöse', groupIds: [LODOSE_GROUP] }, { id: 'centrum-ostra', name: 'Lilla Edet centrum öst', groupIds: [] }] },
      { id: 'trollhattan', name: 'Trollhättan', areas: [] },
    ],
    list: async () => messages,
    request: async (_token, areaId, body) => {
      requested.push({ areaId, body });
      messages.unshift({ id: MESSAGE, municipalityId: body.municipalityId, policeAreaId: areaId, subject: body.subject, body: body.body, category: body.urgent ? 'urgent' : 'information', channels: body.channels, areaIds: body.areaIds ?? [], groupIds: [], audience: body.audience ?? 'members', delivery: body.delivery ?? 'direct', requestedBy: 'Per Polis', requestedAt: '2026-12-02T10:00:00.000Z' });
      return { kind: 'requested', messageId: MESSAGE };
    },
  };
  const notifications: AreaMessagesApi = {
    preview: async (_token, _m, command) => ({
      kind: 'ok',
      preview: { recipients, channels: command.channels ?? ['email'], previews: (['sv', 'en'] as const).map((language) => ({ language, email: { subject: command.subject, text: command.body, html: '<p></p>' }, sms: null })) },
    }),
    send: async () => {
      throw new Error('the officer sends through police-liaison, never notifications\' staff send');
    },
    progress: async (_token, _m, id) => (id === MESSAGE ? progress : null),
  };
  const officer = officerCookie('lpo-trollhattan', 'officer-token');
  const http = () => request(app.getHttpServer());

  async function formSession(lang: 'sv' | 'en' = 'sv') {
    const form = await http().get(`/polis/utskick/lilla-edet/nytt?lang=${lang}`).set('cookie', officer).expect(200);
    const cookies = [officer, ...(form.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0])].join('; ');
    return { cookies, csrf: /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!, html: form.text };
  }

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3620', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(POLICE_AREA_MESSAGES_API)
      .useValue(police)
      .overrideProvider(AREA_MESSAGES_API)
      .useValue(notifications)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    requested.length = 0;
    messages.length = 0;
    recipients = 5;
    progress = null;
  });

  it('list the police area\'s messages with a new one per municipality that has areas, under "Utskick" in the police navigation', async () => {
    const page = await http().get('/polis/utskick').set('cookie', officer).expect(200);
    expect(page.text).toContain('href="/polis/utskick/lilla-edet/nytt"');
    expect(page.text).not.toContain('href="/polis/utskick/trollhattan/nytt"');
    expect(page.text).toContain('Inga utskick');
    expect(page.text).toMatch(/<a[^>]*href="\/polis\/utskick"[^>]*aria-current="page"|aria-current="page"[^>]*href="\/polis\/utskick"/);
    await http().get('/polis/utskick/ale/nytt').set('cookie', officer).expect(404);
    await http().get('/polis/utskick/trollhattan/nytt').set('cookie', officer).expect(404);
    expect((await http().get('/polis/utskick').set('cookie', coordinatorCookie('ale', 't'))).status).toBe(403);
  });

  it('show each missing field next to it with an error summary, and refuse a message to nobody on the areas', async () => {
    const { cookies, csrf, html } = await formSession();
    expect(html).toContain('Lödöse');
    expect(html).toContain('Lilla Edet');
    const empty = await http().post('/polis/utskick/lilla-edet/nytt/forhandsgranska').set('cookie', cookies).type('form').send({ _csrf: csrf, title: ' ', text: '' }).expect(400);
    expect(empty.text).toContain('govuk-error-summary');
    for (const id of ['title', 'text', 'channels', 'areaIds']) expect(empty.text).toContain(`href="#${id}`);
    expect(empty.text).toContain('Skriv en rubrik');
    recipients = 0;
    const nobody = await http().post('/polis/utskick/lilla-edet/nytt').set('cookie', cookies).type('form').send({ _csrf: csrf, title: 'Inbrott', text: 'Lås dörrarna', email: 'yes', areaIds: 'lodose' }).expect(400);
    expect(nobody.text).toContain('Det finns ingen mottagare i de valda områdena');
    expect(requested).toEqual([]);
  });

  it('preview, then send through police-liaison and show "Skickas…" until the broadcast exists, then its counts per channel', async () => {
    const { cookies, csrf } = await formSession();
    const form = { _csrf: csrf, title: 'Inbrott i Lödöse', text: 'Lås dörrarna i kväll.', urgent: 'yes', email: 'yes', areaIds: 'lodose' };
    const preview = await http().post('/polis/utskick/lilla-edet/nytt/forhandsgranska').set('cookie', cookies).type('form').send(form).expect(200);
    expect(preview.text).toContain('Når 5 mottagare.');
    expect(preview.text).toContain('action="/polis/utskick/lilla-edet/nytt"');
    const sent = await http().post('/polis/utskick/lilla-edet/nytt').set('cookie', cookies).type('form').send(form).expect(303);
    expect(sent.headers['location']).toBe(`/polis/utskick/lilla-edet/${MESSAGE}?skickat=1`);
    expect(requested).toEqual([{ areaId: 'lpo-trollhattan', body: { municipalityId: 'lilla-edet', subject: 'Inbrott i Lödöse', body: 'Lås dörrarna i kväll.', urgent: true, channels: ['email'], areaIds: ['lodose'], audience: 'members', delivery: 'direct' } }]);
    const pending = await http().get(`/polis/utskick/lilla-edet/${MESSAGE}`).set('cookie', officer).expect(200);
    expect(pending.text).toContain('Skickas…');
    expect(pending.text).toContain(`href="/polis/utskick/lilla-edet/${MESSAGE}"`);
    progress = { id: MESSAGE, subject: 'Inbrott i Lödöse', category: 'urgent', channels: ['email'], recipients: 5, messages: 5, createdAt: '2026-12-02T10:00:01.000Z', status: 'fanned-out', totals: [{ channel: 'email', status: 'queued', count: 1 }, { channel: 'email', status: 'sent', count: 2 }, { channel: 'email', status: 'delivered', count: 1 }, { channel: 'email', status: 'failed', count: 1 }] };
    const done = await http().get(`/polis/utskick/lilla-edet/${MESSAGE}?lang=en`).set('cookie', officer).expect(200);
    expect(done.text).not.toContain('Sending…');
    expect(done.text).toContain('Reaches 5 recipients.');
    expect(done.text.replace(/\s+/g, ' ')).toMatch(/Email<\/th> <td[^>]*>1<\/td><td[^>]*>2<\/td><td[^>]*>1<\/td><td[^>]*>1<\/td><td[^>]*>0<\/td>/);
    expect(done.text).toContain('Nobody has acknowledged it yet.');
    // Acknowledgements per group, each group named by its area (the officer has no group names).
    progress = { ...progress, acknowledgements: { total: 3, groups: [{ groupId: LODOSE_GROUP, count: 2 }, { groupId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a55', count: 1 }] } };
    const acked = (await http().get(`/polis/utskick/lilla-edet/${MESSAGE}`).set('cookie', officer).expect(200)).text.replace(/\s+/g, ' ');
    expect(acked).toContain('3 mottagare har kvitterat.');
    expect(acked).toMatch(/Gruppen i Lödöse<\/td> <td[^>]*>2<\/td>/);
    expect(acked).toMatch(/En grupp utanför de listade områdena<\/td> <td[^>]*>1<\/td>/);
    progress = { ...progress, recipients: 0, messages: 0, totals: [] };
    expect((await http().get(`/polis/utskick/lilla-edet/${MESSAGE}`).set('cookie', officer).expect(200)).text).toContain('Meddelandet nådde ingen');
    const list = await http().get('/polis/utskick').set('cookie', officer).expect(200);
    expect(list.text).toContain(`href="/polis/utskick/lilla-edet/${MESSAGE}"`);
    await http().get(`/polis/utskick/trollhattan/${MESSAGE}`).set('cookie', officer).expect(404);
  });
});
