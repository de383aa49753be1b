import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from '@trygg/persistence';
import type { GroupProjectionStore } from '../application/project-groups';
import type { GroupDirectory, KnownGroup } from '../application/start-meeting-ports';
import { applyGroupFact, type GroupFact, newGroup, type ProjectedGroup, statusOf } from '../domain/group-projection';

export const PARKED_GROUP_FACTS_COLLECTION = 'group_facts_parked';

/**
 * One document per group (collection `groups`, the one the start meetings always read): the projection's fields, a
 * `version` for the conditional write, and `personIds` beside them for look-ups only (every person the group knows:
 * contact persons and nominations).
 */
type GroupDocument = Omit<ProjectedGroup, 'groupId'> & { _id: string; version?: number; personIds?: string[] };
type ParkedDocument = { _id: string; facts: GroupFact[] };

const MAX_ATTEMPTS = 20;

function fromDocument(doc: GroupDocument): ProjectedGroup {
  const { _id, version: _version, personIds: _personIds, ...rest } = doc;
  const base = newGroup(_id, rest.municipalityId);
  // Documents written before the projection (issue 14) hold only the place and `{nominationId, personId}` nominations.
  const nominations = (rest.nominations ?? []).map((n) => ({ nominationId: n.nominationId, personId: n.personId ?? null, status: n.status ?? 'pending', at: n.at ?? '' }));
  const group = { ...base, ...rest, seen: rest.seen ?? nominations.length > 0, contactPersons: rest.contactPersons ?? {}, nominations };
  return { ...group, status: statusOf(group) };
}

function toFields(group: ProjectedGroup): Omit<GroupDocument, '_id' | 'version'> {
  const { groupId: _groupId, ...rest } = group;
  const personIds = new Set([...Object.keys(group.contactPersons), ...group.nominations.flatMap((n) => (n.personId ? [n.personId] : []))]);
  return { ...rest, personIds: [...personIds] };
}

/** The groups projection on MongoDB/FerretDB; also the start meetings' `GroupDirectory`. */
export class MongoGroupProjection implements GroupProjectionStore, GroupDirectory {
  constructor(
    private readonly collection: mongo.Collection<GroupDocument>,
    private readonly parked: mongo.Collection<ParkedDocument>,
  ) {}

  /** Found and called by service-kit's ServiceLifecycle once connected. */
  async onInfrastructureReady(): Promise<void> {
    await this.collection.createIndex({ 'nominations.nominationId': 1 }, { name: 'nomination' });
    await this.collection.createIndex({ policeAreaId: 1 }, { name: 'police_area' });
    await this.collection.createIndex({ municipalityId: 1, personIds: 1 }, { name: 'municipality_person' });
  }

  async change(groupId: string, municipalityId: string, apply: (group: ProjectedGroup) => ProjectedGroup): Promise<ProjectedGroup> {
    for (let attempt = 1; ; attempt++) {
      const doc = await this.collection.findOne({ _id: groupId });
      if (doc && doc.municipalityId !== municipalityId) throw new Error(`group ${groupId} belongs to another municipality`);
      const current = doc ? fromDocument(doc) : newGroup(groupId, municipalityId);
      const next = apply(current);
      if (doc && JSON.stringify(next) === JSON.stringify(current)) return current;
      if (!doc) {
        try {
          await this.collection.insertOne({ _id: groupId, ...toFields(next), version: 1 });
          return next;
        } catch (error) {
          if (!isDuplicateKeyError(error) || attempt >= MAX_ATTEMPTS) throw error;
          continue;
        }
      }
      const version = doc.version ?? null;
      const written = await this.collection.updateOne({ _id: groupId, version } as mongo.Filter<GroupDocument>, { $set: { ...toFields(next), version: (version ?? 0) + 1 } });
      if (written.matchedCount === 1) return next;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`group ${groupId}: too many concurrent writes`);
    }
  }

  async groupOfNomination(nominationId: string): Promise<ProjectedGroup | undefined> {
    const doc = await this.collection.findOne({ 'nominations.nominationId': nominationId } as mongo.Filter<GroupDocument>);
    return doc ? fromDocument(doc) : undefined;
  }

  async ofPoliceArea(policeAreaId: string): Promise<ProjectedGroup[]> {
    return (await this.collection.find({ policeAreaId } as mongo.Filter<GroupDocument>).toArray()).map(fromDocument);
  }

  async ofPerson(municipalityId: string, personId: string): Promise<ProjectedGroup[]> {
    return (await this.collection.find({ municipalityId, personIds: personId } as mongo.Filter<GroupDocument>).toArray()).map(fromDocument);
  }

  async park(nominationId: string, fact: GroupFact): Promise<void> {
    await this.parked.updateOne({ _id: nominationId }, { $push: { facts: fact } } as mongo.UpdateFilter<ParkedDocument>, { upsert: true });
  }

  async takeParked(nominationId: string): Promise<GroupFact[]> {
    const doc = await this.parked.findOneAndDelete({ _id: nominationId });
    return doc?.facts ?? [];
  }

  // GroupDirectory (start meetings): a group placed in a police area, with its nominations' ids.

  async record(group: Omit<KnownGroup, 'nominations'>, nomination: { nominationId: string; personId: string }): Promise<void> {
    const fact: GroupFact = { kind: 'nominated', at: new Date().toISOString(), areaId: group.areaId, policeAreaId: group.policeAreaId, ...nomination };
    await this.change(group.groupId, group.municipalityId, (g) => applyGroupFact(g, fact));
  }

  async find(groupId: string): Promise<KnownGroup | undefined> {
    const doc = await this.collection.findOne({ _id: groupId });
    return doc ? known(fromDocument(doc)) : undefined;
  }

  async byNomination(nominationId: string): Promise<KnownGroup | undefined> {
    const group = await this.groupOfNomination(nominationId);
    return group ? known(group) : undefined;
  }
}

/** As the start meetings see a group: only one placed in a police area; nominations of erased persons left out. */
function known(group: ProjectedGroup): KnownGroup | undefined {
  if (group.policeAreaId === null || group.areaId === null) return undefined;
  return {
    groupId: group.groupId,
    municipalityId: group.municipalityId,
    areaId: group.areaId,
    policeAreaId: group.policeAreaId,
    nominations: group.nominations.flatMap((n) => (n.personId ? [{ nominationId: n.nominationId, personId: n.personId }] : [])),
  };
}
