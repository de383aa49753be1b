import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { AllExceptionsFilter } from '@trygg/service-kit';
import { TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { TestIssuer } from '@trygg/testing';
import { buildWorld, httpFeatureModules, LINKS_SECRET } from '../../test/fakes';

/** A small deterministic generator of hostile JSON: wrong types, huge and odd strings, nesting, near-valid forms. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const strings = ['', ' ', 'ale', '449 30', '44930', '12B', 'a@b.se', '<script>', '\u0000', '=1+1', 'x'.repeat(5000), '😀', 'Å'.repeat(300), '__proto__', 'constructor', '070-123 45 67', '+4670', 'join', 'contact-person', 'en'];
  const value = (depth: number): unknown => {
    const kind = pick(depth > 2 ? ['s', 'n', 'b', 'null'] : ['s', 'n', 'b', 'null', 'arr', 'obj', 'obj']);
    if (kind === 's') return pick(strings);
    if (kind === 'n') return pick([0, -1, 1e308, 3.5, Number.MAX_SAFE_INTEGER]);
    if (kind === 'b') return next() < 0.5;
    if (kind === 'null') return null;
    if (kind === 'arr') return [value(depth + 1), value(depth + 1)];
    const keys = ['municipalityId', 'name', 'email', 'mobile', 'smsOptIn', 'address', 'street', 'number', 'postcode', 'city', 'intent', 'protectedIdentity', 'language', 'token', 'kind', 'registrationId', 'personId', 'csv', 'coordinates', 'lon', 'lat', '__proto__'];
    return Object.fromEntries(Array.from({ length: 1 + Math.floor(next() * 6) }, () => [pick(keys), value(depth + 1)]));
  };
  const nearlyValidForm = () => ({
    municipalityId: pick(['ale', 'atlantis', '', 'ALE']),
    name: pick(strings),
    email: pick(strings),
    mobile: pick([...strings, null]),
    smsOptIn: pick([true, false, 'yes']),
    address: pick([{ street: pick(strings), number: pick(strings), postcode: pick(strings), city: pick([...strings, null]) }, null, 'Storgatan 1', []]),
    intent: pick(['join', 'start-group', 'contact-person', 'x']),
    protectedIdentity: pick([true, false, 1]),
    language: pick(['sv', 'en', 'de']),
  });
  return { value, nearlyValidForm, pick };
}

describe('hostile input never causes a 500', () => {
  let app: INestApplication;
  const world = buildWorld();
  let issuer: TestIssuer;
  let coordinator: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start('/ale');
    coordinator = await issuer.token({ sub: 'samordnare.ale', groups: [TEST_GROUPS.coordinator] });
    const moduleRef = await httpFeatureModules(world, testTrustedIssuers({ ale: issuer })).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new AllExceptionsFilter(createLogger('test', 'silent')));
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('answers every generated body on every public and internal endpoint with a 2xx or 4xx', async () => {
    const { value, nearlyValidForm, pick } = generator(20261126);
    const statuses = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const body = i % 2 === 0 ? nearlyValidForm() : value(0);
      const target = pick([
        () => request(app.getHttpServer()).post('/registrations'),
        () => request(app.getHttpServer()).post('/confirmations'),
        () => request(app.getHttpServer()).post('/internal/links').set({ authorization: `Bearer ${LINKS_SECRET}`, 'x-internal-caller': 'notifications' }),
        () => request(app.getHttpServer()).patch(`/self-service/${'A'.repeat(43)}`),
        () => request(app.getHttpServer()).post('/staff/ale/import?dryRun=true').set('authorization', `Bearer ${coordinator}`),
      ]);
      const res = await target().set('content-type', 'application/json').send(JSON.stringify(body));
      statuses.add(res.status);
      if (res.status >= 500) throw new Error(`500 for ${JSON.stringify(body).slice(0, 300)}: ${JSON.stringify(res.body)}`);
    }
    expect([...statuses].every((s) => s < 500)).toBe(true);
    expect(statuses.has(400)).toBe(true);
  });
});
