import { join } from 'node:path';
import type { mongo } from 'mongoose';
import { createLogger } from '@trygg/observability';
import { testMongo } from '@trygg/testing';
import { MongoDefinitionCatalogue } from '../src/infrastructure/definition-catalogue';
import { readDefinitionFiles } from '../src/infrastructure/definition-files';

// Publishing the process definitions on the real store, as two instances of onboarding do when they start together.

const logger = createLogger('onb-catalogue-test', 'silent');
const files = readDefinitionFiles(join(__dirname, 'fixtures', 'municipalities'));
const dbName = 'onb_it_catalogue';

describe('the definition catalogue on the real store', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    client = await testMongo();
    await client.db(dbName).dropDatabase();
  });

  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  it('has files to publish', () => {
    expect(files.problems).toEqual([]);
    expect(files.definitions.length).toBeGreaterThan(0);
  });

  it('two instances publishing the same versions at the same moment both start, with one stored copy of each', async () => {
    for (let round = 0; round < 10; round++) {
      const collection = client.db(dbName).collection(`definitions_${round}`);
      const twins = [0, 1, 2].map(() => new MongoDefinitionCatalogue(collection as never, files, logger));
      const outcomes = await Promise.allSettled(twins.map((c) => c.publish()));
      expect(outcomes.map((o) => (o.status === 'rejected' ? `rejected: ${(o.reason as Error).message}` : o.status))).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      expect(await collection.countDocuments({})).toBe(files.definitions.length);
      for (const f of files.definitions) {
        for (const c of twins) expect(c.current(f.municipalityId, f.kind)).toEqual({ ok: true, definition: f.definition });
      }
    }
  });

  it('a version already published with other content refuses the municipality', async () => {
    const collection = client.db(dbName).collection('definitions_changed');
    await new MongoDefinitionCatalogue(collection as never, files, logger).publish();
    const first = files.definitions[0]!;
    const changed = { ...first, definition: { ...first.definition, steps: first.definition.steps.slice(0, 1) } };
    const catalogue = new MongoDefinitionCatalogue(collection as never, { definitions: [changed], problems: [] }, logger);
    await catalogue.publish();
    const current = catalogue.current(first.municipalityId, first.kind);
    expect(current.ok).toBe(false);
    expect(current).toMatchObject({ reason: expect.stringContaining('already published with other content') });
  });
});
