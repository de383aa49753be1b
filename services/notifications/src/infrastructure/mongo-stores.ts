import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { outboxForUpdate, type OutboxFields, type OutboxRelay } from '@trygg/messaging';
import { isDuplicateKeyError, type KeyedMutex, type ScopedFilter } from '@trygg/persistence';
import type { AwaitingRecipient } from '../domain/awaiting';
import type { Channel, MessageStatus, OutgoingMessage } from '../domain/message';
import { changeAddress, defaultPreferences, markBounced, type Preferences, type Recipient } from '../domain/recipient';
import type {
  AnnounceReachability,
  AwaitingStore,
  Broadcast,
  BroadcastStore,
  MessageSearch,
  MessageStore,
  RecipientFilter,
  RecipientStore,
  UnsubscribeGrant,
  UnsubscribeGrants,
} from '../application/ports';

type RecipientDoc = Omit<Recipient, 'id'> & { _id: string; updatedAt: Date } & Partial<OutboxFields>;
type MessageDoc = Omit<OutgoingMessage, 'id'> & { _id: string };
type BroadcastDoc = Omit<Broadcast, 'id'> & { _id: string };
type AwaitingDoc = Omit<AwaitingRecipient, 'id'> & { _id: string };

function toRecipient(doc: RecipientDoc): Recipient {
  const { _id, updatedAt: _u, outbox: _o, outboxPending: _p, outboxLeaseUntil: _l, outboxLeaseOwner: _w, ...rest } = doc;
  return {
    id: _id,
    ...rest,
    email: rest.email ?? null,
    emailBouncedAt: rest.emailBouncedAt ?? null,
    mobile: rest.mobile ?? null,
    smsOptIn: rest.smsOptIn ?? false,
    emailUpdates: rest.emailUpdates ?? true,
    groupIds: rest.groupIds ?? [],
    areaIds: rest.areaIds ?? [],
    preferences: rest.preferences ?? defaultPreferences(),
    bounceSmsSentAt: rest.bounceSmsSentAt ?? null,
    preferencesUpdatedAt: rest.preferencesUpdatedAt ?? null,
    name: rest.name ?? '',
    language: rest.language ?? 'sv',
  };
}

/**
 * The outbox entries for an update of a recipient. Recipients stored before they had an outbox lack the relay's lease
 * field, and a relay only claims a document whose lease has run out (`outboxLeaseUntil < now`): give them one.
 */
function outboxForRecipient(doc: RecipientDoc, events: readonly EventEnvelope[]): Record<string, unknown> {
  const set = outboxForUpdate(events);
  if (events.length > 0 && typeof doc.outboxLeaseUntil !== 'number') Object.assign(set, { outboxLeaseUntil: 0, outboxLeaseOwner: null });
  return set;
}

/**
 * Recipients, each with its own outbox (docs/decisions/0003): the event announcing a reachability change is written
 * in the same update as the bounce mark it is about. Every write to a recipient runs under the KeyedMutex shared with
 * its OutboxRelay, because FerretDB v1 does not make a write atomic against a concurrent one (the relay's clean-up
 * included).
 */
export class MongoRecipientStore implements RecipientStore {
  private readonly locks: KeyedMutex;

  constructor(
    private readonly collection: mongo.Collection<RecipientDoc>,
    private readonly relay: Pick<OutboxRelay, 'locks' | 'flush'>,
  ) {
    this.locks = relay.locks;
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, _id: 1 }, { name: 'municipality_id' });
  }

  async upsertContact(contact: Parameters<RecipientStore['upsertContact']>[0], announce?: AnnounceReachability): Promise<void> {
    await this.writeAnnouncing(contact.id, async () => ({ result: undefined, events: await this.writeContact(contact, announce) }));
  }

  /**
   * A write under the recipient's lock that may put events in its outbox; they are published right after the
   * write (the relay's periodic sweep is the recovery path).
   */
  private async writeAnnouncing<T>(id: string, write: () => Promise<{ result: T; events: readonly EventEnvelope[] }>): Promise<T> {
    const { result, events } = await this.locks.runExclusive(id, write);
    if (events.length) void this.relay.flush(id);
    return result;
  }

  /** upsertContact without taking the lock (for writers that hold it already); returns the events it put in the outbox. */
  private async writeContact(contact: Parameters<RecipientStore['upsertContact']>[0], announce?: AnnounceReachability): Promise<readonly EventEnvelope[]> {
    const { id, ...fields } = contact;
    let events: EventEnvelope[] = [];
    const now = new Date();
    const set: Record<string, unknown> = { updatedAt: now };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) set[k] = v;
    const existing = await this.collection.findOne({ _id: id });
    if (existing) {
      // A new email address is a new chance: the bounce mark belongs to the old one.
      const before = toRecipient(existing);
      const change = changeAddress(before, contact.email, now);
      if (change.clearMarks) {
        set['emailBouncedAt'] = null;
        set['bounceSmsSentAt'] = null;
      }
      if (change.announce && announce) events = [announce({ ...before, ...(set as Partial<Recipient>) }, change.announce)];
      Object.assign(set, outboxForRecipient(existing, events));
    }
    const onInsert: Record<string, unknown> = {};
    const defaults: Partial<RecipientDoc> = {
      name: '', email: null, emailBouncedAt: null, mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv', groupIds: [], areaIds: [], preferences: defaultPreferences(), bounceSmsSentAt: null,
      outbox: {}, outboxPending: false, outboxLeaseUntil: 0, outboxLeaseOwner: null,
    };
    // (A path in both would be a conflict even when nothing is inserted, `outbox` vs `outbox.<eventId>` included.)
    for (const [k, v] of Object.entries(defaults)) if (!Object.keys(set).some((path) => path === k || path.startsWith(`${k}.`))) onInsert[k] = v;
    await this.collection.updateOne({ _id: id }, { $set: set, $setOnInsert: onInsert } as never, { upsert: true });
    return events;
  }

  async get(id: string): Promise<Recipient | null> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? toRecipient(doc) : null;
  }

  async joinGroup(id: string, municipalityId: string, groupId: string, areaId: string): Promise<void> {
    await this.locks.runExclusive(id, async () => {
      // A recipient created here has no address yet: writing it announces nothing.
      const existing = await this.collection.findOne({ _id: id });
      if (!existing) await this.writeContact({ id, municipalityId });
      await this.collection.updateOne({ _id: id }, { $addToSet: { groupIds: groupId, areaIds: areaId }, $set: { updatedAt: new Date() } } as never);
    });
  }

  async leaveGroup(id: string, groupId: string): Promise<void> {
    await this.locks.runExclusive(id, () => this.collection.updateOne({ _id: id }, { $pull: { groupIds: groupId }, $set: { updatedAt: new Date() } } as never));
  }

  async setPreferences(id: string, municipalityId: string, preferences: Preferences, at: Date): Promise<boolean> {
    return this.locks.runExclusive(id, async () => {
      const filter: ScopedFilter<RecipientDoc> = { _id: id, municipalityId } as ScopedFilter<RecipientDoc>;
      const result = await this.collection.updateOne(filter as never, { $set: { preferences, preferencesUpdatedAt: at, updatedAt: at } });
      return result.matchedCount === 1;
    });
  }

  async updatePreferences(id: string, municipalityId: string, change: (current: Preferences) => Preferences, at: Date): Promise<boolean> {
    return this.locks.runExclusive(id, async () => {
      const filter: ScopedFilter<RecipientDoc> = { _id: id, municipalityId } as ScopedFilter<RecipientDoc>;
      const doc = await this.collection.findOne(filter as never);
      if (!doc) return false;
      const preferences = change(toRecipient(doc).preferences);
      const result = await this.collection.updateOne(filter as never, { $set: { preferences, preferencesUpdatedAt: at, updatedAt: at } });
      return result.matchedCount === 1;
    });
  }

  markEmailBounced(id: string, at: Date, announce: AnnounceReachability): Promise<boolean> {
    return this.writeAnnouncing(id, async () => {
      const doc = await this.collection.findOne({ _id: id });
      if (!doc) return { result: false, events: [] }; // erased (or never known): nothing to mark, nobody to tell
      const recipient = toRecipient(doc);
      const decision = markBounced(recipient, at);
      if (!decision.mark) return { result: false, events: [] }; // a second bounce of a dead address tells nobody
      const events = decision.announce ? [announce(recipient, decision.announce)] : [];
      await this.collection.updateOne({ _id: id }, { $set: { emailBouncedAt: at, updatedAt: at, ...outboxForRecipient(doc, events) } } as never);
      return { result: true, events };
    });
  }

  async claimBounceSms(id: string, at: Date): Promise<boolean> {
    const result = await this.locks.runExclusive(id, () => this.collection.updateOne({ _id: id, bounceSmsSentAt: null }, { $set: { bounceSmsSentAt: at, updatedAt: at } }));
    return result.modifiedCount === 1;
  }

  async erase(id: string): Promise<void> {
    // Pending events of an erased person go with the document: nobody needs to hear about them any more.
    await this.locks.runExclusive(id, () => this.collection.deleteOne({ _id: id }));
  }

  async unreachable(municipalityId: string, limit: number): Promise<Recipient[]> {
    const filter: ScopedFilter<RecipientDoc> = { municipalityId, emailBouncedAt: { $ne: null } } as ScopedFilter<RecipientDoc>;
    return (await this.collection.find(filter as never).sort({ _id: 1 }).limit(limit).toArray()).map(toRecipient);
  }

  async *stream(filter: RecipientFilter, batchSize: number): AsyncGenerator<Recipient[]> {
    const or: Array<Record<string, unknown>> = [];
    if (filter.groupIds?.length) or.push({ groupIds: { $in: filter.groupIds } });
    if (filter.areaIds?.length) or.push({ areaIds: { $in: filter.areaIds } });
    const query: ScopedFilter<RecipientDoc> = { municipalityId: filter.municipalityId, ...(or.length ? { $or: or } : {}) } as ScopedFilter<RecipientDoc>;
    const cursor = this.collection.find(query as never).batchSize(batchSize);
    let batch: Recipient[] = [];
    try {
      for await (const doc of cursor) {
        batch.push(toRecipient(doc));
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      await cursor.close();
    }
  }

}

function toMessage(doc: MessageDoc): OutgoingMessage {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

export class MongoMessageStore implements MessageStore, UnsubscribeGrants {
  constructor(private readonly collection: mongo.Collection<MessageDoc>) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key' });
    await this.collection.createIndex({ municipalityId: 1, createdAt: -1 }, { name: 'municipality_created' });
    await this.collection.createIndex({ providerMessageId: 1 }, { name: 'provider_message_id' });
    await this.collection.createIndex({ recipientId: 1 }, { name: 'recipient' });
    await this.collection.createIndex({ 'unsubscribe.tokenHash': 1 }, { name: 'unsubscribe_token' });
  }

  async createIfAbsent(message: OutgoingMessage): Promise<boolean> {
    const { id, ...rest } = message;
    try {
      await this.collection.insertOne({ _id: id, ...rest });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async createMany(messages: OutgoingMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    try {
      const result = await this.collection.insertMany(
        messages.map(({ id, ...rest }) => ({ _id: id, ...rest })),
        { ordered: false },
      );
      return result.insertedCount;
    } catch (error) {
      // Unordered: the new ones are in; duplicates (a retried page) are reported and skipped.
      const inserted = (error as { insertedCount?: number; result?: { insertedCount?: number } }).insertedCount;
      const writeErrors = (error as { writeErrors?: Array<{ code?: number }> | { code?: number } }).writeErrors;
      const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
      if (list.length > 0 && list.every((e) => e.code === 11000)) return inserted ?? messages.length - list.length;
      if (isDuplicateKeyError(error)) return inserted ?? 0;
      throw error;
    }
  }

  async get(id: string): Promise<OutgoingMessage | null> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? toMessage(doc) : null;
  }

  async findByProviderId(channel: Channel, providerMessageId: string): Promise<OutgoingMessage | null> {
    const doc = await this.collection.findOne({ providerMessageId, channel });
    return doc ? toMessage(doc) : null;
  }

  async claimForSending(id: string, now: Date, unsubscribe?: { tokenHash: string; expiresAt: Date }): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: id, status: 'queued' },
      { $set: { status: 'sending', updatedAt: now, ...(unsubscribe ? { unsubscribe } : {}) }, $inc: { attempts: 1 }, $push: { history: { status: 'sending', at: now, detail: null } } } as never,
    );
    return result.modifiedCount === 1;
  }

  async transition(
    id: string,
    to: MessageStatus,
    now: Date,
    detail: string | null,
    extra: Partial<Pick<OutgoingMessage, 'providerMessageId' | 'segments' | 'encoding' | 'lastError'>> = {},
    onlyFrom?: MessageStatus[],
  ): Promise<boolean> {
    const filter: Record<string, unknown> = { _id: id };
    if (onlyFrom) filter['status'] = { $in: onlyFrom };
    const result = await this.collection.updateOne(filter as never, {
      $set: { status: to, updatedAt: now, ...extra },
      $push: { history: { status: to, at: now, detail } },
    } as never);
    return result.modifiedCount === 1;
  }

  async search(q: MessageSearch): Promise<OutgoingMessage[]> {
    const filter: ScopedFilter<MessageDoc> = { municipalityId: q.municipalityId } as ScopedFilter<MessageDoc>;
    const f = filter as Record<string, unknown>;
    if (q.status) f['status'] = q.status;
    if (q.channel) f['channel'] = q.channel;
    if (q.recipientId) f['recipientId'] = q.recipientId;
    if (q.broadcastId) f['broadcastId'] = q.broadcastId;
    if (q.template) f['template'] = q.template;
    if (q.before) f['createdAt'] = { $lt: q.before };
    const docs = await this.collection.find(filter as never, { projection: { payload: 0 } }).sort({ createdAt: -1 }).limit(q.limit).toArray();
    return docs.map((d) => toMessage({ ...d, payload: null }));
  }

  async broadcastTotals(municipalityId: string, broadcastId: string) {
    const filter: ScopedFilter<MessageDoc> = { municipalityId, broadcastId } as ScopedFilter<MessageDoc>;
    const rows = await this.collection
      .aggregate<{ _id: { channel: Channel; status: MessageStatus }; count: number }>([
        { $match: filter },
        { $group: { _id: { channel: '$channel', status: '$status' }, count: { $sum: 1 } } },
      ])
      .toArray();
    return rows.map((r) => ({ channel: r._id.channel, status: r._id.status, count: r.count })).sort((a, b) => (a.channel + a.status).localeCompare(b.channel + b.status));
  }

  async findGrant(tokenHash: string): Promise<UnsubscribeGrant | null> {
    const doc = await this.collection.findOne({ 'unsubscribe.tokenHash': tokenHash } as never);
    if (!doc?.unsubscribe) return null;
    return { recipientId: doc.recipientId, municipalityId: doc.municipalityId, category: doc.category, channel: doc.channel, expiresAt: doc.unsubscribe.expiresAt };
  }

  async erasePayloads(recipientId: string): Promise<void> {
    await this.collection.updateMany({ recipientId }, { $set: { payload: null } });
  }
}

export class MongoBroadcastStore implements BroadcastStore {
  constructor(private readonly collection: mongo.Collection<BroadcastDoc>) {}

  async create(b: Broadcast): Promise<void> {
    const { id, ...rest } = b;
    await this.collection.insertOne({ _id: id, ...rest });
  }

  async get(municipalityId: string, id: string): Promise<Broadcast | null> {
    const filter: ScopedFilter<BroadcastDoc> = { municipalityId, _id: id } as ScopedFilter<BroadcastDoc>;
    const doc = await this.collection.findOne(filter as never);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: _id, ...rest };
  }

  async setCounts(id: string, recipients: number, messages: number): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { recipients, messages } });
  }
}

/**
 * Events waiting for a person (collection `awaiting`). Each record is written once and deleted once: inserted with
 * its derived id (a duplicate is a redelivery), never updated, so no lock is needed. Small by design (FerretDB scans
 * on every find): records live until the person arrives, is erased, or housekeeping gives them up.
 */
export class MongoAwaitingStore implements AwaitingStore {
  constructor(private readonly collection: mongo.Collection<AwaitingDoc>) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, recipientId: 1 }, { name: 'municipality_recipient' });
  }

  async add(record: AwaitingRecipient): Promise<void> {
    const { id, ...rest } = record;
    try {
      await this.collection.insertOne({ _id: id, ...rest });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async forRecipient(municipalityId: string, recipientId: string): Promise<AwaitingRecipient[]> {
    const filter: ScopedFilter<AwaitingDoc> = { municipalityId, recipientId };
    const docs = await this.collection.find(filter as never).sort({ since: 1, _id: 1 }).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }

  async remove(municipalityId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const filter: ScopedFilter<AwaitingDoc> = { municipalityId, _id: { $in: ids } };
    await this.collection.deleteMany(filter as never);
  }

  async eraseRecipient(municipalityId: string, recipientId: string): Promise<number> {
    const filter: ScopedFilter<AwaitingDoc> = { municipalityId, recipientId };
    return (await this.collection.deleteMany(filter as never)).deletedCount;
  }

  async purgeOlderThan(municipalityId: string, cutoff: Date): Promise<number> {
    const filter: ScopedFilter<AwaitingDoc> = { municipalityId, since: { $lt: cutoff } };
    return (await this.collection.deleteMany(filter as never)).deletedCount;
  }
}
