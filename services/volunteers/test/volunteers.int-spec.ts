import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, dlqTopicOf, OnboardingCompletedV1, VolunteerSignedUpV1 } from '@trygg/contracts';
import { EVENT_HEADERS } from '@trygg/messaging';
import { header, mongoUrl, produceRaw, ServiceProcess, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';

// Sign-up → volunteers.volunteer-signed-up.v1 (onboarding's start fact) → onboarding.completed.v1 → the walker's
// status, against the real Kafka and FerretDB with the service as a process.

const run = randomUUID().slice(0, 8);
const database = 'vol_it_volunteers';
const service = new ServiceProcess({
  service: 'volunteers',
  port: 3951,
  env: { MONGO_URL: mongoUrl(database), CONSUMER_GROUP: `vol-it-${run}` },
});

describe('volunteers on a real broker and database', () => {
  let client: mongo.MongoClient;
  let signedUp: TopicReader;
  let dlq: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    await service.start();
    signedUp = await new TopicReader(testKafka(), VolunteerSignedUpV1.type).start();
    dlq = await new TopicReader(testKafka(), dlqTopicOf(OnboardingCompletedV1.type)).start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([signedUp.stop(), dlq.stop(), service.stop()]);
    await client.close();
  }, 60_000);

  const signUp = (body: Record<string, unknown>) =>
    fetch(`${service.url}/volunteers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('records a walker, starts their onboarding by event, and activates them when it is approved', async () => {
    const res = await signUp({ municipalityId: 'lilla-edet', name: 'Vera Vandrare', email: `vera-${run}@vol.example`, birthYear: 1980 });
    expect(res.status).toBe(202);
    const { volunteerId } = (await res.json()) as { volunteerId: string };

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
    expect(active['version']).toBe(2);
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
    expect(await client.db(database).collection('volunteers').countDocuments({ email })).toBe(0);
  }, 30_000);
});
