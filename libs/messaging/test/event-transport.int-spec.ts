import { randomUUID } from 'node:crypto';
import { Controller, type INestApplication } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { mongo } from 'mongoose';
import {
  ContactPersonNominatedV1,
  createEvent,
  dlqTopicOf,
  type EventOf,
  GroupActivatedV1,
  GroupStatusChangedV1,
  MemberJoinedV1,
  MemberLeftV1,
  OnboardingCompletedV1,
  OnboardingStepRequestedV1,
  PoliceDecisionRecordedV1,
  ProtectedIdentityChangedV1,
  ResidentErasedV1,
  VolunteerErasedV1,
} from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import { header, produceRaw, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';
import { DependencyUnavailable, DLQ_HEADERS, EVENT_HEADERS, EventContext, InboxStore, KafkaClient, KafkaEventTransport, PermanentError, RethrowEventErrors } from '../src';

// The Nest transport on the real Kafka and store: `@EventPattern` methods of a controller, discovered by Nest, served
// by one EventConsumer — validation, inbox dedupe, retries, dead letters and readiness as EventConsumer gives them,
// with the handler's own error reaching the consumer through Nest. The registry's "police-liaison" subscriptions
// (step requests and erasure) stand in for a service.

const logger = createLogger('transport-test', 'silent');
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
const erased = ResidentErasedV1.type;

const handled: Array<{ eventId: string; personId: string; attempt: number; topic: string }> = [];
const behaviour = new Map<string, (attempt: number) => void>(); // by personId

@Controller()
class ErasureEvents {
  @EventPattern(ResidentErasedV1.type)
  async erased(@Payload() event: EventOf<typeof ResidentErasedV1>, @Ctx() context: EventContext): Promise<void> {
    behaviour.get(event.payload.personId)?.(context.attempt);
    handled.push({ eventId: event.eventId, personId: event.payload.personId, attempt: context.attempt, topic: context.topic });
  }

  @EventPattern(OnboardingStepRequestedV1.type)
  async stepRequested(): Promise<void> {
    return undefined;
  }

  // police-liaison's other subscriptions (the transport refuses to start unless every one has a handler).
  @EventPattern(VolunteerErasedV1.type)
  async walkerErased(): Promise<void> {
    return undefined;
  }

  @EventPattern(ProtectedIdentityChangedV1.type)
  async protectedIdentityChanged(): Promise<void> {
    return undefined;
  }

  @EventPattern(ContactPersonNominatedV1.type)
  async contactPersonNominated(): Promise<void> {
    return undefined;
  }

  // ...and its groups projection's (issue 14: the officer's overview).
  @EventPattern(MemberJoinedV1.type)
  async memberJoined(): Promise<void> {
    return undefined;
  }

  @EventPattern(MemberLeftV1.type)
  async memberLeft(): Promise<void> {
    return undefined;
  }

  @EventPattern(GroupActivatedV1.type)
  async groupActivated(): Promise<void> {
    return undefined;
  }

  @EventPattern(GroupStatusChangedV1.type)
  async groupStatusChanged(): Promise<void> {
    return undefined;
  }

  @EventPattern(OnboardingCompletedV1.type)
  async onboardingCompleted(): Promise<void> {
    return undefined;
  }

  @EventPattern(PoliceDecisionRecordedV1.type)
  async decisionRecorded(): Promise<void> {
    return undefined;
  }
}

const erasure = (personId: string = randomUUID()) => createEvent(ResidentErasedV1, { municipalityId: 'ale', correlationId: `t-${personId}` }, { personId, erasedAt: new Date().toISOString() });

async function hybridApp(controllers: Array<new () => unknown>, transport: KafkaEventTransport): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ controllers }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new RethrowEventErrors());
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  await app.init();
  return app;
}

describe('@EventPattern handlers served by KafkaEventTransport on a real broker', () => {
  let client: mongo.MongoClient;
  let kafka: KafkaClient;
  let inbox: InboxStore;
  let transport: KafkaEventTransport;
  let app: INestApplication;
  let dlq: TopicReader;

  const newTransport = (service = 'police-liaison') =>
    new KafkaEventTransport({ service, kafka: kafka.kafka, groupId: `transport-test-${randomUUID()}`, inbox, publisher: kafka.publisher, logger, fromBeginning: false, maxAttempts: 3, retryBaseDelayMs: 20 });

  beforeAll(async () => {
    client = await testMongo();
    inbox = new InboxStore(client.db('test_transport').collection(`inbox_${Date.now()}`) as never);
    await inbox.ensureIndexes();
    kafka = new KafkaClient({ clientId: 'transport-test', brokers, logger });
    await kafka.start();
    await kafka.ensureTopics([erased, dlqTopicOf(erased), OnboardingStepRequestedV1.type, dlqTopicOf(OnboardingStepRequestedV1.type)]);
    transport = newTransport();
    app = await hybridApp([ErasureEvents], transport);
    await expect(transport.check()).rejects.toThrow('consumer has not started');
    await app.startAllMicroservices();
    await waitFor('the consumer to join its group', async () => ((await transport.check().then(() => true).catch(() => false)) ? true : undefined), { timeoutMs: 30_000 });
    dlq = await new TopicReader(testKafka(), dlqTopicOf(erased)).start();
  }, 90_000);

  afterAll(async () => {
    await dlq?.stop();
    await app?.close();
    await kafka.stop();
    await client.close();
  }, 30_000);

  const send = (...events: ReturnType<typeof erasure>[]) => kafka.publisher.publish(events);

  it('calls the handler with the validated event and its context, once per event even when delivered twice', async () => {
    const event = erasure();
    await send(event, event);
    // Another event of the same person: same key, same partition, so it is handled after both deliveries.
    const marker = erasure(event.payload.personId);
    await send(marker);
    await waitFor('the event after both deliveries', () => handled.find((h) => h.eventId === marker.eventId));
    expect(handled.filter((h) => h.eventId === event.eventId)).toEqual([{ eventId: event.eventId, personId: event.payload.personId, attempt: 1, topic: erased }]);
  });

  it('retries a failing handler with backoff, waits out an outage, and dead-letters a PermanentError at once with its reason', async () => {
    const flaky = erasure();
    const outage = erasure();
    const refused = erasure();
    behaviour.set(flaky.payload.personId, (attempt) => {
      if (attempt < 3) throw new Error('database hiccup');
    });
    let outageCalls = 0;
    behaviour.set(outage.payload.personId, () => {
      if (++outageCalls <= 4) throw new DependencyUnavailable('redis'); // more than maxAttempts (3)
    });
    behaviour.set(refused.payload.personId, () => {
      throw new PermanentError('no such person here');
    });
    await send(flaky, outage, refused);

    expect((await waitFor('the flaky event', () => handled.find((h) => h.eventId === flaky.eventId))).attempt).toBe(3);
    await waitFor('the event after the outage', () => handled.find((h) => h.eventId === outage.eventId), { timeoutMs: 30_000 });
    expect(outageCalls).toBe(5);
    const dead = await dlq.waitFor('the refused event', (m) => header(m, EVENT_HEADERS.eventId) === refused.eventId);
    expect(header(dead, DLQ_HEADERS.reason)).toBe('no such person here');
    expect(header(dead, DLQ_HEADERS.attempts)).toBe('1');
    expect(dlq.matching((m) => [flaky.eventId, outage.eventId].includes(header(m, EVENT_HEADERS.eventId) ?? ''))).toHaveLength(0);
  }, 40_000);

  it('dead-letters an event that breaks its contract, naming the field, without calling the handler', async () => {
    const bad = erasure();
    const key = `bad-${randomUUID()}`;
    await produceRaw(testKafka(), erased, [{ key, value: JSON.stringify({ ...bad, payload: { ...bad.payload, personId: 'not-a-uuid' } }) }]);
    const dead = await dlq.waitFor('the invalid event', (m) => m.key?.toString() === key);
    expect(header(dead, DLQ_HEADERS.reason)).toMatch(/personId/);
    expect(handled.find((h) => h.eventId === bad.eventId)).toBeUndefined();
    await expect(transport.check()).resolves.toBeUndefined();
  });
});

describe('KafkaEventTransport refuses to start when the handlers and the subscription registry differ', () => {
  const kafkaStub = { consumer: () => undefined } as never;
  const fake = (service: string) =>
    new KafkaEventTransport({ service, kafka: kafkaStub, groupId: 'never-joins', inbox: {} as never, publisher: {} as never, logger });

  @Controller()
  class UnknownAndUnsubscribed {
    @EventPattern('enrolment.no-such-event.v1')
    async unknown(): Promise<void> {
    return undefined;
  }

    @EventPattern(ResidentErasedV1.type)
    async erased(): Promise<void> {
    return undefined;
  }

    @MessagePattern('volunteers.ask.v1')
    async ask(): Promise<string> {
      return 'no';
    }
  }

  @Controller()
  class Twice {
    @EventPattern(OnboardingStepRequestedV1.type)
    async one(): Promise<void> {
    return undefined;
  }

    @EventPattern(OnboardingStepRequestedV1.type)
    async two(): Promise<void> {
    return undefined;
  }
  }

  it('names every mismatch, and the application does not start', async () => {
    // volunteers subscribes to onboarding.completed.v1 only.
    const volunteers = fake('volunteers');
    const app = await hybridApp([UnknownAndUnsubscribed], volunteers);
    const failure = app.startAllMicroservices();
    await expect(failure).rejects.toThrow('volunteers: the event handlers do not match the subscriptions');
    const message = await failure.catch((error: Error) => error.message);
    expect(message).toContain('enrolment.no-such-event.v1: no such event in the contract registry');
    expect(message).toContain(`${ResidentErasedV1.type}: volunteers does not subscribe to it`);
    expect(message).toContain('volunteers.ask.v1: a @MessagePattern (request/response) handler');
    expect(message).toContain('onboarding.completed.v1: volunteers subscribes to it but has no @EventPattern handler');
    await app.close();
  });

  it('refuses two handlers for one event type in one service', async () => {
    const police = fake('police-liaison');
    const app = await hybridApp([Twice, ErasureEvents], police);
    await expect(app.startAllMicroservices()).rejects.toThrow(`${OnboardingStepRequestedV1.type}: more than one handler`);
    await app.close();
  });

  it('is ready at once for a service that consumes nothing', async () => {
    const web = fake('web');
    const app = await hybridApp([], web);
    await app.startAllMicroservices();
    await expect(web.check()).resolves.toBeUndefined();
    await app.close();
  });
});
