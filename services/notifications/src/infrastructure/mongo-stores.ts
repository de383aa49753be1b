import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import {
  type AggregateDocument,
  type AggregateFields,
  type ChangeDecision,
  loadAggregate,
  OutboxAggregateCollection,
  type OutboxFields,
  type OutboxRelay,
} from '@trygg/messaging';
import { ConcurrentModification, isDuplicateKeyError, type ScopedFilter } from '@trygg/persistence';
import { Coalescer } from './batching';
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

type RecipientDoc = Omit<Recipient, 'id'> & { _id: string; updatedAt: Date; version?: number } & Partial<OutboxFields>;
type MessageDoc = Omit<OutgoingMessage, 'id'> & { _id: string };
type BroadcastDoc = Omit<Broadcast, 'id'> & { _id: string };
type AwaitingDoc = Omit<AwaitingRecipient, 'id'> & { _id: string };

/** Stored beside the recipient: when it last changed. */
interface RecipientStorage {
  updatedAt: Date;
}
type RecipientFields = AggregateFields<Recipient, RecipientStorage>;
type ContactInput = Parameters<RecipientStore['upsertContact']>[0];

/** The recipient with every field it may lack (documents written before the field existed) given its default. */
function normalise(stored: Partial<RecipientFields> & { id: string; municipalityId: string }): Recipient {
  const { updatedAt: _u, ...rest } = stored;
  return {
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

function toRecipient(doc: RecipientDoc): Recipient {
  return normalise(loadAggregate<Recipient, RecipientStorage>(doc as AggregateDocument<Recipient, RecipientStorage>).state);
}

/** The contact fields the caller gave (undefined = keep what is stored). */
function givenFields(contact: ContactInput): Partial<RecipientFields> {
  const { id: _id, ...fields } = contact;
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) set[k] = v;
  return set as Partial<RecipientFields>;
}

/**
 * Recipients as aggregates of libs/messaging's OutboxAggregateCollection (docs/decisions/0003): each carries its own
 * outbox, so the event announcing a reachability change is written in the same update as the bounce mark it is about,
 * and every read-modify-write is conditional on the version it read (decided again when another write won — in this
 * process or in another instance). A recipient is created by the first write that needs it.
 */
export class MongoRecipientStore implements RecipientStore {
  private readonly aggregates: OutboxAggregateCollection<Recipient, RecipientStorage>;

  constructor(
    private readonly collection: mongo.Collection<RecipientDoc>,
    relay: Pick<OutboxRelay, 'flush'>,
  ) {
    this.aggregates = new OutboxAggregateCollection(collection as unknown as mongo.Collection<AggregateDocument<Recipient, RecipientStorage>>, relay);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, _id: 1 }, { name: 'municipality_id' });
    // unreachable: the bounced few of a municipality, not all its recipients
    await this.collection.createIndex({ municipalityId: 1, emailBouncedAt: 1 }, { name: 'municipality_bounced' });
    // stream to groups / areas (a broadcast to one group reads that group's recipients only; multikey)
    await this.collection.createIndex({ municipalityId: 1, groupIds: 1 }, { name: 'municipality_group' });
    await this.collection.createIndex({ municipalityId: 1, areaIds: 1 }, { name: 'municipality_area' });
  }

  async upsertContact(contact: ContactInput, announce?: AnnounceReachability): Promise<void> {
    const now = new Date();
    const given = givenFields(contact);
    await this.changeOrCreate(
      contact.id,
      (before) => {
        const set: Partial<RecipientFields> = { ...given, updatedAt: now };
        // A new email address is a new chance: the bounce mark belongs to the old one.
        const change = changeAddress(before, contact.email, now);
        if (change.clearMarks) Object.assign(set, { emailBouncedAt: null, bounceSmsSentAt: null });
        const events = change.announce && announce ? [announce({ ...before, ...set } as Recipient, change.announce)] : [];
        return { set, events, result: undefined };
      },
      () => ({ ...given, municipalityId: contact.municipalityId, updatedAt: now }),
    );
  }

  /** Reads by id, coalesced across concurrent callers (the email workers: one query for the jobs running at once). */
  private readonly reads = new Coalescer<string, RecipientDoc | null>((ids) => findByIds(this.collection, ids));

  async get(id: string): Promise<Recipient | null> {
    const doc = await this.reads.call(id);
    return doc ? toRecipient(doc) : null;
  }

  async joinGroup(id: string, municipalityId: string, groupId: string, areaId: string): Promise<void> {
    const now = new Date();
    await this.changeOrCreate(
      id,
      (current) => {
        if (current.groupIds.includes(groupId) && current.areaIds.includes(areaId)) return { result: undefined };
        const set = { groupIds: [...new Set([...current.groupIds, groupId])], areaIds: [...new Set([...current.areaIds, areaId])], updatedAt: now };
        return { set, result: undefined };
      },
      // A recipient created here has no address yet: nothing to announce.
      () => ({ municipalityId, groupIds: [groupId], areaIds: [areaId], updatedAt: now }),
    );
  }

  async leaveGroup(id: string, groupId: string): Promise<void> {
    await this.aggregates.change(id, {}, ({ state }) => {
      const current = normalise(state);
      if (!current.groupIds.includes(groupId)) return { result: undefined };
      return { set: { groupIds: current.groupIds.filter((g) => g !== groupId), updatedAt: new Date() }, result: undefined };
    });
  }

  setPreferences(id: string, municipalityId: string, preferences: Preferences, at: Date): Promise<boolean> {
    return this.updatePreferences(id, municipalityId, () => preferences, at);
  }

  async updatePreferences(id: string, municipalityId: string, change: (current: Preferences) => Preferences, at: Date): Promise<boolean> {
    const found = await this.aggregates.change(id, { municipalityId }, ({ state }) => ({
      set: { preferences: change(normalise(state).preferences), preferencesUpdatedAt: at, updatedAt: at },
      result: true,
    }));
    return found ?? false;
  }

  async markEmailBounced(id: string, at: Date, announce: AnnounceReachability): Promise<boolean> {
    const marked = await this.aggregates.change(id, {}, ({ state }) => {
      const recipient = normalise(state);
      const decision = markBounced(recipient, at);
      if (!decision.mark) return { result: false }; // a second bounce of a dead address tells nobody
      const events = decision.announce ? [announce(recipient, decision.announce)] : [];
      return { set: { emailBouncedAt: at, updatedAt: at }, events, result: true };
    });
    return marked ?? false; // erased (or never known): nothing to mark, nobody to tell
  }

  async claimBounceSms(id: string, at: Date): Promise<boolean> {
    // One atomic conditional update decides who sends the one SMS; the version moves so that a read-modify-write
    // that read before it decides again.
    const result = await this.collection.updateOne({ _id: id, bounceSmsSentAt: null }, { $set: { bounceSmsSentAt: at, updatedAt: at }, $inc: { version: 1 } });
    return result.modifiedCount === 1;
  }

  async erase(id: string): Promise<void> {
    // Pending events of an erased person go with the document: nobody needs to hear about them any more.
    await this.collection.deleteOne({ _id: id });
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

  /**
   * Changes the recipient, or creates it (with every default) when there is none. Two writers creating the same
   * recipient at once: one insert wins, the other changes what it created.
   */
  private async changeOrCreate(
    id: string,
    decide: (current: Recipient) => ChangeDecision<RecipientFields, undefined>,
    created: () => Partial<RecipientFields> & { municipalityId: string; updatedAt: Date },
  ): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const found = await this.aggregates.change(id, {}, ({ state }) => {
        const decision = decide(normalise(state));
        return { ...decision, result: true as const };
      });
      if (found) return;
      if (await this.aggregates.insert(id, { ...newRecipientDefaults(), ...created() })) return;
    }
    throw new ConcurrentModification('recipient', id);
  }
}

/** A new recipient before the caller's fields: no address, the default choices, no groups. */
function newRecipientDefaults(): Omit<RecipientFields, 'municipalityId' | 'updatedAt'> {
  return {
    name: '', email: null, emailBouncedAt: null, mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv', groupIds: [], areaIds: [],
    preferences: defaultPreferences(), bounceSmsSentAt: null, preferencesUpdatedAt: null,
  } as Omit<RecipientFields, 'municipalityId' | 'updatedAt'>;
}

/** Documents by `_id` in one query, in the order asked (null for one that is not there). */
async function findByIds<D extends { _id: string }>(collection: mongo.Collection<D>, ids: string[]): Promise<Array<D | null>> {
  const docs = await collection.find({ _id: { $in: [...new Set(ids)] } } as never).toArray();
  const byId = new Map<string, D>(docs.map((d) => [String(d._id), d as D]));
  return ids.map((id) => byId.get(id) ?? null);
}

function toMessage(doc: MessageDoc): OutgoingMessage {
  const { _id, claimId: _c, ...rest } = doc as MessageDoc & { claimId?: string };
  return { id: _id, ...rest };
}

/** MongoDB's (and FerretDB's) answers to dropIndex when there is no such collection, or no such index. */
const NAMESPACE_NOT_FOUND = 26;
const INDEX_NOT_FOUND = 27;

type SentExtra = Partial<Pick<OutgoingMessage, 'providerMessageId' | 'segments' | 'encoding' | 'lastError'>>;

/**
 * Messages and their delivery log. The three operations the email and SMS workers make for every message — read it,
 * claim it, record it sent — are coalesced across the jobs running at the same time (`Coalescer`): one `find` by
 * `_id $in`, one unordered `bulkWrite` of conditional single-document updates. Each update stays atomic on its own
 * document, and each caller gets its own answer.
 */
export class MongoMessageStore implements MessageStore, UnsubscribeGrants {
  private readonly reads = new Coalescer<string, MessageDoc | null>((ids) => findByIds(this.collection, ids));
  private readonly claims = new Coalescer<{ id: string; now: Date; unsubscribe?: { tokenHash: string; expiresAt: Date } }, boolean>((claims) => this.claimMany(claims));
  private readonly sent = new Coalescer<{ id: string; now: Date; detail: string | null; extra: SentExtra }, void>((records) => this.recordSentMany(records));

  constructor(private readonly collection: mongo.Collection<MessageDoc>) {}

  async ensureIndexes(): Promise<void> {
    // One send per idempotency key needs no index of its own: `_id` is derived from the key (messageIdFor), so the
    // primary key refuses a second message with the same key. (Every index costs PostgreSQL on each of the two
    // updates every email makes — the fan-out's bound on FerretDB 2 — so the former unique index goes.)
    await this.collection.dropIndex('idempotency_key').catch((error: { code?: number }) => {
      if (error.code !== NAMESPACE_NOT_FOUND && error.code !== INDEX_NOT_FOUND) throw error; // a new database, or dropped already
    });
    await this.collection.createIndex({ municipalityId: 1, createdAt: -1 }, { name: 'municipality_created' });
    await this.collection.createIndex({ providerMessageId: 1 }, { name: 'provider_message_id' });
    await this.collection.createIndex({ recipientId: 1 }, { name: 'recipient' });
    await this.collection.createIndex({ 'unsubscribe.tokenHash': 1 }, { name: 'unsubscribe_token' });
    // broadcastTotals, and search by broadcast
    await this.collection.createIndex({ municipalityId: 1, broadcastId: 1 }, { name: 'municipality_broadcast' });
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
    const doc = await this.reads.call(id);
    return doc ? toMessage(doc) : null;
  }

  async findByProviderId(channel: Channel, providerMessageId: string): Promise<OutgoingMessage | null> {
    const doc = await this.collection.findOne({ providerMessageId, channel });
    return doc ? toMessage(doc) : null;
  }

  claimForSending(id: string, now: Date, unsubscribe?: { tokenHash: string; expiresAt: Date }): Promise<boolean> {
    return this.claims.call({ id, now, ...(unsubscribe ? { unsubscribe } : {}) });
  }

  /**
   * queued → sending for several messages in one round trip: each a conditional update of its own document, marked
   * with a fresh `claimId`. When every update took effect (the usual case) every caller has its claim; otherwise one
   * read by id tells whose mark is on the document — a claim that lost (not queued any more, or a second claim of the
   * same message in the batch) finds another mark or none.
   */
  private async claimMany(claims: Array<{ id: string; now: Date; unsubscribe?: { tokenHash: string; expiresAt: Date } }>): Promise<boolean[]> {
    const marked = claims.map((c) => ({ ...c, claimId: randomUUID() }));
    const ops = marked.map(({ id, now, unsubscribe, claimId }) => ({
      updateOne: {
        filter: { _id: id, status: 'queued' },
        update: { $set: { status: 'sending', updatedAt: now, claimId, ...(unsubscribe ? { unsubscribe } : {}) }, $inc: { attempts: 1 }, $push: { history: { status: 'sending', at: now, detail: null } } },
      },
    }));
    const [only] = ops;
    if (only && ops.length === 1) return [(await this.collection.updateOne(only.updateOne.filter as never, only.updateOne.update as never)).modifiedCount === 1];
    let modified = -1;
    try {
      modified = (await this.collection.bulkWrite(ops as never, { ordered: false })).modifiedCount;
    } catch (error) {
      // Some updates may have been applied before the error: the read below tells which. A connection error fails it too.
      if (!(error instanceof Error && 'writeErrors' in error)) throw error;
    }
    if (modified === marked.length) return marked.map(() => true);
    const docs = await this.collection.find({ _id: { $in: [...new Set(marked.map((c) => c.id))] } } as never, { projection: { claimId: 1 } }).toArray();
    const markOf = new Map(docs.map((d) => [d._id, (d as { claimId?: string }).claimId]));
    return marked.map((c) => markOf.get(c.id) === c.claimId);
  }

  recordSent(id: string, now: Date, detail: string | null, extra: SentExtra): Promise<void> {
    return this.sent.call({ id, now, detail, extra });
  }

  private async recordSentMany(records: Array<{ id: string; now: Date; detail: string | null; extra: SentExtra }>): Promise<void[]> {
    const ops = records.map(({ id, now, detail, extra }) => ({
      updateOne: { filter: { _id: id }, update: { $set: { status: 'sent', updatedAt: now, ...extra }, $push: { history: { status: 'sent', at: now, detail } } } },
    }));
    const [only] = ops;
    if (only && ops.length === 1) await this.collection.updateOne(only.updateOne.filter as never, only.updateOne.update as never);
    else await this.collection.bulkWrite(ops as never, { ordered: false });
    return records.map(() => undefined);
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
 * its derived id (a duplicate is a redelivery), never updated. Small by design: records live until the person
 * arrives, is erased, or housekeeping gives them up.
 */
export class MongoAwaitingStore implements AwaitingStore {
  constructor(private readonly collection: mongo.Collection<AwaitingDoc>) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, recipientId: 1 }, { name: 'municipality_recipient' });
    // purgeOlderThan
    await this.collection.createIndex({ municipalityId: 1, since: 1 }, { name: 'municipality_since' });
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
