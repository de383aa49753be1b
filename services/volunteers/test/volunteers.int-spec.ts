import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, dlqTopicOf, eventContracts, OnboardingCompletedV1, OnboardingStepRequestedV1, VolunteerContactDetailsRecordedV1, VolunteerErasedV1, VolunteerRegisteredV1, VolunteerSignedUpV1, VolunteerSignUpReceivedV1 } from '@trygg/contracts';
import { EVENT_HEADERS } from '@trygg/messaging';
import { header, mongoUrl, produceRaw, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';

// Sign-up → volunteers.volunteer-sign-up-received.v1 only (notifications' confirmation email) → the link notifications
// asks for (POST /internal/links with its secret) → the confirm page's POST → volunteers.volunteer-contact-details-
// recorded.v1 (for notifications) and volunteers.volunteer-signed-up.v1 (onboarding's start fact) →
// onboarding.completed.v1 → the walker's status; staff
// erasure by a signed-in coordinator (tokens of a TestIdp the service trusts through DEV_IDP_URL) →
// volunteers.volunteer-erased.v1 and an audit record. Against the real Kafka and FerretDB with the service as a
// process (port 4301, database walkers_volunteers_it).

const run = randomUUID().slice(0, 8);
const database = 'walkers_volunteers_it';
let idp: TestIdp;
let service: ServiceProcess;
const LINKS_SECRET = `volunteers-it-links-secret-${'x'.repeat(32)}`;
const payloadOf = (m: { value: Buffer | null }) => JSON.parse(m.value!.toString()).payload as Record<string, unknown>;

describe('volunteers on a real broker and database', () => {
  let client: mongo.MongoClient;
  let received: TopicReader;
  let signedUp: TopicReader;
  let contactDetails: TopicReader;
  let erased: TopicReader;
  let registered: TopicReader;
  let dlq: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    service = new ServiceProcess({
      service: 'volunteers',
      port: 4301,
      env: {
        MONGO_URL: mongoUrl(database),
        CONSUMER_GROUP: `walkers-volunteers-it-${run}`,
        DEV_IDP_URL: idp.url,
        WEB_PUBLIC_URL: 'http://web.test',
        INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: LINKS_SECRET,
      },
    });
    // A new group reads only this run's events, not every walker outcome on the shared broker (those would go to the DLQ).
    await startGroupAtEnd(testKafka(), `walkers-volunteers-it-${run}`, eventContracts.map((c) => c.type));
    await service.start();
    received = await new TopicReader(testKafka(), VolunteerSignUpReceivedV1.type).start();
    signedUp = await new TopicReader(testKafka(), VolunteerSignedUpV1.type).start();
    contactDetails = await new TopicReader(testKafka(), VolunteerContactDetailsRecordedV1.type).start();
    erased = await new TopicReader(testKafka(), VolunteerErasedV1.type).start();
    registered = await new TopicReader(testKafka(), VolunteerRegisteredV1.type).start();
    dlq = await new TopicReader(testKafka(), dlqTopicOf(OnboardingCompletedV1.type)).start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([received.stop(), signedUp.stop(), contactDetails.stop(), erased.stop(), registered.stop(), dlq.stop(), service.stop()]);
    await idp.close();
    await client.db(database).dropDatabase();
    await client.close();
  }, 60_000);

  const signUp = (body: Record<string, unknown>) =>
    fetch(`${service.url}/volunteers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  /** The link notifications asks for when it sends the confirmation email, as notifications asks (its secret). */
  const issueLink = (volunteerId: string, secret = LINKS_SECRET) =>
    post('/internal/links', { kind: 'walker-confirmation', volunteerId }, { authorization: `Bearer ${secret}`, 'x-internal-caller': 'notifications' });
  const tokenOf = (url: string) => url.split('/').at(-1)!;
  /** Signs up, waits for the sign-up-received event of this address, returns the walker's ids. */
  const signUpReceived = async (body: Record<string, unknown>) => {
    const res = await signUp(body);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'submitted' });
    return payloadOf(await received.waitFor('the sign-up-received event', (m) => payloadOf(m)['email'] === String(body['email']).toLowerCase())) as { volunteerId: string; personId: string };
  };
  /** Signs up and confirms through the emailed link, as the walker does. */
  const signUpConfirmed = async (body: Record<string, unknown>) => {
    const ids = await signUpReceived(body);
    const { url } = (await (await issueLink(ids.volunteerId)).json()) as { url: string };
    const confirmed = await post('/volunteers/confirmations', { municipalityId: body['municipalityId'], token: tokenOf(url) });
    expect(confirmed.status).toBe(200);
    return ids;
  };
  const erase = async (volunteerId: string, municipality: string | null, body: Record<string, unknown> = { reason: 'walker-request' }) =>
    fetch(`${service.url}/staff/volunteers/${volunteerId}/erasure`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(municipality ? await idp.coordinator(municipality, 'handlaggare-1') : {}) },
      body: JSON.stringify(body),
    });

  it('a sign-up starts nothing until the emailed link is confirmed: then the contact details and onboarding events, once', async () => {
    const email = `opt-in-${run}@vol.example`;
    const { volunteerId, personId } = await signUpReceived({ municipalityId: 'ale', name: 'Olle Optin', email, birthYear: 1980, mobile: '070-123 45 67', smsOptIn: true });
    const event = received.matching((m) => payloadOf(m)['volunteerId'] === volunteerId)[0]!;
    expect(payloadOf(event)).toEqual({ volunteerId, personId, name: 'Olle Optin', email, language: 'sv', protectedIdentity: false });
    expect(event.value!.toString()).not.toContain('+4670'); // no number before it is confirmed
    const volunteers = client.db(database).collection('volunteers');
    // Published from the outbox (nothing pending), and nothing but the sign-up-received event was written.
    await waitFor('the outbox to be empty', async () => {
      const d = await volunteers.findOne({ _id: volunteerId as never });
      return d && !d['outboxPending'] ? d : undefined;
    });
    expect(await volunteers.findOne({ _id: volunteerId as never })).toMatchObject({ status: 'unconfirmed', version: 1 });
    expect(signedUp.matching((m) => payloadOf(m)['volunteerId'] === volunteerId)).toEqual([]);
    expect(contactDetails.matching((m) => payloadOf(m)['volunteerId'] === volunteerId)).toEqual([]);

    // The same address again at once: the same answer, no second sign-up, no second email (the latest form's details count).
    expect(await (await signUp({ municipalityId: 'ale', name: 'Olle Optin', email, birthYear: 1980, mobile: '0701234567', smsOptIn: true })).json()).toEqual({ status: 'submitted' });
    expect(await volunteers.countDocuments({ email })).toBe(1);

    // The link: only notifications with its secret gets one; the token is stored only as its hash.
    expect((await issueLink(volunteerId, 'wrong-secret-wrong-secret-wrong-secret')).status).toBe(401);
    const link = await issueLink(volunteerId);
    expect(link.status).toBe(200);
    const { url } = (await link.json()) as { url: string };
    expect(url).toMatch(/^http:\/\/web\.test\/ale\/trygghetsvandring\/bekrafta\/[A-Za-z0-9_-]{43}$/);
    expect(await client.db(database).collection('confirmation_links').countDocuments({ _id: tokenOf(url) as never })).toBe(0);
    expect((await post('/volunteers/confirmations', { municipalityId: 'lilla-edet', token: tokenOf(url) })).status).toBe(404);
    expect(signedUp.matching((m) => payloadOf(m)['volunteerId'] === volunteerId)).toEqual([]);

    const confirmed = await post('/volunteers/confirmations', { municipalityId: 'ale', token: tokenOf(url) });
    expect(confirmed.status).toBe(200);
    // The person notifications files the contact details under, and a mobile with SMS chosen: the web offers the code step.
    expect(await confirmed.json()).toEqual({ status: 'confirmed', language: 'sv', personId, mobileToConfirm: true });
    const details = await contactDetails.waitFor('the contact details', (m) => payloadOf(m)['volunteerId'] === volunteerId);
    expect(payloadOf(details)).toMatchObject({ mobile: '+46701234567', smsOptIn: true, occasion: 'sign-up' });
    await signedUp.waitFor('the onboarding start', (m) => payloadOf(m)['volunteerId'] === volunteerId);
    const again = await post('/volunteers/confirmations', { municipalityId: 'ale', token: tokenOf(url) });
    expect([again.status, ((await again.json()) as { error: string }).error]).toEqual([410, 'token_used']);
    expect((await issueLink(volunteerId)).status).toBe(409);
    await waitFor('the outbox to be empty', async () => {
      const d = await volunteers.findOne({ _id: volunteerId as never });
      return d && !d['outboxPending'] ? d : undefined;
    });
    expect(signedUp.matching((m) => payloadOf(m)['volunteerId'] === volunteerId)).toHaveLength(1);
  }, 60_000);

  it('records a walker, starts their onboarding by event, and activates them when it is approved', async () => {
    const { volunteerId } = await signUpConfirmed({ municipalityId: 'lilla-edet', name: 'Vera Vandrare', email: `vera-${run}@vol.example`, birthYear: 1980 });

    const started = await signedUp.waitFor('the sign-up event', (m) => JSON.parse(m.value!.toString()).payload.volunteerId === volunteerId);
    // Only what the volunteer process declares reaches onboarding: no name, no email.
    expect(JSON.parse(started.value!.toString()).payload.subjectFields).toEqual({ birthYear: 1980 });
    expect(started.value!.toString()).not.toContain('Vera');

    const completed = createEvent(
      OnboardingCompletedV1,
      { municipalityId: 'lilla-edet', correlationId: `vol-it-${run}` },
      {
        instanceId: randomUUID(),
        processId: 'lilla-edet/volunteer',
        processVersion: 1,
        subject: { kind: 'volunteer', id: volunteerId, personId: JSON.parse(started.value!.toString()).payload.personId },
        outcome: 'approved',
        decidingStepId: 'agreement',
        reason: null,
      },
    );
    const message = { key: completed.payload.instanceId, value: JSON.stringify(completed) };
    await produceRaw(testKafka(), OnboardingCompletedV1.type, [message, message]); // delivered twice: applied once

    const volunteers = client.db(database).collection('volunteers');
    const active = await waitFor('the walker to be active', async () => {
      const doc = await volunteers.findOne({ _id: volunteerId as never });
      return doc?.['status'] === 'active' ? doc : undefined;
    });
    expect(active['version']).toBe(4); // sign-up, link issued, confirmed, active
  }, 60_000);

  it('sends an outcome for a walker it does not know to the dead-letter topic', async () => {
    const ghost = createEvent(
      OnboardingCompletedV1,
      { municipalityId: 'ale', correlationId: `vol-it-${run}` },
      {
        instanceId: randomUUID(),
        processId: 'ale/volunteer',
        processVersion: 1,
        subject: { kind: 'volunteer', id: randomUUID(), personId: randomUUID() },
        outcome: 'rejected',
        decidingStepId: 'age',
        reason: 'Under 18 år',
      },
    );
    await produceRaw(testKafka(), OnboardingCompletedV1.type, [
      { key: ghost.payload.instanceId, value: JSON.stringify(ghost), headers: { [EVENT_HEADERS.eventId]: ghost.eventId } },
    ]);
    await dlq.waitFor('the unknown walker in the DLQ', (m) => header(m, EVENT_HEADERS.eventId) === ghost.eventId, 30_000);
  }, 60_000);

  it('answers bad input with 400 naming the fields, and stores nothing', async () => {
    const email = `bad-${run}@vol.example`;
    const res = await signUp({ municipalityId: 'ale', name: '', email, birthYear: 1890, extra: 1 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: Array<{ field: string }> };
    expect(body.fields.map((f) => f.field).sort()).toEqual(['(body)', 'name']);
    const implausible = await signUp({ municipalityId: 'ale', name: 'Åke', email, birthYear: 1890 });
    expect(((await implausible.json()) as { fields: Array<{ field: string }> }).fields).toEqual([{ field: 'birthYear', message: 'must be a year of birth' }]);
    // A walker's name is a name: no line break and no link (it goes into the emails the municipality sends).
    const phishing = await signUp({ municipalityId: 'ale', name: 'Vera\n\nhttps://bankid-verify.com/login', email, birthYear: 1980 });
    expect(phishing.status).toBe(400);
    expect(((await phishing.json()) as { fields: Array<{ field: string }> }).fields).toEqual([{ field: 'name', message: 'must not contain line breaks, tabs or control characters' }]);
    const link = await signUp({ municipalityId: 'ale', name: 'Vera bankid-verify.com', email, birthYear: 1980 });
    expect(((await link.json()) as { fields: Array<{ field: string }> }).fields).toEqual([{ field: 'name', message: 'must not contain a web address, email address or link' }]);
    expect(await client.db(database).collection('volunteers').countDocuments({ email })).toBe(0);
  }, 30_000);

  it('keeps organisation, languages and availability, and publishes volunteer-registered (ids and organisation, no contact details) only once confirmed', async () => {
    const email = `registered-${run}@vol.example`;
    const body = { municipalityId: 'ale', name: 'Rut Reg', email, birthYear: 1985, mobile: '070-765 43 21', smsOptIn: true, organisationId: 'nattvandrarna-ale', spokenLanguages: ['sv', 'so'], otherLanguages: 'tyska', availability: ['friday', 'daytime'] };
    const ids = await signUpReceived(body);
    const volunteers = client.db(database).collection('volunteers');
    expect(await volunteers.findOne({ _id: ids.volunteerId as never })).toMatchObject({ organisationId: 'nattvandrarna-ale', spokenLanguages: ['sv', 'so'], otherLanguages: 'tyska', availability: ['friday', 'daytime'] });
    expect(registered.matching((m) => payloadOf(m)['volunteerId'] === ids.volunteerId)).toEqual([]);
    const { url } = (await (await issueLink(ids.volunteerId)).json()) as { url: string };
    expect((await post('/volunteers/confirmations', { municipalityId: 'ale', token: tokenOf(url) })).status).toBe(200);
    const event = await registered.waitFor('volunteer-registered', (m) => payloadOf(m)['volunteerId'] === ids.volunteerId);
    const envelope = JSON.parse(event.value!.toString()) as { municipalityId: string; payload: Record<string, unknown> };
    expect(envelope.municipalityId).toBe('ale');
    expect(envelope.payload).toEqual({ volunteerId: ids.volunteerId, personId: ids.personId, organisationId: 'nattvandrarna-ale', registeredAt: expect.any(String) });
    expect(header(event, EVENT_HEADERS.producer)).toBe('volunteers');
    expect(event.value!.toString()).not.toMatch(/Rut Reg|registered-|\+4670|1985|tyska/);
  }, 60_000);

  it("answers an organisation not of the municipality, an unknown language and a repeated availability with 400 naming the fields, and stores nothing", async () => {
    const email = `bad-fields-${run}@vol.example`;
    const fieldsOf = async (res: Response) => ((await res.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field).sort();
    const shape = await signUp({ municipalityId: 'ale', name: 'Åsa', email, birthYear: 1980, spokenLanguages: ['sv', 'klingon'], otherLanguages: 'se https://x.example', availability: ['friday', 'friday'] });
    expect(shape.status).toBe(400);
    expect(await fieldsOf(shape)).toEqual(['availability', 'otherLanguages', 'spokenLanguages.1']);
    const otherMunicipality = await signUp({ municipalityId: 'ale', name: 'Åsa', email, birthYear: 1980, organisationId: 'ifk-trollhattan' });
    expect(otherMunicipality.status).toBe(400);
    expect(((await otherMunicipality.json()) as { fields: unknown }).fields).toEqual([{ field: 'organisationId', message: "must be one of the municipality's walker organisations" }]);
    expect(await client.db(database).collection('volunteers').countDocuments({ email })).toBe(0);
  }, 30_000);

  it("lists the coordinator's walkers with the onboarding step they wait at (from onboarding.step-requested.v1), audited; another municipality's coordinator is refused", async () => {
    const email = `listed-${run}@vol.example`;
    const { volunteerId, personId } = await signUpConfirmed({ municipalityId: 'ale', name: 'Lina Lista', email, birthYear: 1982, organisationId: 'nattvandrarna-ale', spokenLanguages: ['fi'], availability: ['saturday'] });
    const requested = createEvent(
      OnboardingStepRequestedV1,
      { municipalityId: 'ale', correlationId: `vol-it-${run}` },
      { instanceId: randomUUID(), stepId: 'information-meeting', stepType: 'meeting-attendance', attempt: 1, subject: { kind: 'volunteer', id: volunteerId, personId }, subjectFields: {}, parameters: {}, policeAreaId: null, dueAt: null },
    );
    await produceRaw(testKafka(), OnboardingStepRequestedV1.type, [{ key: requested.payload.instanceId, value: JSON.stringify(requested) }]);
    const list = async (m: string, as: string) => fetch(`${service.url}/staff/${m}/volunteers`, { headers: await idp.coordinator(as, 'handlaggare-1') });
    type Listed = { volunteers: Array<Record<string, unknown>>; truncated: boolean };
    const shown = await waitFor('the walker listed at the information meeting', async () => {
      const body = (await (await list('ale', 'ale')).json()) as Listed;
      const lina = body.volunteers.find((v) => v['volunteerId'] === volunteerId);
      return lina?.['onboardingStep'] ? lina : undefined;
    });
    expect(shown).toEqual({
      volunteerId,
      name: 'Lina Lista',
      organisationId: 'nattvandrarna-ale',
      status: 'onboarding',
      spokenLanguages: ['fi'],
      otherLanguages: null,
      availability: ['saturday'],
      signedUpAt: expect.any(String),
      decidedAt: null,
      onboardingStep: { stepId: 'information-meeting', stepType: 'meeting-attendance', attempt: 1, since: requested.occurredAt },
    });
    expect(JSON.stringify(shown)).not.toContain(email);
    expect((await list('ale', 'lilla-edet')).status).toBe(403);
    expect((await fetch(`${service.url}/staff/ale/volunteers`)).status).toBe(401);
    const audit = await client.db(database).collection('audit_trail').find({ action: 'volunteers-viewed' }).toArray();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.at(-1)).toMatchObject({ municipalityId: 'ale', actor: { role: 'coordinator' }, subject: { kind: 'municipality', id: 'ale' } });
  }, 60_000);

  it('gives notifications the contact details, language and SMS choice in its own event, written with the confirmation', async () => {
    const email = `sms-${run}@walkers.example`;
    const { volunteerId } = await signUpConfirmed({ municipalityId: 'ale', name: 'Sam Sms', email, birthYear: 1990, mobile: '070-123 45 67', smsOptIn: true, language: 'en' });
    const recorded = await contactDetails.waitFor('the contact-details event', (m) => payloadOf(m)['volunteerId'] === volunteerId);
    const envelope = JSON.parse(recorded.value!.toString()) as { municipalityId: string; payload: Record<string, unknown> };
    expect(envelope.municipalityId).toBe('ale');
    expect(envelope.payload).toEqual({ volunteerId, personId: expect.any(String), occasion: 'sign-up', name: 'Sam Sms', email, mobile: '+46701234567', smsOptIn: true, language: 'en', protectedIdentity: false });
    expect(header(recorded, EVENT_HEADERS.eventId)).toEqual(expect.any(String));
    // Published from the outbox: nothing is left pending in the document.
    const doc = await waitFor('the outbox to be empty', async () => {
      const d = await client.db(database).collection('volunteers').findOne({ _id: volunteerId as never });
      return d && !d['outboxPending'] ? d : undefined;
    });
    expect(doc).toMatchObject({ mobile: '+46701234567', smsOptIn: true, language: 'en' });
  }, 30_000);

  it('erases a walker on a coordinator’s request: personal data gone, audit kept, volunteer-erased emitted once', async () => {
    const email = `erase-${run}@walkers.example`;
    const { volunteerId, personId } = await signUpConfirmed({ municipalityId: 'ale', name: 'Erik Raderad', email, birthYear: 1985, mobile: '0701234567' });

    expect((await erase(volunteerId, null)).status).toBe(401);
    expect((await erase(volunteerId, 'lilla-edet')).status).toBe(404); // another municipality's walker
    const bad = await erase(volunteerId, 'ale', { reason: 'because' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field)).toEqual(['reason']);

    const done = await erase(volunteerId, 'ale');
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ volunteerId, status: 'erased' });
    expect((await erase(volunteerId, 'ale')).status).toBe(200); // again: nothing changes

    const event = await erased.waitFor('the erasure event', (m) => payloadOf(m)['volunteerId'] === volunteerId);
    expect(payloadOf(event)).toEqual({ volunteerId, personId, erasedAt: expect.any(String) });
    const doc = await client.db(database).collection('volunteers').findOne({ _id: volunteerId as never });
    const coordinator = `${idp.issuer('ale')}#handlaggare-1`;
    expect(doc).toMatchObject({ name: null, email: null, mobile: null, birthYear: null, status: 'erased', erasure: { erasedBy: coordinator, reason: 'walker-request' } });
    expect(JSON.stringify(doc)).not.toContain('Erik');
    expect(doc!['version']).toBe(4); // sign-up, link, confirmation, erasure: the second erasure wrote nothing
    // The decision in the hash-chained audit trail, once, with the signed-in coordinator as actor.
    const records = await client.db(database).collection('audit_trail').find({ 'subject.id': volunteerId }).toArray();
    expect(records).toEqual([
      expect.objectContaining({ action: 'volunteer-erased', municipalityId: 'ale', actor: { subject: coordinator, name: 'Samordnare ale', role: 'coordinator', scope: 'ale' }, details: { reason: 'walker-request' } }),
    ]);
  }, 30_000);

  it('answers a bad mobile, SMS without a mobile and an unknown language with 400 naming the fields, and stores nothing', async () => {
    const email = `badmobile-${run}@walkers.example`;
    const res = await signUp({ municipalityId: 'ale', name: 'Mona', email, birthYear: 1970, mobile: '031-123456', language: 'de' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field).sort()).toEqual(['language', 'mobile']);
    const noMobile = await signUp({ municipalityId: 'ale', name: 'Mona', email, birthYear: 1970, smsOptIn: true });
    expect(noMobile.status).toBe(400);
    expect(((await noMobile.json()) as { fields: Array<{ field: string; message: string }> }).fields).toEqual([{ field: 'mobile', message: 'required for SMS' }]);
    expect(await client.db(database).collection('volunteers').countDocuments({ email })).toBe(0);
  }, 30_000);
});
