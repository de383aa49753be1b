import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from '@trygg/persistence';
import { Coalescer } from './batching';
import { findByIds } from './find-by-ids';
import type { Scoped } from './scoped';
import type { Channel, MessageStatus, OutgoingMessage } from '../domain/message';
import type { MessageSearch, MessageStore, UnsubscribeGrant, UnsubscribeGrants } from '../application/ports';

type MessageDoc = Omit<OutgoingMessage, 'id'> & { _id: string };

function toMessage(doc: MessageDoc): OutgoingMessage {
  const { _id, claimId: _c, ...rest } = doc as MessageDoc & { claimId?: string };
  return { id: _id, ...rest };
}

/** MongoDB's (and FerretDB's) answers to dropIndex when there is no such collection, or no such index. */
const NAMESPACE_NOT_FOUND = 26;
const INDEX_NOT_FOUND = 27;

type TokenHash = { tokenHash: string; expiresAt: Date };
type Claim = { id: string; now: Date; unsubscribe?: TokenHash; ack?: TokenHash };

type SentExtra = Partial<Pick<OutgoingMessage, 'providerMessageId' | 'segments' | 'encoding' | 'lastError' | 'payload'>>;

/**
 * Messages and their delivery log. The three operations the email and SMS workers make for every message — read it,
 * claim it, record it sent — are coalesced across the jobs running at the same time (`Coalescer`): one `find` by
 * `_id $in`, one unordered `bulkWrite` of conditional single-document updates. Each update stays atomic on its own
 * document, and each caller gets its own answer.
 */
export class MongoMessageStore implements MessageStore, UnsubscribeGrants {
  private readonly reads = new Coalescer<string, MessageDoc | null>((ids) => findByIds(this.collection, ids));
  private readonly claims = new Coalescer<Claim, boolean>((claims) => this.claimMany(claims));
  private readonly sent = new Coalescer<{ id: string; now: Date; detail: string | null; extra: SentExtra }, void>((records) => this.recordSentMany(records));

  constructor(private readonly collection: mongo.Collection<MessageDoc>) {}

  /** Run by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

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
    // "Jag har läst": only area messages carry it (sparse: the other messages cost the index nothing)
    await this.collection.createIndex({ 'ack.tokenHash': 1 }, { name: 'ack_token', sparse: true });
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

  claimForSending(id: string, now: Date, unsubscribe?: TokenHash, ack?: TokenHash): Promise<boolean> {
    return this.claims.call({ id, now, ...(unsubscribe ? { unsubscribe } : {}), ...(ack ? { ack } : {}) });
  }

  /**
   * queued → sending for several messages in one round trip: each a conditional update of its own document, marked
   * with a fresh `claimId`. When every update took effect (the usual case) every caller has its claim; otherwise one
   * read by id tells whose mark is on the document — a claim that lost (not queued any more, or a second claim of the
   * same message in the batch) finds another mark or none.
   */
  private async claimMany(claims: Claim[]): Promise<boolean[]> {
    const marked = claims.map((c) => ({ ...c, claimId: randomUUID() }));
    const ops = marked.map(({ id, now, unsubscribe, ack, claimId }) => ({
      updateOne: {
        filter: { _id: id, status: 'queued' },
        update: { $set: { status: 'sending', updatedAt: now, claimId, ...(unsubscribe ? { unsubscribe } : {}), ...(ack ? { ack } : {}) }, $inc: { attempts: 1 }, $push: { history: { status: 'sending', at: now, detail: null } } },
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
    extra: Partial<Pick<OutgoingMessage, 'providerMessageId' | 'segments' | 'encoding' | 'lastError' | 'payload'>> = {},
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
    const filter: Scoped<MessageDoc> = {
      municipalityId: q.municipalityId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.recipientId ? { recipientId: q.recipientId } : {}),
      ...(q.broadcastId ? { broadcastId: q.broadcastId } : {}),
      ...(q.template ? { template: q.template } : {}),
      ...(q.before ? { createdAt: { $lt: q.before } } : {}),
    };
    const docs = await this.collection.find(filter, { projection: { payload: 0 } }).sort({ createdAt: -1 }).limit(q.limit).toArray();
    return docs.map((d) => toMessage({ ...d, payload: null }));
  }

  async ofRecipient(municipalityId: string, recipientId: string): Promise<OutgoingMessage[]> {
    const filter: Scoped<MessageDoc> = { municipalityId, recipientId };
    const docs = await this.collection.find(filter, { projection: { payload: 0 } }).toArray();
    return docs.map((d) => toMessage({ ...d, payload: null })).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  async broadcastTotals(municipalityId: string, broadcastId: string) {
    const filter: Scoped<MessageDoc> = { municipalityId, broadcastId };
    const rows = await this.collection
      .aggregate<{ _id: { channel: Channel; status: MessageStatus }; count: number }>([
        { $match: filter },
        { $group: { _id: { channel: '$channel', status: '$status' }, count: { $sum: 1 } } },
      ])
      .toArray();
    return rows.map((r) => ({ channel: r._id.channel, status: r._id.status, count: r.count })).sort((a, b) => (a.channel + a.status).localeCompare(b.channel + b.status));
  }

  async broadcastStatuses(municipalityId: string, broadcastId: string, recipientIds: string[]): Promise<Array<{ recipientId: string; status: MessageStatus }>> {
    if (recipientIds.length === 0) return [];
    const filter: Scoped<MessageDoc> = { municipalityId, broadcastId, recipientId: { $in: recipientIds } };
    const docs = await this.collection.find(filter, { projection: { recipientId: 1, status: 1 } }).toArray();
    return docs.map((d) => ({ recipientId: d.recipientId, status: d.status }));
  }

  async findByAckToken(tokenHash: string): Promise<OutgoingMessage | null> {
    const doc = await this.collection.findOne({ 'ack.tokenHash': tokenHash } as never);
    return doc?.ack ? toMessage(doc) : null;
  }

  async findGrant(tokenHash: string): Promise<UnsubscribeGrant | null> {
    const doc = await this.collection.findOne({ 'unsubscribe.tokenHash': tokenHash } as never);
    if (!doc?.unsubscribe) return null;
    return { recipientId: doc.recipientId, municipalityId: doc.municipalityId, category: doc.category, channel: doc.channel, expiresAt: doc.unsubscribe.expiresAt };
  }

  async eraseRecipientTexts(municipalityId: string, recipientId: string): Promise<void> {
    const filter: Scoped<MessageDoc> = { municipalityId, recipientId };
    // An update pipeline: every history entry keeps its status and time, loses its detail.
    await this.collection.updateMany(filter, [
      { $set: { payload: null, lastError: null, history: { $map: { input: '$history', as: 'h', in: { status: '$$h.status', at: '$$h.at', detail: null } } } } },
    ] as never);
  }
}
