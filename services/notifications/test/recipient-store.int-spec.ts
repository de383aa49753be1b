import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { testMongo } from '@trygg/testing';
import { MongoRecipientStore } from '../src/infrastructure/mongo-recipient-store';

// The recipient store on the shared database (own database): concurrent writers to one recipient — in one process or,
// as here, in two store instances standing for two notifications instances — must not lose each other's changes. No
// lock: every read-modify-write is conditional on the version it read and decided again when it lost
// (docs/decisions/0003). (On FerretDB 1, whose updates were not atomic, 18 of 20 rounds lost a change without a lock.)

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

  async function race(one: MongoRecipientStore, two: MongoRecipientStore, rounds: number): Promise<number> {
    let lost = 0;
    for (let i = 0; i < rounds; i++) {
      const id = randomUUID();
      await one.upsertContact({ id, municipalityId: 'ale', name: 'Maj', email: 'maj@prefs.example' });
      await Promise.all([
        one.upsertContact({ id, municipalityId: 'ale', name: `Maj ${i}` }),
        two.setPreferences(id, 'ale', off, new Date()),
        one.updatePreferences(id, 'ale', (p) => ({ ...p, channels: { ...p.channels, email: true } }), new Date()),
        two.joinGroup(id, 'ale', `g${i}`, 'centrum'),
        one.joinGroup(id, 'ale', `h${i}`, 'centrum'),
      ]);
      const r = await one.get('ale', id);
      if (r?.name !== `Maj ${i}` || r.preferences.categories.information !== false || !r.groupIds.includes(`g${i}`) || !r.groupIds.includes(`h${i}`)) lost++;
    }
    return lost;
  }

  it('keeps every change when contact updates, preferences saves and group joins hit one recipient from two instances at once', async () => {
    // No reachability change happens here, so nothing is published.
    const relay = { flush: async () => undefined };
    const collection = client.db(database).collection('recipients') as never;
    expect(await race(new MongoRecipientStore(collection, relay), new MongoRecipientStore(collection, relay), 20)).toBe(0);
  });

  it('creates a recipient once when two instances write it first at the same moment', async () => {
    const relay = { flush: async () => undefined };
    const collection = client.db(database).collection('recipients');
    const [one, two] = [new MongoRecipientStore(collection as never, relay), new MongoRecipientStore(collection as never, relay)];
    const id = randomUUID();
    await Promise.all([one.joinGroup(id, 'ale', 'g1', 'centrum'), two.upsertContact({ id, municipalityId: 'ale', name: 'Ny', email: 'ny@prefs.example' })]);
    const r = await one.get('ale', id);
    expect(r).toMatchObject({ name: 'Ny', email: 'ny@prefs.example', groupIds: ['g1'] });
    expect(await collection.countDocuments({ _id: id as never })).toBe(1);
  });

  it('reads, changes and erases a recipient only within its municipality', async () => {
    const relay = { flush: async () => undefined };
    const store = new MongoRecipientStore(client.db(database).collection('recipients') as never, relay);
    const id = randomUUID();
    await store.upsertContact({ id, municipalityId: 'ale', name: 'Ale-bo', email: 'bo@scope.example', mobile: '+46701234567' });
    await store.joinGroup(id, 'ale', 'g-ale', 'centrum');
    expect(await store.get('trollhattan', id)).toBeNull();
    await store.leaveGroup('trollhattan', id, 'g-ale');
    expect(await store.markEmailBounced('trollhattan', id, new Date(), () => { throw new Error('must not announce'); })).toBe(false);
    expect(await store.claimBounceSms('trollhattan', id, new Date())).toBe(false);
    await store.erase('trollhattan', id);
    expect(await store.get('ale', id)).toMatchObject({ name: 'Ale-bo', groupIds: ['g-ale'], emailBouncedAt: null, bounceSmsSentAt: null });
    await store.leaveGroup('ale', id, 'g-ale');
    await store.erase('ale', id);
    expect(await store.get('ale', id)).toBeNull();
  });
});
