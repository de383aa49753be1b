import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { outboxForInsert, outboxForUpdate, type OutboxFields, type OutboxRelay } from '@trygg/messaging';
import { isDuplicateKeyError, type ScopedFilter } from '@trygg/persistence';
import type { ReviewStore } from '../application/reviews';
import type { Review } from '../domain/review';

export const REVIEWS_COLLECTION = 'reviews';
type ReviewDocument = Omit<Review, 'id'> & { _id: string; version: number } & OutboxFields;

export class MongoReviewStore implements ReviewStore {
  constructor(
    private readonly collection: mongo.Collection<ReviewDocument>,
    private readonly relay: OutboxRelay,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, status: 1 }, { name: 'municipality_status' });
  }

  exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.relay.locks.runExclusive(id, work);
  }

  async insert(review: Review): Promise<boolean> {
    const { id, ...rest } = review;
    try {
      await this.collection.insertOne({ _id: id, ...rest, version: 1, ...outboxForInsert([]) });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async find(municipalityId: string, id: string) {
    const filter: ScopedFilter<ReviewDocument> = { _id: id, municipalityId };
    const doc = await this.collection.findOne(filter as mongo.Filter<ReviewDocument>);
    return doc ? { review: toReview(doc), version: doc.version } : undefined;
  }

  async pending(municipalityId: string): Promise<Review[]> {
    const filter: ScopedFilter<ReviewDocument> = { municipalityId, status: 'pending' };
    const docs = await this.collection.find(filter as mongo.Filter<ReviewDocument>).toArray();
    return docs.map(toReview).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  async forgetPerson(municipalityId: string, personId: string): Promise<number> {
    const filter: ScopedFilter<ReviewDocument> = { municipalityId, 'subject.personId': personId };
    const result = await this.collection.updateMany(filter as mongo.Filter<ReviewDocument>, { $set: { subjectFields: {} } });
    return result.modifiedCount;
  }

  async saveDecision(review: Review, expectedVersion: number, events: EventEnvelope[]): Promise<boolean> {
    const filter: ScopedFilter<ReviewDocument> = { _id: review.id, municipalityId: review.municipalityId, version: expectedVersion };
    const result = await this.collection.updateOne(filter as mongo.Filter<ReviewDocument>, {
      $set: { status: review.status, decision: review.decision, version: expectedVersion + 1, ...outboxForUpdate(events) },
    } as mongo.UpdateFilter<ReviewDocument>);
    if (result.matchedCount === 0) return false;
    setImmediate(() => void this.relay.flush(review.id));
    return true;
  }
}

function toReview(doc: ReviewDocument): Review {
  const { _id, version: _v, outbox: _o, outboxPending: _p, outboxLeaseUntil: _l, outboxLeaseOwner: _w, ...rest } = doc;
  return { id: _id, ...rest };
}

export class MongoReviewAudit {
  constructor(private readonly collection: mongo.Collection) {}
  async record(entry: Record<string, unknown>): Promise<void> {
    await this.collection.insertOne({ ...entry, action: 'bra-review-decision' });
  }
}
