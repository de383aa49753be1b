import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import type { ScopedFilter } from '@trygg/persistence';
import type { ReviewStore } from '../application/reviews';
import type { Review } from '../domain/review';

export const REVIEWS_COLLECTION = 'reviews';
type ReviewDocument = AggregateDocument<Review>;

export class MongoReviewStore implements ReviewStore {
  private readonly aggregates: OutboxAggregateCollection<Review>;

  constructor(
    private readonly collection: mongo.Collection<ReviewDocument>,
    relay: OutboxRelay,
  ) {
    this.aggregates = new OutboxAggregateCollection(collection, relay);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, status: 1 }, { name: 'municipality_status' });
  }

  exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.aggregates.exclusive(id, work);
  }

  async insert(review: Review): Promise<boolean> {
    const { id, ...rest } = review;
    return this.aggregates.insert(id, rest);
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
    const scope = { municipalityId: review.municipalityId };
    return this.aggregates.update(review.id, scope, expectedVersion, { status: review.status, decision: review.decision }, events);
  }
}

function toReview(doc: ReviewDocument): Review {
  return loadAggregate<Review>(doc).state;
}

export class MongoReviewAudit {
  constructor(private readonly collection: mongo.Collection) {}
  async record(entry: Record<string, unknown>): Promise<void> {
    await this.collection.insertOne({ ...entry, action: 'bra-review-decision' });
  }
}
