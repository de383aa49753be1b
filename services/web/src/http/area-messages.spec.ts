import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { AREA_MESSAGES_API, type AreaMessageCommand, type AreaMessagesApi } from '../application/area-messages-api';
import { ENROLMENT_API, type EnrolmentApi } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { loadWebConfig } from '../config';
import { validateAreaMessageForm } from '../domain/area-message-form';
import { coordinatorCookie, TEST_SESSION_SECRET } from '../../test/signed-in';

const BROADCAST = '7b0c5a52-0f55-4a57-9d7e-2c7c1d3c1a10';

describe('the area-message form', () => {
  it('names every missing field, and takes one or several areas', () => {
    const empty = validateAreaMessageForm({ title: ' ', text: '' });
    expect(empty.ok ? [] : empty.errors.map((e) => e.field)).toEqual(['title', 'text', 'channels', 'areaIds']);
    const one = validateAreaMessageForm({ title: 'Inbrott', text: 'Håll utkik', email: 'yes', areaIds: 'centrum' });
    expect(one).toEqual({ ok: true, value: { title: 'Inbrott', text: 'Håll utkik', urgent: false, email: true, sms: false, areaIds: ['centrum'], audience: 'members', delivery: 'direct' } });
    const two = validateAreaMessageForm({ title: 'Inbrott', text: 'x'.repeat(2001), sms: 'yes', urgent: 'yes', areaIds: ['a', 'b', 'a', { no: 1 }] });
    expect(two.ok ? [] : two.errors.map((e) => e.key)).toEqual(['errors.areaMessage.text.tooLong']);
    expect(two.ok ? null : two.values.areaIds).toEqual(['a', 'b']);
  });
});

describe('the coordinator’s area-message pages', () => {
  let app: INestApplication;
  const sent: AreaMessageCommand[] = [];
  let recipients = 12;
  const api: AreaMessagesApi = {
    preview: async (_token, _m, command) => ({
      kind: 'ok',
      preview: {
        recipients,
        channels: command.channels ?? ['email'],
        previews: (['sv', 'en'] as const).map((language) => ({
          language,
          email: { subject: `${command.subject} – Ale kommun`, text: `${command.body}\n\nAvsluta: https://x`, html: '<p></p>' },
          sms: { text: command.body, encoding: /\p{Extended_Pictographic}/u.test(command.body) ? ('UCS-2' as const) : ('GSM-7' as const), units: command.body.length, segments: 1 },
        })),
      },
    }),
    send: async (_token, _m, command) => {
      sent.push(command);
      return recipients === 0 ? { kind: 'invalid', fields: ['filter'] } : { kind: 'sent', broadcastId: BROADCAST, recipients };
    },
    progress: async (_token, _m, id) =>
      id === BROADCAST
        ? { id, subject: 'Inbrott', category: 'information', channels: ['email', 'sms'], recipients: 12, messages: 24, createdAt: '2026-12-02T10:00:00.000Z', status: 'fanning-out', totals: [{ channel: 'email', status: 'sent', count: 10 }, { channel: 'sms', status: 'delivered', count: 3 }, { channel: 'email', status: 'failed', count: 1 }] }
        : null,
  };
  const cookie = coordinatorCookie('ale', 'token');
  const http = () => request(app.getHttpServer());

  /** The form page's cookies and CSRF token, to post as the browser would. */
  async function formSession(lang: 'sv' | 'en' = 'sv') {
    const form = await http().get(`/ale/samordnare/utskick?lang=${lang}`).set('cookie', cookie).expect(200);
    const cookies = [cookie, ...(form.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0])].join('; ');
    return { cookies, csrf: /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!, html: form.text };
  }

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3697', LOG_LEVEL: 'silent', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(ENROLMENT_API)
      .useValue({ areas: async () => ({ kind: 'ok', value: [{ id: 'centrum', name: 'Centrum' }, { id: 'norra', name: 'Norra' }] }) } as unknown as EnrolmentApi)
      .overrideProvider(AREA_MESSAGES_API)
      .useValue(api)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    sent.length = 0;
    recipients = 12;
  });

  it('shows the form with the areas (sv, en) and refuses another municipality’s coordinator', async () => {
    const { html } = await formSession('sv');
    expect(html).toContain('Skicka områdesinformation');
    expect(html).toMatch(/<input[^>]+id="areaIds"[^>]+name="areaIds"[^>]+value="centrum"/);
    expect(html).not.toMatch(/<script/);
    expect((await formSession('en')).html).toContain('Send area information');
    await http().get('/ale/samordnare/utskick').set('cookie', coordinatorCookie('trollhattan', 'token')).expect(403);
  });

  it('a post without the CSRF token is refused', async () => {
    const { cookies } = await formSession();
    const res = await http().post('/ale/samordnare/utskick').set('cookie', cookies).type('form').send({ title: 'Inbrott', text: 'Håll utkik', email: 'yes', areaIds: 'centrum' });
    expect(res.status).toBe(403);
    expect(sent).toHaveLength(0);
  });

  it('shows the errors next to the fields, then previews the email and the SMS with its segments, then sends and shows the progress', async () => {
    const { cookies, csrf } = await formSession();
    const bad = await http().post('/ale/samordnare/utskick/forhandsgranska').set('cookie', cookies).type('form').send({ _csrf: csrf, title: '', text: '' });
    expect(bad.status).toBe(400);
    for (const [id, text] of [['title', 'Skriv en rubrik'], ['text', 'Skriv ett meddelande'], ['channels', 'Välj e-post, SMS eller båda'], ['areaIds', 'Välj minst ett område']]) {
      expect(bad.text).toContain(`href="#${id}">${text}`);
      expect(bad.text).toMatch(new RegExp(`id="${id}-error"[^>]*>[\\s\\S]*?${text}`));
    }

    const form = { _csrf: csrf, title: 'Inbrott på Storgatan', text: 'Håll utkik i kväll 🚨', email: 'yes', sms: 'yes', urgent: 'yes', areaIds: ['centrum', 'norra'] };
    const preview = await http().post('/ale/samordnare/utskick/forhandsgranska').set('cookie', cookies).type('form').send(form).expect(200);
    expect(preview.text).toContain('Når 12 mottagare.');
    expect(preview.text).toContain('E-post: Inbrott på Storgatan – Ale kommun');
    expect(preview.text).toContain('21 tecken, antal SMS-delar: 1 (UCS-2)');
    expect(preview.text).toMatch(/<input type="hidden" name="areaIds" value="norra">/);
    expect(sent).toHaveLength(0);

    const done = await http().post('/ale/samordnare/utskick').set('cookie', cookies).type('form').send(form).expect(303);
    expect(done.headers['location']).toBe(`/ale/samordnare/utskick/${BROADCAST}?skickat=12`);
    expect(sent).toEqual([{ subject: 'Inbrott på Storgatan', body: 'Håll utkik i kväll 🚨', category: 'urgent', channels: ['email', 'sms'], filter: { areaIds: ['centrum', 'norra'] }, audience: 'members', delivery: 'direct' }]);

    const page = await http().get(done.headers['location']!).set('cookie', cookie).expect(200);
    expect(page.text).toContain('Meddelandet skickas nu till 12 mottagare.');
    const rows = [...page.text.matchAll(/<tr class="govuk-table__row">\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>([^<]*)<\/td>/g)].map((r) => [r[1], r[2], r[3]]);
    expect(rows).toEqual([['E-post', 'Skickat', '10'], ['SMS (till dem som har valt SMS)', 'Levererat', '3'], ['E-post', 'Misslyckades', '1']]);
    await http().get('/ale/samordnare/utskick/00000000-0000-4000-8000-000000000000').set('cookie', cookie).expect(404);
  });

  it('a message to areas with nobody in them: the error is next to the areas', async () => {
    recipients = 0;
    const { cookies, csrf } = await formSession('en');
    const res = await http().post('/ale/samordnare/utskick?lang=en').set('cookie', cookies).type('form').send({ _csrf: csrf, title: 'Burglaries', text: 'Keep watch', email: 'yes', areaIds: 'norra' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#areaIds">There is no recipient in the chosen areas');
  });
});
