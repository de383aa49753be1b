import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import type { TrustedIssuer } from '@trygg/auth';
import { AllExceptionsFilter } from '@trygg/service-kit';
import { TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { IDP_GROUPS, TestIssuer } from '@trygg/testing';
import { buildWorld, httpFeatureModules, LINKS_SECRET } from '../../test/fakes';
import { parseCsv } from '../domain/csv';

/** The headers of a request with this bearer token. */
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** notifications calling /internal/links with its own secret. */
const NOTIFICATIONS = { authorization: `Bearer ${LINKS_SECRET}`, 'x-internal-caller': 'notifications' };

let issuers: Record<'ale' | 'trollhattan' | 'lilla-edet', TestIssuer>;
let trusted: TrustedIssuer[];
/** Access tokens of the people in these specs (minted once; valid for 5 minutes). */
const tokens: Record<'ale' | 'aleProtected' | 'trollhattan' | 'lillaEdet' | 'dpoAle' | 'dpoTrollhattan' | 'admin', string> = {} as never;

beforeAll(async () => {
  const [ale, trollhattan, lillaEdet] = await Promise.all([TestIssuer.start('/ale'), TestIssuer.start('/trollhattan'), TestIssuer.start('/lilla-edet')]);
  issuers = { ale, trollhattan, 'lilla-edet': lillaEdet };
  trusted = testTrustedIssuers(issuers);
  tokens.ale = await ale.token({ sub: 'samordnare.ale', name: 'Samordnare Ale', groups: [TEST_GROUPS.coordinator] });
  tokens.aleProtected = await ale.token({ sub: 'behorig.ale', name: 'Behörig Ale', groups: [TEST_GROUPS.coordinator, IDP_GROUPS['protected-identity']] });
  tokens.trollhattan = await trollhattan.token({ sub: 'samordnare.trollhattan', name: 'Samordnare Trollhättan', groups: [TEST_GROUPS.coordinator] });
  tokens.lillaEdet = await lillaEdet.token({ sub: 'samordnare.lillaedet', name: 'Samordnare Lilla Edet', groups: [TEST_GROUPS.coordinator] });
  tokens.dpoAle = await ale.token({ sub: 'dso.ale', name: 'Dataskyddsombud Ale', groups: [TEST_GROUPS['data-protection-officer']] });
  tokens.dpoTrollhattan = await trollhattan.token({ sub: 'dso.trollhattan', name: 'Dataskyddsombud Trollhättan', groups: [TEST_GROUPS['data-protection-officer']] });
  tokens.admin = await ale.token({ sub: 'admin', name: 'Admin', groups: [TEST_GROUPS.admin] });
});
afterAll(() => Promise.all(Object.values(issuers).map((i) => i.close())));

async function startApp(world: ReturnType<typeof buildWorld>): Promise<INestApplication> {
  const moduleRef = await httpFeatureModules(world, trusted).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new AllExceptionsFilter(createLogger('test', 'silent')));
  await app.init();
  return app;
}

const form = (overrides: Record<string, unknown> = {}) => ({
  municipalityId: 'ale',
  name: 'Anna Andersson',
  email: 'anna@example.se',
  address: { street: 'Storgatan', number: '12', postcode: '44930', city: 'Nödinge' },
  intent: 'join',
  ...overrides,
});

describe('the enrolment HTTP API', () => {
  let world: ReturnType<typeof buildWorld>;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const staff = (path: string, token = tokens.ale) => http().get(`/staff/ale${path}`).set(bearer(token));
  const link = (body: object) => http().post('/internal/links').set(NOTIFICATIONS).send(body);
  const tokenOf = (url: string) => url.split('/').at(-1)!;

  beforeEach(async () => {
    world = buildWorld();
    app = await startApp(world);
  });
  afterEach(() => app.close());

  describe('POST /registrations', () => {
    it('answers 202 { status: submitted } alike for a new registration and a repeat, storing one', async () => {
      const first = await http().post('/registrations').send(form()).expect(202);
      const again = await http().post('/registrations').send(form({ email: 'ANNA@example.se' })).expect(202);
      expect(first.body).toEqual({ status: 'submitted' });
      expect(again.body).toEqual(first.body);
      expect(world.registrations.byId.size).toBe(1);
      expect(world.log.types()).toEqual(['enrolment.registration-submitted.v1', 'enrolment.registration-submitted.v1']);
    });

    it('names each bad field in Swedish with a stable code, and stores nothing', async () => {
      const res = await http()
        .post('/registrations')
        .send(form({ email: 'anna(at)example.se', mobile: '123', address: { street: 'Storgatan', number: 'tolv', postcode: '4493' }, intent: 'maybe', personnummer: '19500101-1234' }))
        .expect(400);
      expect(res.body.error).toBe('validation_failed');
      expect(res.body.fields).toEqual([
        { field: 'email', code: 'invalid_email', message: 'E-postadress är inte giltig. Skriv den som namn@exempel.se.' },
        { field: 'mobile', code: 'invalid_mobile', message: 'Mobilnummer är inte ett giltigt telefonnummer. Skriv till exempel 070-123 45 67.' },
        { field: 'address.number', code: 'invalid_street_number', message: 'Gatunummer ska börja med en siffra, till exempel 12 eller 12B.' },
        { field: 'address.postcode', code: 'invalid_postcode', message: 'Postnummer ska vara fem siffror, till exempel 449 30.' },
        { field: 'intent', code: 'invalid_choice', message: 'Vad du vill göra: välj ett av alternativen.' },
        { field: 'personnummer', code: 'unknown_field', message: 'personnummer är inte ett fält i formuläret.' },
      ]);
      expect(world.registrations.byId.size).toBe(0);
      expect(world.log.events).toEqual([]);
    });

    it('answers in English when the form is in English, and names missing fields', async () => {
      const res = await http().post('/registrations').send({ municipalityId: 'ale', language: 'en' }).expect(400);
      expect(res.body.fields).toEqual([
        { field: 'name', code: 'required', message: 'Name is required.' },
        { field: 'email', code: 'required', message: 'Email address is required.' },
        { field: 'address', code: 'required', message: 'Address is required.' },
        { field: 'intent', code: 'required', message: 'What you want to do is required.' },
      ]);
    });

    it('names an unknown municipality', async () => {
      const res = await http().post('/registrations').send(form({ municipalityId: 'atlantis' })).expect(400);
      expect(res.body.fields).toEqual([{ field: 'municipalityId', code: 'unknown_municipality', message: 'Kommun finns inte.' }]);
    });

    it('stores HTML in an address as the text it is', async () => {
      await http().post('/registrations').send(form({ address: { street: '<script>alert(1)</script>', number: '1', postcode: '449 30' } })).expect(202);
      expect([...world.registrations.byId.values()][0]!.address.street).toBe('<script>alert(1)</script>');
    });

    it.each([
      ['Anna https://bankid-verify.com', 'looks_like_link', 'Namn får inte innehålla en webbadress, e-postadress eller länk.'],
      ['Anna <a href="x">', 'looks_like_link', 'Namn får inte innehålla en webbadress, e-postadress eller länk.'],
      ['Anna\nLogga in', 'control_characters', 'Namn innehåller tecken som inte är tillåtna.'],
      ['Anna \u202Eesrever', 'control_characters', 'Namn innehåller tecken som inte är tillåtna.'],
    ])('refuses the name %j naming the field, storing nothing', async (name, code, message) => {
      const res = await http().post('/registrations').send(form({ name })).expect(400);
      expect(res.body.fields).toEqual([{ field: 'name', code, message }]);
      expect(world.registrations.byId.size).toBe(0);
    });

    it.each([['[1,2]'], ['"text"'], ['null'], ['{"municipalityId":1}']])('answers 400, never 500, for the body %s', async (body) => {
      await http().post('/registrations').set('content-type', 'application/json').send(body).expect(400);
      expect(world.registrations.byId.size).toBe(0);
    });
  });

  describe('links and confirmation', () => {
    it('refuses /internal/links without notifications\' secret, with a wrong one, from another caller or with a staff token', async () => {
      const body = { kind: 'self-service', personId: '00000000-0000-4000-8000-000000000000' };
      await http().post('/internal/links').send(body).expect(401);
      await http().post('/internal/links').set({ ...NOTIFICATIONS, authorization: 'Bearer wrong-secret-wrong-secret-wrong-secret' }).send(body).expect(401);
      await http().post('/internal/links').set({ ...NOTIFICATIONS, 'x-internal-caller': 'web' }).send(body).expect(401);
      await http().post('/internal/links').set(bearer(tokens.ale)).send(body).expect(401);
      await http().post('/internal/links').set('x-internal-token', LINKS_SECRET).send(body).expect(401);
    });

    it('issues a confirmation link that confirms once, then answers 410 token_used', async () => {
      await http().post('/registrations').send(form()).expect(202);
      const registrationId = [...world.registrations.byId.keys()][0]!;
      const issued = await link({ kind: 'confirmation', registrationId }).expect(200);
      expect(issued.body.url).toMatch(/^https:\/\/trygg\.example\/ale\/grannsamverkan\/bekrafta\/[A-Za-z0-9_-]{43}$/);
      const token = tokenOf(issued.body.url);
      const confirmed = await http().post('/confirmations').send({ municipalityId: 'ale', token }).expect(200);
      expect(confirmed.body).toMatchObject({ status: 'confirmed', intent: 'join', placement: { kind: 'placed', area: { id: 'storgatan' } } });
      const used = await http().post('/confirmations').send({ municipalityId: 'ale', token }).expect(410);
      expect(used.body).toMatchObject({ error: 'token_used' });
      await link({ kind: 'confirmation', registrationId }).expect(409, { statusCode: 409, error: 'already_confirmed', message: 'already_confirmed' });
    });

    it('answers 410 token_expired after 7 days, 404 token_invalid for a made-up token and 404 not_found for an unknown registration', async () => {
      await http().post('/registrations').send(form()).expect(202);
      const registrationId = [...world.registrations.byId.keys()][0]!;
      const token = tokenOf((await link({ kind: 'confirmation', registrationId })).body.url);
      world.clock.advanceDays(8);
      expect((await http().post('/confirmations').send({ municipalityId: 'ale', token }).expect(410)).body.error).toBe('token_expired');
      expect((await http().post('/confirmations').send({ municipalityId: 'ale', token: 'A'.repeat(43) }).expect(404)).body.error).toBe('token_invalid');
      expect((await link({ kind: 'confirmation', registrationId: '00000000-0000-4000-8000-000000000000' }).expect(404)).body.error).toBe('not_found');
      expect((await link({ kind: 'other' }).expect(400)).body.fields[0].field).toBe('kind');
    });
  });

  describe('self-service', () => {
    async function confirmedResident(overrides: Record<string, unknown> = {}) {
      await http().post('/registrations').send(form(overrides)).expect(202);
      const registration = [...world.registrations.byId.values()].at(-1)!;
      const token = tokenOf((await link({ kind: 'confirmation', registrationId: registration.id })).body.url);
      await http().post('/confirmations').send({ municipalityId: 'ale', token }).expect(200);
      const selfToken = tokenOf((await link({ kind: 'self-service', personId: registration.personId }).expect(200)).body.url);
      return { registration, selfToken };
    }

    it('shows everything stored, and takes corrections with the form’s validation', async () => {
      const { registration, selfToken } = await confirmedResident();
      const view = await http().get(`/self-service/${selfToken}`).expect(200);
      expect(view.body).toMatchObject({
        personId: registration.personId,
        name: 'Anna Andersson',
        email: 'anna@example.se',
        registrations: [{ registrationId: registration.id, status: 'confirmed', address: { street: 'Storgatan', number: '12', postcode: '449 30', city: 'Nödinge' } }],
        memberships: [{ areaId: 'storgatan', role: 'member', groupStatus: 'forming' }],
        retention: { mode: 'anonymise-now' },
      });
      const bad = await http().patch(`/self-service/${selfToken}`).send({ mobile: 'abc' }).expect(400);
      expect(bad.body.fields[0]).toMatchObject({ field: 'mobile', code: 'invalid_mobile' });
      const corrected = await http().patch(`/self-service/${selfToken}`).send({ mobile: '0701234567', smsOptIn: true, name: 'Anna B Andersson' }).expect(200);
      expect(corrected.body).toMatchObject({ mobile: '+46701234567', smsOptIn: true, name: 'Anna B Andersson' });
      expect(world.log.ofType('enrolment.resident-details-changed.v1').at(-1)!.payload).toMatchObject({ personId: registration.personId, mobile: '+46701234567', smsOptIn: true });
    });

    it('shows the contact person and the coordinator whose email does not work (stale contacts), and no address', async () => {
      const kim = await confirmedResident({ email: 'kim@example.se', name: 'Kim Kontakt', intent: 'contact-person', address: { street: 'Storgatan', number: '1', postcode: '449 30' } });
      const lo = await confirmedResident({ email: 'lo@example.se', name: 'Lo Medlem', address: { street: 'Storgatan', number: '3', postcode: '449 30' } });
      const groupId = [...world.groups.byId.keys()][0]!;
      const nominationId = world.log.ofType('enrolment.contact-person-nominated.v1')[0]!.payload['nominationId'] as string;
      await world.onboarding.execute({ eventId: 'e1', municipalityId: 'ale', correlationId: 'c', subject: { kind: 'contact-person', id: nominationId, personId: kim.registration.personId }, outcome: 'approved', reason: null });
      await world.emailReachability.execute({ municipalityId: 'ale', personId: lo.registration.personId, working: false, changedAt: new Date('2026-11-20T10:00:00Z') });

      const list = await http().get(`/self-service/${kim.selfToken}/groups/${groupId}/households`).expect(200);
      expect(list.body.members.map((m: { name: string; emailNotWorking: boolean }) => [m.name, m.emailNotWorking])).toEqual([
        ['Kim Kontakt', false],
        ['Lo Medlem', true],
      ]);
      expect(JSON.stringify(list.body)).not.toContain('lo@example.se');

      const page = await staff(`/groups/${groupId}`).expect(200);
      expect(page.body.members.map((m: { name: string; emailNotWorkingSince: string | null }) => [m.name, m.emailNotWorkingSince])).toEqual([
        ['Kim Kontakt', null],
        ['Lo Medlem', '2026-11-20T10:00:00.000Z'],
      ]);
      const csv = await staff(`/groups/${groupId}/members.csv`).expect(200);
      const rows = parseCsv(csv.text);
      expect(rows[0]!.at(-1)).toBe('E-post fungerar inte');
      expect(rows.find((r) => r[0] === 'Lo Medlem')!.at(-1)).toBe('ja');
      expect(rows.find((r) => r[0] === 'Kim Kontakt')!.at(-1)).toBe('');

      // A new address that works clears it (notifications tells, newer than the bounce).
      await world.emailReachability.execute({ municipalityId: 'ale', personId: lo.registration.personId, working: true, changedAt: new Date('2026-11-21T10:00:00Z') });
      const after = await http().get(`/self-service/${kim.selfToken}/groups/${groupId}/households`).expect(200);
      expect(after.body.members.every((m: { emailNotWorking: boolean }) => !m.emailNotWorking)).toBe(true);
    });

    it('gives the approved contact person the household list, with households that said no and no contact details', async () => {
      const kim = await confirmedResident({ email: 'kim@example.se', name: 'Kim Kontakt', intent: 'contact-person', address: { street: 'Storgatan', number: '1', postcode: '449 30' } });
      const lo = await confirmedResident({ email: 'lo@example.se', name: 'Lo Medlem', address: { street: 'Storgatan', number: '3', postcode: '449 30' } });
      const groupId = [...world.groups.byId.keys()][0]!;
      const nominationId = world.log.ofType('enrolment.contact-person-nominated.v1')[0]!.payload['nominationId'] as string;
      await http().get(`/self-service/${kim.selfToken}/groups/${groupId}/households`).expect(409);
      await world.onboarding.execute({ eventId: 'e1', municipalityId: 'ale', correlationId: 'c', subject: { kind: 'contact-person', id: nominationId, personId: kim.registration.personId }, outcome: 'approved', reason: null });

      await http().post(`/self-service/${kim.selfToken}/groups/${groupId}/households`).send({ address: { street: 'Storgatan', number: '5', postcode: '449 30' }, name: 'Nej Tack' }).expect(400);
      const added = await http().post(`/self-service/${kim.selfToken}/groups/${groupId}/households`).send({ address: { street: 'Storgatan', number: '5', postcode: '449 30' } }).expect(201);
      const list = await http().get(`/self-service/${kim.selfToken}/groups/${groupId}/households`).expect(200);
      expect(list.body).toEqual({
        group: { id: groupId, name: 'Storgatan 1', status: 'active', coverage: expect.objectContaining({ joined: 2, declined: 1 }) },
        members: [
          { memberId: expect.any(String), personId: kim.registration.personId, name: 'Kim Kontakt', address: { street: 'Storgatan', number: '1', postcode: '449 30', city: null }, role: 'contact-person', joinedAt: expect.any(String), emailNotWorking: false },
          { memberId: expect.any(String), personId: lo.registration.personId, name: 'Lo Medlem', address: { street: 'Storgatan', number: '3', postcode: '449 30', city: null }, role: 'member', joinedAt: expect.any(String), emailNotWorking: false },
        ],
        hiddenMembers: 0,
        declinedHouseholds: [{ id: added.body.id, address: { street: 'Storgatan', number: '5', postcode: '449 30' } }],
      });
      expect((await http().get(`/self-service/${lo.selfToken}/groups/${groupId}/households`).expect(409)).body.error).toBe('not_contact_person');
      await http().delete(`/self-service/${kim.selfToken}/groups/${groupId}/households/${added.body.id}`).expect(204);
      expect((await http().get(`/self-service/${kim.selfToken}/groups/${groupId}/households`).expect(200)).body.declinedHouseholds).toEqual([]);
      expect(world.audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['household-declined', 'household-removed']));

      const loMember = list.body.members.find((m: { name: string }) => m.name === 'Lo Medlem');
      expect((await http().post(`/self-service/${kim.selfToken}/groups/${groupId}/hand-over`).send({ toMemberId: 'nobody' }).expect(400)).body.fields[0]).toMatchObject({ field: 'toMemberId', code: 'unknown_member' });
      await http().post(`/self-service/${lo.selfToken}/groups/${groupId}/hand-over`).send({ toMemberId: loMember.memberId }).expect(409);
      await http().post(`/self-service/${kim.selfToken}/groups/${groupId}/hand-over`).send({ toMemberId: loMember.memberId }).expect(200, { outcome: 'nominated' });
    });

    it('lets the resident leave the group', async () => {
      const { registration, selfToken } = await confirmedResident();
      const res = await http().post(`/self-service/${selfToken}/leave`).send({}).expect(200);
      expect(res.body.left).toHaveLength(1);
      expect(world.log.ofType('enrolment.member-left.v1')[0]!.payload).toMatchObject({ personId: registration.personId, reason: 'self' });
      expect((await http().get(`/self-service/${selfToken}`).expect(200)).body.memberships).toEqual([]);
    });

    it('erases the resident: anonymised, out of the group, every link dead', async () => {
      const { registration, selfToken } = await confirmedResident();
      const res = await http().post(`/self-service/${selfToken}/erase`).send({}).expect(200);
      expect(res.body).toMatchObject({ status: 'erased', mode: 'anonymise-now' });
      expect(world.log.ofType('enrolment.resident-erased.v1')[0]!.payload).toMatchObject({ personId: registration.personId });
      expect(world.log.ofType('enrolment.member-left.v1')[0]!.payload).toMatchObject({ reason: 'erased' });
      expect(world.registrations.byId.get(registration.id)).toMatchObject({ name: '', email: '', mobile: null, status: 'erased' });
      await http().get(`/self-service/${selfToken}`).expect(404);
      await link({ kind: 'self-service', personId: registration.personId }).expect(404);
    });
  });

  describe('the coordinator (signed in)', () => {
    /** Registers and confirms a household (placed in the municipality's Storgatan group); returns the group id. */
    const joined = async (m: string, email: string, name: string, number: string, protectedIdentity = false) => {
      await http().post('/registrations').send(form({ municipalityId: m, email, name, protectedIdentity, address: { street: 'Storgatan', number, postcode: '449 30' } })).expect(202);
      const registration = [...world.registrations.byId.values()].find((r) => r.email === email)!;
      const token = tokenOf((await link({ kind: 'confirmation', registrationId: registration.id })).body.url);
      await http().post('/confirmations').send({ municipalityId: m, token }).expect(200);
      return [...world.groups.byId.values()].find((g) => g.municipalityId === m)!.id;
    };

    it('needs a coordinator\'s token of the municipality named: none 401, another municipality\'s 403', async () => {
      await http().get('/staff/ale/groups').expect(401);
      await http().get('/staff/ale/groups').set(bearer(tokens.trollhattan)).expect(403);
      await http().get('/staff/ale/groups').set(bearer(tokens.dpoAle)).expect(403);
      await staff('/groups').expect(200, { groups: [] });
    });

    it('a Trollhättan coordinator reading a Lilla Edet group: 403 and no data; its id under Trollhättan: 404 and no data', async () => {
      const groupId = await joined('lilla-edet', 'lo@example.se', 'Lo Lillaedet', '5');
      const asTrollhattan = (path: string) => http().get(path).set(bearer(tokens.trollhattan));
      for (const path of [`/staff/lilla-edet/groups/${groupId}`, `/staff/lilla-edet/groups/${groupId}/members.csv`, '/staff/lilla-edet/groups', '/staff/lilla-edet/triage']) {
        const res = await asTrollhattan(path).expect(403);
        expect(JSON.stringify(res.body) + res.text).not.toMatch(/Lo Lillaedet|lo@example\.se|Storgatan/);
      }
      for (const path of [`/staff/trollhattan/groups/${groupId}`, `/staff/trollhattan/groups/${groupId}/members.csv`]) {
        const res = await asTrollhattan(path).expect(404);
        expect(JSON.stringify(res.body) + res.text).not.toMatch(/Lo Lillaedet|lo@example\.se|Storgatan/);
      }
      await http().patch(`/staff/trollhattan/groups/${groupId}`).set(bearer(tokens.trollhattan)).send({ signsUp: true }).expect(404);
      expect((await asTrollhattan('/staff/trollhattan/groups').expect(200)).body).toEqual({ groups: [] });
      // Lilla Edet's own coordinator sees it.
      const own = await http().get(`/staff/lilla-edet/groups/${groupId}`).set(bearer(tokens.lillaEdet)).expect(200);
      expect(own.body.members.map((m: { name: string }) => m.name)).toEqual(['Lo Lillaedet']);
    });

    it('shows a protected identity as "Skyddad person" (no address, email, mobile) unless the coordinator holds the permission; views are audited', async () => {
      await joined('ale', 'a@example.se', 'Anna Öppen', '1');
      const groupId = await joined('ale', 'b@example.se', 'Hemlig Person', '3', true);
      await http().post('/registrations').send(form({ email: 'c@example.se', name: 'Hemlig Triage', protectedIdentity: true, address: { street: 'Fjärran', number: '1', postcode: '999 99' } })).expect(202);
      const triaged = [...world.registrations.byId.values()].find((r) => r.email === 'c@example.se')!;
      await http().post('/confirmations').send({ municipalityId: 'ale', token: tokenOf((await link({ kind: 'confirmation', registrationId: triaged.id })).body.url) }).expect(200);

      const page = await staff(`/groups/${groupId}`).expect(200);
      expect(page.body).toMatchObject({ memberCount: 2, hiddenMembers: 1 });
      expect(page.body.members.map((m: object) => ({ ...m, memberId: undefined, personId: undefined, joinedAt: undefined }))).toEqual([
        expect.objectContaining({ name: 'Anna Öppen', email: 'a@example.se', protectedIdentity: false }),
        expect.objectContaining({ name: 'Skyddad person', email: null, mobile: null, address: null, protectedIdentity: true }),
      ]);
      const triage = await staff('/triage').expect(200);
      expect(triage.body.items).toEqual([expect.objectContaining({ registrationId: triaged.id, name: 'Skyddad person', email: null, mobile: null, address: null, protectedIdentity: true })]);
      const unpermitted = JSON.stringify([page.body, triage.body, (await staff('/groups').expect(200)).body, (await staff(`/groups/${groupId}/members.csv`).expect(200)).text]);
      expect(unpermitted).not.toMatch(/Hemlig|b@example\.se|c@example\.se|Fjärran|Storgatan;3/);
      expect(unpermitted).toContain('Skyddad person');

      const permitted = await staff(`/groups/${groupId}`, tokens.aleProtected).expect(200);
      expect(permitted.body.hiddenMembers).toBe(0);
      expect(permitted.body.members[1]).toMatchObject({ name: 'Hemlig Person', email: 'b@example.se', address: { street: 'Storgatan', number: '3' }, protectedIdentity: true });
      expect((await staff('/triage', tokens.aleProtected).expect(200)).body.items[0]).toMatchObject({ name: 'Hemlig Triage', email: 'c@example.se', address: { street: 'Fjärran' } });
      expect((await staff(`/groups/${groupId}/members.csv`, tokens.aleProtected).expect(200)).text).toContain('"Hemlig Person";"b@example.se"');

      const views = world.audit.entries.filter((e) => e.action.endsWith('-viewed') || e.action === 'members-exported');
      expect(views.map((e) => [e.action, e.actor.name, e.subject.kind])).toEqual([
        ['group-viewed', 'Samordnare Ale', 'group'],
        ['triage-viewed', 'Samordnare Ale', 'municipality'],
        ['groups-viewed', 'Samordnare Ale', 'municipality'],
        ['members-exported', 'Samordnare Ale', 'group'],
        ['group-viewed', 'Behörig Ale', 'group'],
        ['triage-viewed', 'Behörig Ale', 'municipality'],
        ['members-exported', 'Behörig Ale', 'group'],
      ]);
      expect(views[0]!.actor).toEqual({ subject: `${issuers.ale.issuer}#samordnare.ale`, name: 'Samordnare Ale', role: 'coordinator', scope: 'ale' });
    });

    it('exports a group’s members for Excel, a protected identity without details, neutralising formulas', async () => {
      for (const [email, name, number, protectedIdentity] of [
        ['a@example.se', '+Anna Andersson', '1', false],
        ['b@example.se', 'Hemlig Person', '3', true],
      ] as const) {
        await joined('ale', email, name, number, protectedIdentity);
      }
      const groupId = [...world.groups.byId.keys()][0]!;
      const res = await staff(`/groups/${groupId}/members.csv`).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="grupp-storgatan-1.csv"');
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).split('\r\n');
      expect(lines[0]).toBe('"Namn";"E-post";"Mobil";"Gatuadress";"Postnummer";"Ort";"Roll";"Gick med";"E-post fungerar inte"');
      expect(lines[1]).toBe(`"'+Anna Andersson";"a@example.se";"";"Storgatan 1";"449 30";"";"Medlem";"2026-11-26";""`);
      expect(lines[2]).toBe('"Skyddad person";"";"";"";"";"";"Medlem";"2026-11-26";""');
      expect(lines).toHaveLength(4); // header, two members, the final CRLF
      expect(world.audit.entries.at(-1)).toMatchObject({ action: 'members-exported', actor: { subject: `${issuers.ale.issuer}#samordnare.ale`, role: 'coordinator', scope: 'ale' } });
    });

    it('answers GET /audit to a data-protection officer with their municipality\'s records only, to an admin with all', async () => {
      const aleGroup = await joined('ale', 'a@example.se', 'Anna', '1');
      const leGroup = await joined('lilla-edet', 'l@example.se', 'Lo', '1');
      await staff(`/groups/${aleGroup}`).expect(200);
      await http().get(`/staff/lilla-edet/groups/${leGroup}`).set(bearer(tokens.lillaEdet)).expect(200);
      const audit = (token: string, query = '') => http().get(`/audit${query}`).set(bearer(token));
      await http().get('/audit').expect(401);
      await audit(tokens.ale).expect(403);
      const dpo = await audit(tokens.dpoAle, `?subject=${aleGroup}`).expect(200);
      expect(dpo.body.records.map((r: { action: string }) => r.action)).toEqual(['group-viewed']);
      expect(dpo.body.records[0]).toMatchObject({ actor: { subject: `${issuers.ale.issuer}#samordnare.ale`, role: 'coordinator', scope: 'ale' }, subject: { kind: 'group', id: aleGroup }, municipalityId: 'ale' });
      const byActor = await audit(tokens.dpoAle, `?actor=${encodeURIComponent(`${issuers.ale.issuer}#samordnare.ale`)}`).expect(200);
      expect(byActor.body.records).toHaveLength(1);
      // Another municipality's DPO sees nothing of Ale's, whatever the query.
      expect((await audit(tokens.dpoTrollhattan, `?subject=${aleGroup}`).expect(200)).body).toEqual({ records: [] });
      expect((await audit(tokens.dpoTrollhattan).expect(200)).body).toEqual({ records: [] });
      expect((await audit(tokens.dpoAle).expect(200)).body.records.every((r: { municipalityId: string }) => r.municipalityId === 'ale')).toBe(true);
      const all = await audit(tokens.admin).expect(200);
      expect(new Set(all.body.records.map((r: { municipalityId: string }) => r.municipalityId))).toEqual(new Set(['ale', 'lilla-edet']));
      await audit(tokens.admin, '?limit=0').expect(400);
      await audit(tokens.admin, '?nonsense=1').expect(400);
    });

    it('records declined households without contact details, and shows coverage per area', async () => {
      await http().post('/registrations').send(form()).expect(202);
      const registration = [...world.registrations.byId.values()][0]!;
      const token = tokenOf((await link({ kind: 'confirmation', registrationId: registration.id })).body.url);
      await http().post('/confirmations').send({ municipalityId: 'ale', token }).expect(200);
      const groupId = [...world.groups.byId.keys()][0]!;
      await http().post(`/staff/ale/groups/${groupId}/households`).set(bearer(tokens.ale)).send({ address: { street: 'Storgatan', number: '14', postcode: '449 30' }, name: 'Not allowed' }).expect(400);
      await http().post(`/staff/ale/groups/${groupId}/households`).set(bearer(tokens.ale)).send({ address: { street: 'Storgatan', number: '14', postcode: '449 30' } }).expect(201);
      const areas = await staff('/areas').expect(200);
      expect(areas.body.areas[0]).toMatchObject({ id: 'storgatan', householdCount: 40, groupCount: 1, coverage: { joined: 1, declined: 1, text: { sv: '1 av 40 hushåll med, 1 har tackat nej' } } });
      const edited = await http().patch(`/staff/ale/groups/${groupId}`).set(bearer(tokens.ale)).send({ startMeetingDate: '2026-12-01', signsUp: true }).expect(200);
      expect(edited.body).toMatchObject({ startMeetingDate: '2026-12-01', signsUp: true });
      expect(edited.body.history.map((h: { action: string }) => h.action)).toEqual(['group-created', 'member-joined', 'household-declined', 'group-edited']);
      await http().patch(`/staff/ale/groups/${groupId}`).set(bearer(tokens.ale)).send({ status: 'active' }).expect(409);
      await staff('/groups?status=nonsense').expect(400);
    });

    it('keeps a register of signs: put up for active groups, reported by members, replaced by the coordinator', async () => {
      await http().post('/registrations').send(form({ intent: 'contact-person' })).expect(202);
      const registration = [...world.registrations.byId.values()][0]!;
      const token = tokenOf((await link({ kind: 'confirmation', registrationId: registration.id })).body.url);
      await http().post('/confirmations').send({ municipalityId: 'ale', token }).expect(200);
      const groupId = [...world.groups.byId.keys()][0]!;
      const send = (method: 'post' | 'patch', path: string, body: object) => http()[method](`/staff/ale${path}`).set(bearer(tokens.ale)).send(body);
      expect((await send('post', `/groups/${groupId}/signs`, { place: 'Vid infarten' }).expect(409)).body.error).toBe('signs_need_active_group');

      const nominationId = world.log.ofType('enrolment.contact-person-nominated.v1')[0]!.payload['nominationId'] as string;
      await world.onboarding.execute({ eventId: 'e1', municipalityId: 'ale', correlationId: 'c', subject: { kind: 'contact-person', id: nominationId, personId: registration.personId }, outcome: 'approved', reason: null });
      const sign = (await send('post', `/groups/${groupId}/signs`, { place: 'Vid infarten', putUpAt: '2026-11-20' }).expect(201)).body;
      expect(sign).toEqual({ id: expect.any(String), place: 'Vid infarten', putUpAt: '2026-11-20', condition: 'ok', lastReport: null });

      const selfToken = tokenOf((await link({ kind: 'self-service', personId: registration.personId })).body.url);
      const mine = await http().get(`/self-service/${selfToken}`).expect(200);
      expect(mine.body.memberships[0].signs).toEqual([{ id: sign.id, place: 'Vid infarten', condition: 'ok' }]);
      await http().post(`/self-service/${selfToken}/signs/${sign.id}/report`).send({ kind: 'broken' }).expect(400);
      await http().post(`/self-service/${selfToken}/signs/00000000-0000-4000-8000-000000000000/report`).send({ kind: 'missing' }).expect(400);
      await http().post(`/self-service/${selfToken}/signs/${sign.id}/report`).send({ kind: 'damaged', note: 'Nedsprejad' }).expect(200, { condition: 'damaged' });

      const list = await staff('/signs/replacements').expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ groupId, id: sign.id, condition: 'damaged', lastReport: expect.objectContaining({ kind: 'damaged', note: 'Nedsprejad' }) })]);
      await send('patch', `/groups/${groupId}/signs/${sign.id}`, { condition: 'ok', putUpAt: '2026-12-02' }).expect(200);
      expect((await staff('/signs/replacements').expect(200)).body.items).toEqual([]);
      expect((await staff(`/groups/${groupId}`).expect(200)).body).toMatchObject({ signsUp: true, signs: [{ condition: 'ok', putUpAt: '2026-12-02' }] });
    });

    it('answers the yearly check from the contact person’s link, and lists groups to follow up', async () => {
      await http().post('/registrations').send(form({ intent: 'contact-person' })).expect(202);
      const registration = [...world.registrations.byId.values()][0]!;
      const token = tokenOf((await link({ kind: 'confirmation', registrationId: registration.id })).body.url);
      await http().post('/confirmations').send({ municipalityId: 'ale', token }).expect(200);
      const nominationId = world.log.ofType('enrolment.contact-person-nominated.v1')[0]!.payload['nominationId'] as string;
      await world.onboarding.execute({ eventId: 'e1', municipalityId: 'ale', correlationId: 'c', subject: { kind: 'contact-person', id: nominationId, personId: registration.personId }, outcome: 'approved', reason: null });
      world.clock.advanceDays(365);
      await world.activityChecks.runOnce();
      const checkId = world.log.ofType('enrolment.activity-check-requested.v1')[0]!.payload['checkId'] as string;
      const answerToken = tokenOf((await link({ kind: 'activity-check', checkId }).expect(200)).body.url);
      expect((await http().get(`/activity-checks/${answerToken}?municipalityId=ale`).expect(200)).body).toMatchObject({ group: { name: 'Storgatan 1' }, answered: false });
      expect((await http().post('/activity-checks').send({ municipalityId: 'ale', token: answerToken, answer: 'maybe' }).expect(400)).body.fields[0]).toMatchObject({ field: 'answer', code: 'invalid_choice' });
      await http().post('/activity-checks').send({ municipalityId: 'ale', token: answerToken, answer: 'active-list-outdated' }).expect(200);
      expect((await http().post('/activity-checks').send({ municipalityId: 'ale', token: answerToken, answer: 'active' }).expect(410)).body.error).toBe('token_used');
      const followUp = await staff('/groups?needsFollowUp=true').expect(200);
      expect(followUp.body.groups).toEqual([expect.objectContaining({ followUp: expect.objectContaining({ reason: 'list-outdated' }), activityCheck: expect.objectContaining({ answer: 'active-list-outdated' }) })]);
    });

    it('imports a CSV: a dry run reports each rejected row, the import is safe to run twice', async () => {
      const csv = [
        'omrade;grupp;roll;namn;epost;mobil;gata;nummer;postnummer;ort',
        'storgatan;Storgatans grannar;kontaktombud;Kim Kontakt;kim@example.se;070-111 22 33;Storgatan;2;449 30;Nödinge',
        'storgatan;Storgatans grannar;medlem;Lo Medlem;;;Storgatan;4;449 30;Nödinge',
        'okänt;Grupp;medlem;X;x@example.se;;Storgatan;6;449 30;',
        'storgatan;Storgatans grannar;medlem;Y;not-an-email;;Storgatan;8;4493;',
        'storgatan;Storgatans grannar;medlem;Logga in på bankid-verify.com;z@example.se;;Storgatan;10;449 30;',
        'storgatan;Se https://evil.example;medlem;Zoë;z2@example.se;;Storgatan;12;449 30;',
      ].join('\r\n');
      const post = (dryRun: string) => http().post(`/staff/ale/import?dryRun=${dryRun}`).set(bearer(tokens.ale)).send({ csv }).expect(200);
      const dry = await post('true');
      expect(dry.body).toEqual({
        dryRun: true,
        accepted: 2,
        rejected: [
          { row: 4, reason: 'okänt område "okänt" (lägg till det i municipalities/ale/areas.yaml)' },
          { row: 5, reason: 'epost är inte en giltig e-postadress; postnummer är inte ett postnummer (NNN NN)' },
          { row: 6, reason: 'namn får inte innehålla en webbadress, e-postadress eller länk' },
          { row: 7, reason: 'grupp får inte innehålla en webbadress, e-postadress eller länk' },
        ],
        created: { groups: 1, members: 2, contactPersons: 1 },
        skippedExisting: 0,
      });
      expect(world.groups.byId.size).toBe(0);
      const real = await post('false');
      expect(real.body).toMatchObject({ dryRun: false, created: { groups: 1, members: 2, contactPersons: 1 } });
      const again = await post('false');
      expect(again.body).toMatchObject({ created: { groups: 0, members: 0, contactPersons: 0 }, skippedExisting: 2 });
      expect(world.groups.byId.size).toBe(1);
      expect(world.registrations.byId.size).toBe(2);
      const group = [...world.groups.byId.values()][0]!;
      expect(group).toMatchObject({ name: 'Storgatans grannar', status: 'active' });
      expect(Object.keys(group.members)).toHaveLength(2);
      expect(world.log.events).toEqual([]);
    });
  });
});
