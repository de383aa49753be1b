import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import type { EventEnvelope } from '@trygg/contracts';
import type { EventPublisher } from './publisher';

/**
 * Transactional outbox without multi-document transactions (FerretDB 2 has none, and a MongoDB transaction would tie
 * every write to a replica set's transaction limits): pending events live in the aggregate's own document, written by
 * the same single-document update as the change itself.
 *
 * Layout on the document (see docs/decisions/0003-outbox-in-the-aggregate.md):
 *   outbox:          { <eventId>: { seq, event } }   a map keyed by eventId: appending and removing are plain $set/$unset
 *   outboxPending:   true while the map is non-empty
 *   outboxLeaseUntil epoch ms; a relay owns the document's events until then
 *   version:         bumped by every change (optimistic concurrency)
 */
export interface OutboxEntry {
  seq: number;
  event: EventEnvelope;
}

export interface OutboxFields {
  outbox: Record<string, OutboxEntry>;
  outboxPending: boolean;
  outboxLeaseUntil: number;
  outboxLeaseOwner: string | null;
}

let sequence = 0;
function nextSeq(): number {
  // Orders the events of one document even when several are written in one millisecond.
  sequence = (sequence + 1) % 1_000_000;
  return Date.now() * 1_000_000 + sequence;
}

/** Fields for a new document that carries its first events. */
export function outboxForInsert(events: readonly EventEnvelope[]): OutboxFields {
  return {
    outbox: Object.fromEntries(events.map((event) => [event.eventId, { seq: nextSeq(), event }])),
    outboxPending: events.length > 0,
    outboxLeaseUntil: 0,
    outboxLeaseOwner: null,
  };
}

/** `$set` entries that add events to an existing document in the same update as the change. */
export function outboxForUpdate(events: readonly EventEnvelope[]): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const event of events) set[`outbox.${event.eventId}`] = { seq: nextSeq(), event };
  if (events.length > 0) set['outboxPending'] = true;
  return set;
}

export interface OutboxRelayOptions {
  /** How long a relay owns a document's events before another may take them over. */
  leaseMs?: number;
  /** The recovery path: how often to look for events a dead process left behind. */
  pollIntervalMs?: number;
  batchSize?: number;
}

type AnyDoc = mongo.Document & Partial<OutboxFields>;

/**
 * Publishes the events stored on documents of one collection. `flush(id)` is the fast path, called right after
 * the write; the poller is the recovery path for a process that died between the write and the publish.
 * Relays in several processes share the work through the lease: claiming it is one atomic `findOneAndUpdate`, so one
 * relay at a time publishes a document's events. At-least-once all the same (a crash after the publish and before the
 * `$unset`, or a publish that outlived its lease, publishes again); consumers dedupe by eventId.
 */
export class OutboxRelay {
  private readonly owner = randomUUID();
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;
  private indexed = false;

  constructor(
    private readonly collection: mongo.Collection<AnyDoc>,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.batchSize = options.batchSize ?? 50;
  }

  /**
   * The recovery poll's index: only documents with pending events are in it (partial), so it stays small however
   * large the collection grows. Created by `start()`; idempotent.
   */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex(
      { outboxPending: 1, outboxLeaseUntil: 1 },
      { name: 'outbox_pending', partialFilterExpression: { outboxPending: true } },
    );
    this.indexed = true;
  }

  /**
   * Publishes the pending events of one document. Never throws: a failure is left to the poller. A writer that
   * appends while another relay holds the lease is covered by that relay's next round (it loops while events remain).
   */
  async flush(id: unknown): Promise<void> {
    try {
      for (let round = 0; round < 5; round++) {
        const more = await this.publishDocument(id);
        if (!more) return;
      }
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, collection: this.collection.collectionName }, 'outbox publish failed; the relay retries');
    }
  }

  /** Returns true when the document still has pending events after this round (added meanwhile). */
  private async publishDocument(id: unknown): Promise<boolean> {
    const now = Date.now();
    const claimed = await this.collection.findOneAndUpdate(
      { _id: id, outboxPending: true, outboxLeaseUntil: { $lt: now } } as mongo.Filter<AnyDoc>,
      { $set: { outboxLeaseUntil: now + this.leaseMs, outboxLeaseOwner: this.owner } } as mongo.UpdateFilter<AnyDoc>,
      { returnDocument: 'after', projection: { outbox: 1 } },
    );
    if (!claimed) return false;
    const entries = Object.entries(claimed.outbox ?? {}).sort(([, a], [, b]) => a.seq - b.seq);
    if (entries.length > 0) await this.publisher.publish(entries.map(([, entry]) => entry.event));
    const unset: Record<string, ''> = {};
    for (const [eventId] of entries) unset[`outbox.${eventId}`] = '';
    const update: mongo.UpdateFilter<AnyDoc> = { $set: { outboxLeaseUntil: 0, outboxLeaseOwner: null } };
    if (entries.length > 0) update.$unset = unset as never;
    await this.collection.updateOne({ _id: id, outboxLeaseOwner: this.owner } as mongo.Filter<AnyDoc>, update);
    // Clear the flag only when nothing was added meanwhile (a writer may have appended while we held the lease).
    const cleared = await this.collection.updateOne(
      { _id: id, outbox: {} } as mongo.Filter<AnyDoc>,
      { $set: { outboxPending: false } } as mongo.UpdateFilter<AnyDoc>,
    );
    return cleared.matchedCount === 0;
  }

  /** Finds documents whose events were left behind and publishes them. */
  async recoverOnce(): Promise<number> {
    const stale = await this.collection
      .find({ outboxPending: true, outboxLeaseUntil: { $lt: Date.now() } } as mongo.Filter<AnyDoc>, {
        projection: { _id: 1 },
        limit: this.batchSize,
      })
      .toArray();
    for (const doc of stale) await this.flush(doc._id);
    return stale.length;
  }

  /** Idempotent: a second call while running changes nothing (a start-up retried after an outage calls it again). */
  /** Found and called by service-kit's ServiceLifecycle once connected (start) and at shutdown (stop). */
  onInfrastructureReady(): void {
    this.start();
  }

  beforeInfrastructureShutdown(): void {
    this.stop();
  }

  start(): void {
    if (this.timer && !this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      if (!this.polling) {
        this.polling = true;
        try {
          if (!this.indexed) await this.ensureIndexes();
          await this.recoverOnce();
        } catch (error) {
          this.logger.debug({ err: (error as Error).message }, 'outbox recovery poll failed');
        } finally {
          this.polling = false;
        }
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.pollIntervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
