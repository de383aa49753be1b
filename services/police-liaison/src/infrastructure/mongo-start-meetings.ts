import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import type { GroupDirectory, KnownGroup, MeetingStore } from '../application/start-meeting-ports';
import type { StartMeeting } from '../domain/start-meeting';

export const MEETINGS_COLLECTION = 'start_meetings';
export const GROUPS_COLLECTION = 'groups';

/** Start meetings with their outbox: one document per meeting (OutboxAggregateCollection). */
export class MongoMeetingStore implements MeetingStore {
  private readonly aggregates: OutboxAggregateCollection<StartMeeting>;

  constructor(
    private readonly collection: mongo.Collection<AggregateDocument<StartMeeting>>,
    relay: OutboxRelay,
  ) {
    this.aggregates = new OutboxAggregateCollection(collection, relay);
  }

  /** Found and called by service-kit's ServiceLifecycle once connected. */
  async onInfrastructureReady(): Promise<void> {
    await this.collection.createIndex({ groupId: 1 }, { name: 'group' });
    await this.collection.createIndex({ 'invitations.tokenHash': 1 }, { name: 'invitation_token' });
  }

  async insert(meeting: StartMeeting, events: readonly EventEnvelope[]): Promise<boolean> {
    const { id, ...rest } = meeting;
    return this.aggregates.insert(id, rest, events);
  }

  change<R>(id: string, decide: (current: StartMeeting) => { meeting: StartMeeting; events: readonly EventEnvelope[]; result: R } | { result: R }): Promise<R | undefined> {
    return this.aggregates.change(id, {}, (loaded) => {
      const decided = decide(loaded.state as StartMeeting);
      if (!('meeting' in decided)) return { result: decided.result };
      const { id: _id, ...set } = decided.meeting;
      return { set, events: decided.events, result: decided.result };
    });
  }

  async find(id: string): Promise<StartMeeting | undefined> {
    const found = await this.aggregates.findOne({ _id: id } as mongo.Filter<AggregateDocument<StartMeeting>>);
    return found ? (found.state as StartMeeting) : undefined;
  }

  async ofGroup(groupId: string): Promise<StartMeeting[]> {
    const docs = await this.collection.find({ groupId } as mongo.Filter<AggregateDocument<StartMeeting>>).toArray();
    return docs.map((d) => loadAggregate<StartMeeting>(d as AggregateDocument<StartMeeting>).state as StartMeeting);
  }

  async byTokenHash(tokenHash: string): Promise<StartMeeting | undefined> {
    const found = await this.aggregates.findOne({ 'invitations.tokenHash': tokenHash } as mongo.Filter<AggregateDocument<StartMeeting>>);
    return found ? (found.state as StartMeeting) : undefined;
  }
}

type GroupDocument = Omit<KnownGroup, 'groupId'> & { _id: string };

/** The groups police-liaison has heard of (enrolment.contact-person-nominated.v1): ids and places only. */
export class MongoGroupDirectory implements GroupDirectory {
  constructor(private readonly collection: mongo.Collection<GroupDocument>) {}

  async record(group: KnownGroup): Promise<void> {
    const { groupId, ...rest } = group;
    await this.collection.updateOne({ _id: groupId }, { $set: rest }, { upsert: true });
  }

  async find(groupId: string): Promise<KnownGroup | undefined> {
    const doc = await this.collection.findOne({ _id: groupId });
    if (!doc) return undefined;
    const { _id, ...rest } = doc;
    return { groupId: _id, ...rest };
  }
}
