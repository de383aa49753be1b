import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createLogger } from '@trygg/observability';
import { KafkaClient, OutboxRelay } from '@trygg/messaging';
import { testMongo } from '@trygg/testing';
import { AnswerRefused } from '../src/application/answer-refused';
import { ApplyStepAnswer } from '../src/application/apply-step-answer';
import { ConcurrentModification } from '@trygg/persistence';
import { StartOnboarding } from '../src/application/start-onboarding';
import { InMemoryAudit, StaticCatalogue } from './fakes';
import { validateDefinition } from '../src/domain/definition';
import { MongoInstanceRepository } from '../src/infrastructure/mongo-instances';
import { dropDatabases } from './support';

// The instance repository on the real FerretDB: racing answers to one step, the version check, tenant scoping.

const logger = createLogger('onb-store-test', 'silent');
const parsed = validateDefinition(
  { version: 1, kind: 'member', steps: [{ id: 'review', type: 'coordinator-review', text: { sv: { title: 'G' } } }, { id: 'rules', type: 'agreement', parameters: { agreementId: 'a', agreementVersion: '1' }, text: { sv: { title: 'R' } } }] },
  't.yaml',
  'member',
);
if (!parsed.ok) throw new Error('invalid test definition');
const catalogue = new StaticCatalogue({ 'ale/member/1': parsed.definition });
const dbName = 'onb_it_store';

describe('the instance repository on FerretDB', () => {
  let client: mongo.MongoClient;
  let kafka: KafkaClient;
  let repository: MongoInstanceRepository;

  beforeAll(async () => {
    client = await testMongo();
    await dropDatabases(client, [dbName]);
    kafka = new KafkaClient({ clientId: 'onb-store-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logger });
    await kafka.start();
    const collection = client.db(dbName).collection('instances');
    const relay = new OutboxRelay(collection as never, kafka.publisher, logger);
    repository = new MongoInstanceRepository(collection as never, relay);
    await repository.ensureIndexes();
  }, 60_000);

  afterAll(async () => {
    await kafka.stop();
    await client.close();
  });

  async function started() {
    const instance = await new StartOnboarding(catalogue, repository, logger).execute(
      { municipalityId: 'ale', kind: 'member', subjectId: randomUUID(), personId: randomUUID(), subjectFields: {}, policeAreaId: null },
      { correlationId: 'onb-store', causationId: null },
    );
    return instance!;
  }

  it('lets exactly one of many racing answers to one step win', async () => {
    const instance = await started();
    const apply = new ApplyStepAnswer(catalogue, repository, new InMemoryAudit(), logger);
    const answers = Array.from({ length: 6 }, (_, n) =>
      apply.execute('ale', instance.id, randomUUID(), { stepId: 'review', stepType: 'coordinator-review', attempt: 1, outcome: n % 2 ? 'approved' : 'rejected', reason: `answer ${n}`, actor: { kind: 'staff', id: `s${n}` } }, { correlationId: 'c', causationId: null }, 'onboarding'),
    );
    const results = await Promise.allSettled(answers);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AnswerRefused);
    const doc = await client.db(dbName).collection('instances').findOne({ _id: instance.id as never });
    expect(doc!['version']).toBe(2);
    expect((doc!['timeline'] as Array<{ what: string }>).filter((e) => e.what === 'answered')).toHaveLength(1);
  }, 30_000);

  it('refuses a write based on a stale version', async () => {
    const instance = await started();
    const stored = (await repository.find('ale', instance.id))!;
    const write = () => repository.update(stored.instance, stored.version, [], null);
    await write();
    await expect(write()).rejects.toBeInstanceOf(ConcurrentModification);
  }, 30_000);

  it('finds an instance only in its own municipality', async () => {
    const instance = await started();
    expect(await repository.find('ale', instance.id)).toBeDefined();
    expect(await repository.find('trollhattan', instance.id)).toBeUndefined();
  }, 30_000);
});
