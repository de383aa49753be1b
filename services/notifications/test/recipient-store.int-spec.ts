import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { KeyedMutex } from '@trygg/persistence';
import { testMongo } from '@trygg/testing';
import { MongoRecipientStore } from '../src/infrastructure/mongo-stores';

// The recipient store on the shared FerretDB (own database): FerretDB applies an update by reading the document and
// writing it back (docs/decisions/0003), so concurrent writers to one recipient must be serialised in the store.
// Measured on 2026-11-26 with the lock replaced by a no-op: 18 of 20 rounds lost at least one of the changes.

const database = `prefs_recipients_${randomUUID().slice(0, 8)}`;
const off = { channels: { email: true, sms: false }, categories: { urgent: true, information: false, reminders: false } };

describe('MongoRecipientStore on FerretDB', () => {
  let client: mongo.MongoClient;
  beforeAll(async () => {
    client = await testMongo();
  });
  afterAll(async () => {
    await client.db(database).dropDatabase();
    await client.close();
  });

  async function race(store: MongoRecipientStore, rounds: number): Promise<number> {
    let lost = 0;
    for (let i = 0; i < rounds; i++) {
      const id = randomUUID();
      await store.upsertContact({ id, municipalityId: 'ale', name: 'Maj', email: 'maj@prefs.example' });
      await Promise.all([
        store.upsertContact({ id, municipalityId: 'ale', name: `Maj ${i}` }),
        store.setPreferences(id, 'ale', off, new Date()),
        store.updatePreferences(id, 'ale', (p) => ({ ...p, channels: { ...p.channels, email: true } }), new Date()),
        store.joinGroup(id, 'ale', `g${i}`, 'centrum'),
      ]);
      const r = await store.get(id);
      if (r?.name !== `Maj ${i}` || r.preferences.categories.information !== false || !r.groupIds.includes(`g${i}`)) lost++;
    }
    return lost;
  }

  it('keeps every change when a contact update, a preferences save and a group join hit one recipient at once', async () => {
    // No reachability change happens here, so nothing is published: the relay only lends its locks.
    const relay = { locks: new KeyedMutex(), flush: async () => undefined };
    const store = new MongoRecipientStore(client.db(database).collection('recipients') as never, relay);
    expect(await race(store, 10)).toBe(0);
  });
});
