import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { testMongo } from '@trygg/testing';
import { answerChallenge, MOBILE_CODE, startChallenge } from '../src/domain/mobile-confirmation';
import { MongoMobileCodeQuota } from '../src/infrastructure/mongo-mobile-code-quota';
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

  it('counts each wrong code once when two instances answer at once, and a new mobile number resets the confirmation', async () => {
    const relay = { flush: async () => undefined };
    const collection = client.db(database).collection('recipients');
    const [one, two] = [new MongoRecipientStore(collection as never, relay), new MongoRecipientStore(collection as never, relay)];
    const id = randomUUID();
    await one.upsertContact({ id, municipalityId: 'ale', name: 'Mo', email: 'mo@prefs.example', mobile: '+46701234567', smsOptIn: true });
    const now = new Date();
    await one.decideMobile('ale', id, (r) => {
      const started = startChallenge(r, { code: '864213', salt: 'salt' }, now);
      return { set: started.ok ? { mobileChallenge: started.challenge } : null, result: started.ok };
    });
    const answer = (store: MongoRecipientStore, code: string) =>
      store.decideMobile('ale', id, (r) => {
        const decision = answerChallenge(r, code, now);
        return { set: decision.set, result: decision.outcome };
      });
    expect(await Promise.all([answer(one, '000001'), answer(two, '000002'), answer(one, '000003'), answer(two, '000004')])).toEqual(['wrong', 'wrong', 'wrong', 'wrong']);
    expect((await one.get('ale', id))!.mobileChallenge!.wrongAttempts).toBe(4);
    expect(await answer(two, '864213')).toBe('confirmed');
    expect((await one.get('ale', id))!.mobileConfirmed).toMatchObject({ number: '+46701234567' });
    await two.upsertContact({ id, municipalityId: 'ale', mobile: '+46701234567' }); // the same number: still confirmed
    expect((await one.get('ale', id))!.mobileConfirmed).not.toBeNull();
    await two.upsertContact({ id, municipalityId: 'ale', mobile: '+46709876543' });
    expect((await one.get('ale', id))!).toMatchObject({ mobile: '+46709876543', mobileConfirmed: null, mobileChallenge: null });
    expect(await one.decideMobile('lilla-edet', id, () => ({ set: null, result: 'x' }))).toBeNull();
  });

  it('allows 3 codes per number and day across instances, however many ask at once', async () => {
    const quotas = client.db(database).collection('mobile_code_quota');
    const [one, two] = [new MongoMobileCodeQuota(quotas as never), new MongoMobileCodeQuota(quotas as never)];
    await one.onInfrastructureReady();
    const number = `+4670${Math.floor(Math.random() * 1e7)}`;
    const taken = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).take(number, '2026-06-10', MOBILE_CODE.maxCodesPerNumberPerDay)));
    expect(taken.filter(Boolean)).toHaveLength(3);
    expect(await one.take(number, '2026-06-11', MOBILE_CODE.maxCodesPerNumberPerDay)).toBe(true);
    expect(JSON.stringify(await quotas.find().toArray())).not.toContain(number);
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
