import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import type { OutboxRelay } from '@trygg/messaging';
import { isDuplicateKeyError } from '@trygg/persistence';
import { Conflict } from '../application/errors';
import type { GroupFilter, GroupRepository, Mutation } from '../application/ports';
import type { Group } from '../domain/group';
import { groupStatusEvent } from './group-status-event';
import { AggregateStore, type StoredDocument, withoutStorageFields } from './aggregate-store';

export const GROUPS_COLLECTION = 'groups';

/** `personIds` is stored beside the group for look-ups only (FerretDB cannot query inside a map by value). */
function toDocument(group: Group): Record<string, unknown> {
  const { id: _id, ...rest } = group;
  return { ...rest, personIds: [...new Set(Object.values(group.members).map((m) => m.personId))] };
}

function fromDocument(document: StoredDocument): Group {
  const { personIds: _personIds, ...group } = withoutStorageFields<Group & { personIds?: string[] }>(document);
  // Groups stored before signs and activity checks existed have none.
  return { ...group, signs: group.signs ?? {}, activityCheck: group.activityCheck ?? null, lastActiveConfirmedAt: group.lastActiveConfirmedAt ?? null, followUp: group.followUp ?? null };
}

export class MongoGroups implements GroupRepository {
  private readonly store: AggregateStore<Group>;

  constructor(collection: mongo.Collection<StoredDocument>, relay: OutboxRelay) {
    this.store = new AggregateStore<Group>(collection, relay, toDocument, fromDocument);
  }

  /** Called by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    await this.store.collection.createIndex({ municipalityId: 1, areaId: 1 }, { name: 'municipality_area' });
    // One name per area: also what keeps two instances that place residents at once from both creating "the next
    // group" of an area (the second insert fails and that placement chooses again; see PlaceRegistration).
    await this.store.collection.createIndex({ municipalityId: 1, areaId: 1, name: 1 }, { unique: true, name: 'municipality_area_name' });
    // findByRegistration, findByNomination, findByPerson (array fields: multikey)
    await this.store.collection.createIndex({ municipalityId: 1, registrationIds: 1 }, { name: 'municipality_registration' });
    await this.store.collection.createIndex({ municipalityId: 1, nominationIds: 1 }, { name: 'municipality_nomination' });
    await this.store.collection.createIndex({ municipalityId: 1, personIds: 1 }, { name: 'municipality_person' });
    // findByActivityCheckAcrossMunicipalities; sparse: only groups with a running check are in it
    await this.store.collection.createIndex({ 'activityCheck.checkId': 1 }, { name: 'activity_check', sparse: true });
  }

  /** false when the area already has a group of this name. */
  /** With enrolment.group-status-changed.v1 (issue 14: the police's overview) in the same write. */
  insert(group: Group, events: EventEnvelope[]) {
    const status = groupStatusEvent(null, group, events);
    return this.store.insert(group, status ? [...events, status] : events);
  }

  findById(municipalityId: string, id: string) {
    return this.store.findOne({ municipalityId, _id: id });
  }

  findByRegistration(municipalityId: string, registrationId: string) {
    return this.store.findOne({ municipalityId, registrationIds: registrationId });
  }

  findByNomination(municipalityId: string, nominationId: string) {
    return this.store.findOne({ municipalityId, nominationIds: nominationId });
  }

  findByPerson(municipalityId: string, personId: string) {
    return this.store.find({ municipalityId, personIds: personId });
  }

  /** Unscoped on purpose (internal links endpoint only): see GroupRepository. */
  async findByActivityCheckAcrossMunicipalities(checkId: string) {
    const document = await this.store.collection.findOne({ 'activityCheck.checkId': checkId } as mongo.Filter<StoredDocument>);
    return document ? fromDocument(document) : null;
  }

  async list(municipalityId: string, filter: GroupFilter) {
    const query: Record<string, unknown> = { municipalityId };
    if (filter.areaId !== undefined) query['areaId'] = filter.areaId;
    if (filter.status !== undefined) query['status'] = filter.status;
    const groups = await this.store.find(query as { municipalityId: string });
    return groups.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async update(municipalityId: string, id: string, mutation: Mutation<Group>) {
    try {
      // Every change of the status or the active contact persons carries enrolment.group-status-changed.v1 in the same write.
      return await this.store.update(municipalityId, id, (current) => {
        const change = mutation(current);
        if (!change) return change;
        const status = groupStatusEvent(current, change.next, change.events);
        return status ? { ...change, events: [...change.events, status] } : change;
      });
    } catch (error) {
      // A rename to the name of another group of the area.
      if (isDuplicateKeyError(error)) throw new Conflict('group_name_taken', 'another group of the area has this name');
      throw error;
    }
  }
}
