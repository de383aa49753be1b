import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, type OutboxAggregateCollection } from '@trygg/messaging';
import type { WalkDecision, WalkStore } from '../application/ports';
import type { Walk } from '../domain/walk';

export const WALKS_COLLECTION = 'walks';

type WalkDocument = AggregateDocument<Walk>;

/**
 * One document per walk with the outbox of its events. Every change — a booking above all — is a version-checked
 * single-document update (OutboxAggregateCollection): of two writers at once exactly one matches, the other re-reads
 * and decides again on the walk as it now is (full → `walk_full`).
 */
export class MongoWalkStore implements WalkStore {
  constructor(
    private readonly aggregates: OutboxAggregateCollection<Walk>,
    private readonly collection: mongo.Collection<WalkDocument>,
  ) {}

  /** Called by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    // list: the coordinator's walks of a period
    await this.collection.createIndex({ municipalityId: 1, startsAt: 1 }, { name: 'municipality_starts' });
    // dueForStaffingCheck: the understaffed job
    await this.collection.createIndex({ status: 1, understaffedAt: 1, startsAt: 1 }, { name: 'status_understaffed_starts' });
    // scheduledStartingBetween: the reminder, invitation and automatic-cancellation jobs
    await this.collection.createIndex({ status: 1, startsAt: 1 }, { name: 'status_starts' });
    // bookedBy: the erasure of a walker
    await this.collection.createIndex({ municipalityId: 1, 'bookings.volunteerId': 1 }, { name: 'municipality_booked_volunteer' });
  }

  async insert(walk: Walk, events: EventEnvelope[]): Promise<void> {
    const { id, ...fields } = walk;
    await this.aggregates.insert(id, fields, events);
  }

  async change<R>(municipalityId: string, id: string, decide: (current: Walk) => WalkDecision<R>): Promise<R | 'not-found'> {
    const outcome = await this.aggregates.change(
      id,
      { municipalityId },
      ({ state }) => {
        const decision = decide(state);
        if (!('next' in decision)) return { result: decision.result };
        const { id: _id, ...fields } = decision.next;
        return { set: fields, events: decision.events, result: decision.result };
      },
      // Many walkers booking one walk at once: more tries than the default before giving up.
      { attempts: 20 },
    );
    return outcome === undefined ? 'not-found' : outcome;
  }

  async findById(municipalityId: string, id: string): Promise<Walk | null> {
    return (await this.aggregates.findOne({ _id: id, municipalityId } as never))?.state ?? null;
  }

  async list(municipalityId: string, from: Date, to: Date, limit: number): Promise<Walk[]> {
    const docs = await this.collection
      .find({ municipalityId, startsAt: { $gte: from.toISOString(), $lt: to.toISOString() } } as mongo.Filter<WalkDocument>)
      .sort({ startsAt: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => loadAggregate<Walk>(d as WalkDocument).state);
  }

  async dueForStaffingCheck(from: Date, to: Date, limit: number): Promise<Walk[]> {
    const docs = await this.collection
      .find({ status: 'scheduled', understaffedAt: null, startsAt: { $gte: from.toISOString(), $lt: to.toISOString() } } as mongo.Filter<WalkDocument>)
      .sort({ startsAt: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => loadAggregate<Walk>(d as WalkDocument).state);
  }

  async scheduledStartingBetween(from: Date, to: Date, limit: number): Promise<Walk[]> {
    const docs = await this.collection
      .find({ status: 'scheduled', startsAt: { $gte: from.toISOString(), $lt: to.toISOString() } } as mongo.Filter<WalkDocument>)
      .sort({ startsAt: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => loadAggregate<Walk>(d as WalkDocument).state);
  }

  async bookedBy(municipalityId: string, volunteerId: string): Promise<string[]> {
    const docs = await this.collection.find({ municipalityId, 'bookings.volunteerId': volunteerId } as mongo.Filter<WalkDocument>, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => String(d._id));
  }
}
