import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import type { ContactPersonNames, MeetingStep, MeetingStepStore, MeetingStore } from '../application/start-meeting-ports';
import type { StartMeeting } from '../domain/start-meeting';

export const MEETINGS_COLLECTION = 'start_meetings';
/** The groups projection (infrastructure/mongo-group-projection.ts). */
export const GROUPS_COLLECTION = 'groups';
export const MEETING_STEPS_COLLECTION = 'meeting_steps';

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
    // Erasure: the meetings that invited the person or list them as attending.
    await this.collection.createIndex({ municipalityId: 1, 'invitations.personId': 1 }, { name: 'municipality_invitation_person' });
    await this.collection.createIndex({ municipalityId: 1, 'attendance.personIds': 1 }, { name: 'municipality_attendance_person' });
  }

  async idsOfPerson(municipalityId: string, personId: string): Promise<string[]> {
    const options = { projection: { _id: 1 } };
    const [invited, attended] = await Promise.all([
      this.collection.find({ municipalityId, 'invitations.personId': personId } as mongo.Filter<AggregateDocument<StartMeeting>>, options).toArray(),
      this.collection.find({ municipalityId, 'attendance.personIds': personId } as mongo.Filter<AggregateDocument<StartMeeting>>, options).toArray(),
    ]);
    return [...new Set([...invited, ...attended].map((d) => String(d._id)))];
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

/** The contact persons' start-meeting steps, each with its outbox (an answer given when the request arrives late). */
export class MongoMeetingStepStore implements MeetingStepStore {
  private readonly aggregates: OutboxAggregateCollection<MeetingStep>;

  constructor(
    private readonly collection: mongo.Collection<AggregateDocument<MeetingStep>>,
    relay: OutboxRelay,
  ) {
    this.aggregates = new OutboxAggregateCollection(collection, relay);
  }

  async onInfrastructureReady(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, nominationId: 1, status: 1 }, { name: 'municipality_nomination_status' });
    await this.collection.createIndex({ municipalityId: 1, personId: 1 }, { name: 'municipality_person' });
  }

  async forgetPerson(municipalityId: string, personId: string): Promise<number> {
    const result = await this.collection.updateMany({ municipalityId, personId } as mongo.Filter<AggregateDocument<MeetingStep>>, { $set: { personId: null } } as mongo.UpdateFilter<AggregateDocument<MeetingStep>>);
    return result.modifiedCount;
  }

  async insert(step: MeetingStep, events: readonly EventEnvelope[]): Promise<boolean> {
    const { id, ...rest } = step;
    return this.aggregates.insert(id, rest, events);
  }

  async pendingOf(municipalityId: string, nominationIds: readonly string[]): Promise<MeetingStep[]> {
    if (nominationIds.length === 0) return [];
    const docs = await this.collection.find({ municipalityId, nominationId: { $in: [...nominationIds] }, status: 'pending' } as mongo.Filter<AggregateDocument<MeetingStep>>).toArray();
    return docs.map((d) => loadAggregate<MeetingStep>(d as AggregateDocument<MeetingStep>).state as MeetingStep);
  }

  async markAnswered(ids: readonly string[], answeredBy: string): Promise<void> {
    if (ids.length === 0) return;
    await this.collection.updateMany({ _id: { $in: [...ids] }, status: 'pending' } as mongo.Filter<AggregateDocument<MeetingStep>>, { $set: { status: 'answered', answeredBy } } as mongo.UpdateFilter<AggregateDocument<MeetingStep>>);
  }
}

/** Contact persons' names from the police-approval cases (collection `cases`, index `municipality_person`). */
export class MongoContactPersonNames implements ContactPersonNames {
  constructor(private readonly cases: mongo.Collection<{ municipalityId: string; subject: { personId: string }; subjectFields?: Record<string, unknown>; protectedIdentity?: boolean; openedAt: string }>) {}

  async of(municipalityId: string, personId: string): Promise<{ name: string | null; protectedIdentity: boolean }> {
    const cases = await this.cases.find({ municipalityId, 'subject.personId': personId }).toArray();
    const latest = cases.sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0];
    const name = latest?.subjectFields?.['name'];
    return { name: typeof name === 'string' ? name : null, protectedIdentity: latest?.protectedIdentity === true };
  }
}
