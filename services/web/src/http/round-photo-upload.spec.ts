import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { FEEDBACK_SINK } from '../application/feedback';
import { type NewFinding, type ParticipantRound, ROUNDS_API, type RoundsApi } from '../application/rounds-api';
import { loadWebConfig } from '../config';
import { PHOTO_MAX_BYTES, photoTypeOf, photoUploadOf } from '../domain/photo-upload';
import { TEST_SESSION_SECRET } from '../../test/signed-in';

// The participant's finding form with an optional photo (multipart/form-data, no JavaScript): the CSRF token is
// checked for a multipart post too; a photo goes to volunteers after the finding; too large or not an image → the
// error next to the field naming the limit (400), nothing recorded, never a 500.

const ROUND = '0b7c2f4e-6a1d-4c3e-9f8a-2d3e4f5a6b7c';
const FINDING = '1c8d3a5f-7b2e-4d4f-8a9b-3e4f5a6b7c8d';
const PARTICIPANT = 'P'.repeat(43);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 1), Buffer.from([0xff, 0xd9])]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(20)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(20)]);

describe('photo type and size', () => {
  it('tells JPEG, PNG and WebP by their bytes, and nothing else', () => {
    expect([JPEG, PNG, WEBP].map(photoTypeOf)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect(photoTypeOf(Buffer.from('GIF89a'))).toBeNull();
    expect(photoTypeOf(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(photoTypeOf(Buffer.alloc(0))).toBeNull();
  });

  it('an empty file field is no photo; over 5 MB is too large', () => {
    expect(photoUploadOf(undefined)).toEqual({ kind: 'none' });
    expect(photoUploadOf({ buffer: Buffer.alloc(0), size: 0, originalname: '' })).toEqual({ kind: 'none' });
    expect(photoUploadOf({ buffer: Buffer.alloc(0), size: PHOTO_MAX_BYTES + 1, originalname: 'x.jpg' })).toEqual({ kind: 'refused', reason: 'too-large' });
    expect(photoUploadOf({ buffer: Buffer.from('hello'), size: 5, originalname: 'x.jpg' })).toEqual({ kind: 'refused', reason: 'not-an-image' });
    expect(photoUploadOf({ buffer: PNG, size: PNG.length, originalname: 'x.png' })).toMatchObject({ kind: 'photo', type: 'image/png' });
  });
});

describe('the finding form with a photo (HTTP edge, volunteers faked through its port)', () => {
  let app: INestApplication;
  const recorded: NewFinding[] = [];
  const photos: Array<{ findingId: string; type: string; size: number }> = [];
  let volunteersRefusesPhoto = false;
  const round: ParticipantRound = { municipalityId: 'trollhattan', roundId: ROUND, district: 'Kronogården', plannedDate: '2026-05-12', meetingPoint: 'Torget', status: 'held', answer: 'yes', acceptsFindings: true };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const notUsed = async (): Promise<never> => {
      throw new Error('not used here');
    };
    const api: RoundsApi = {
      protocol: notUsed,
      rounds: notUsed,
      round: notUsed,
      plan: notUsed,
      invite: notUsed,
      changeStatus: notUsed,
      assign: notUsed,
      answer: notUsed,
      owner: notUsed,
      close: notUsed,
      participant: async (token) => (token === PARTICIPANT ? { kind: 'ok', value: round } : { kind: 'token_invalid' }),
      recordFinding: async (_token, finding) => {
        recorded.push(finding);
        return { kind: 'ok', value: { findingId: FINDING } };
      },
      addPhoto: async (_token, findingId, photo) => {
        if (volunteersRefusesPhoto) return { kind: 'invalid', fields: [{ field: 'photo', message: 'must be a JPEG, PNG or WebP image of at most 5 MB' }] };
        photos.push({ findingId, type: photo.type, size: photo.bytes.length });
        return { kind: 'ok', value: { findingId } };
      },
    };
    const config = loadWebConfig({ PORT: '3725', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
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

  async function form() {
    const page = await http().get(`/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}`).expect(200);
    return { page, cookie: (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; '), csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1]! };
  }
  const finding = { address: 'Storgatan 1', category: 'lighting', description: 'Trasig lampa', responsibleOrganisation: 'Gatuavdelningen' };
  const post = (cookie: string, fields: Record<string, string>, file?: { bytes: Buffer; name: string; type: string }) => {
    let req = http().post(`/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}/brist`).set('cookie', cookie);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return file ? req.attach('photo', file.bytes, { filename: file.name, contentType: file.type }) : req;
  };

  it('the form is multipart with the photo field, its label naming the limit (sv and en)', async () => {
    const { page } = await form();
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toMatch(/<input[^>]+type="file"[^>]+name="photo"|<input[^>]+name="photo"[^>]+type="file"/);
    expect(page.text).toContain('Foto (frivilligt, JPEG, PNG eller WebP, högst 5 MB)');
    expect(page.text).toContain('accept="image/jpeg,image/png,image/webp"');
    const en = await http().get(`/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}?lang=en`).expect(200);
    expect(en.text).toContain('Photo (optional, JPEG, PNG or WebP, at most 5 MB)');
  });

  it('refuses a multipart post without the CSRF token (403), and records nothing', async () => {
    const { cookie } = await form();
    await post(cookie, finding, { bytes: JPEG, name: 'lampa.jpg', type: 'image/jpeg' }).expect(403);
    await post(cookie, { ...finding, _csrf: 'forged' }, { bytes: JPEG, name: 'lampa.jpg', type: 'image/jpeg' }).expect(403);
    expect(recorded).toEqual([]);
  });

  it('records the finding, then sends the photo to volunteers; without a photo only the finding', async () => {
    const { cookie, csrf } = await form();
    const ok = await post(cookie, { _csrf: csrf, ...finding }, { bytes: JPEG, name: 'lampa.jpg', type: 'image/jpeg' }).expect(303);
    expect(ok.headers['location']).toBe(`/trollhattan/trygghetsrond/deltagare/${PARTICIPANT}?klart=brist`);
    expect(recorded).toHaveLength(1);
    expect(photos).toEqual([{ findingId: FINDING, type: 'image/jpeg', size: JPEG.length }]);
    // A WebP named .jpg and claimed as text: the bytes decide.
    await post(cookie, { _csrf: csrf, ...finding }, { bytes: WEBP, name: 'bild.jpg', type: 'text/plain' }).expect(303);
    expect(photos.at(-1)).toMatchObject({ type: 'image/webp' });
    // The empty file input of a form sent without a photo.
    await post(cookie, { _csrf: csrf, ...finding }, { bytes: Buffer.alloc(0), name: '', type: 'application/octet-stream' }).expect(303);
    await post(cookie, { _csrf: csrf, ...finding }).expect(303);
    expect(recorded).toHaveLength(4);
    expect(photos).toHaveLength(2);
  });

  it('a file over 5 MB: the form again with the error at the field naming the limit, nothing recorded (sv and en)', async () => {
    const { cookie, csrf } = await form();
    const before = recorded.length;
    const big = Buffer.concat([JPEG.subarray(0, 4), Buffer.alloc(PHOTO_MAX_BYTES)]);
    const page = await post(cookie, { _csrf: csrf, ...finding }, { bytes: big, name: 'stor.jpg', type: 'image/jpeg' }).expect(400);
    expect(page.text).toContain('href="#photo"');
    expect(page.text).toContain('id="photo-error"');
    expect(page.text).toContain('Fotot är för stort. Det får vara högst 5 MB.');
    expect(page.text).toContain('value="Storgatan 1"'); // the rest of the form kept
    const en = await post(`${cookie}; ts_lang=en`, { _csrf: csrf, ...finding }, { bytes: big, name: 'big.jpg', type: 'image/jpeg' }).expect(400);
    expect(en.text).toContain('The photo is too large. It must be at most 5 MB.');
    expect(recorded.length).toBe(before);
  });

  it('a file that is not an image: the error at the field naming the types and the limit, nothing recorded', async () => {
    const { cookie, csrf } = await form();
    const before = recorded.length;
    const page = await post(cookie, { _csrf: csrf, ...finding }, { bytes: Buffer.from('%PDF-1.7 not a photo'), name: 'lampa.jpg', type: 'image/jpeg' }).expect(400);
    expect(page.text).toContain('Filen är inte en bild. Välj ett foto i JPEG, PNG eller WebP, högst 5 MB.');
    expect(page.text).toContain('href="#photo"');
    expect(recorded.length).toBe(before);
  });

  it('volunteers refuses the photo after the finding was recorded: said at the field, never a 500', async () => {
    const { cookie, csrf } = await form();
    volunteersRefusesPhoto = true;
    try {
      const page = await post(cookie, { _csrf: csrf, ...finding }, { bytes: PNG, name: 'x.png', type: 'image/png' }).expect(400);
      expect(page.text).toContain('Det du rapporterade är sparat, men fotot kunde inte sparas.');
    } finally {
      volunteersRefusesPhoto = false;
    }
  });
});
