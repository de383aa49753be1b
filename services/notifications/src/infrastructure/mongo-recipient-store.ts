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
import { ConcurrentModification } from '@trygg/persistence';
import { Coalescer } from './batching';
import { findScopedByIds } from './find-by-ids';
import type { Scoped } from './scoped';
import { type MobileFacts, mobileChangeResets } from '../domain/mobile-confirmation';
import { activeContactPersonOf, applyContactPersonFact, type ContactPersonFact } from '../domain/contact-persons';
import { changeAddress, defaultPreferences, markBounced, type Preferences, type Recipient } from '../domain/recipient';
import type { AnnounceReachability, RecipientFilter, RecipientStore } from '../application/ports';

type RecipientDoc = Omit<Recipient, 'id'> & { _id: string; updatedAt: Date; version?: number } & Partial<OutboxFields>;

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
    mobileConfirmed: rest.mobileConfirmed ?? null,
    mobileChallenge: rest.mobileChallenge ?? null,
    smsOptIn: rest.smsOptIn ?? false,
    emailUpdates: rest.emailUpdates ?? true,
    groupIds: rest.groupIds ?? [],
    areaIds: rest.areaIds ?? [],
    contactPersonRoles: rest.contactPersonRoles ?? [],
    contactPersonGroupIds: rest.contactPersonGroupIds ?? [],
    contactPersonAreaIds: rest.contactPersonAreaIds ?? [],
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

  /** Run by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, _id: 1 }, { name: 'municipality_id' });
    // unreachable: the bounced few of a municipality, not all its recipients
    await this.collection.createIndex({ municipalityId: 1, emailBouncedAt: 1 }, { name: 'municipality_bounced' });
    // stream to groups / areas (a broadcast to one group reads that group's recipients only; multikey)
    await this.collection.createIndex({ municipalityId: 1, groupIds: 1 }, { name: 'municipality_group' });
    await this.collection.createIndex({ municipalityId: 1, areaIds: 1 }, { name: 'municipality_area' });
    // an area message to contact persons only (few per municipality; sparse: members without the field cost nothing)
    await this.collection.createIndex({ municipalityId: 1, contactPersonGroupIds: 1 }, { name: 'municipality_contact_person_group', sparse: true });
    await this.collection.createIndex({ municipalityId: 1, contactPersonAreaIds: 1 }, { name: 'municipality_contact_person_area', sparse: true });
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
        // A new mobile number is unconfirmed: the confirmation and any open code belonged to the old one.
        if (mobileChangeResets(before, contact.mobile)) Object.assign(set, { mobileConfirmed: null, mobileChallenge: null });
        const events = change.announce && announce ? [announce({ ...before, ...set } as Recipient, change.announce)] : [];
        return { set, events, result: undefined };
      },
      () => ({ ...given, municipalityId: contact.municipalityId, updatedAt: now }),
    );
  }

  /** Reads by id in a municipality, coalesced across concurrent callers (the email workers: one query for the jobs running at once). */
  private readonly reads = new Coalescer<{ municipalityId: string; id: string }, RecipientDoc | null>((keys) => findScopedByIds(this.collection, keys));

  async get(municipalityId: string, id: string): Promise<Recipient | null> {
    const doc = await this.reads.call({ municipalityId, id });
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

  async recordContactPersonFact(id: string, municipalityId: string, fact: ContactPersonFact): Promise<void> {
    const now = new Date();
    await this.changeOrCreate(
      id,
      (current) => {
        const roles = applyContactPersonFact(current.contactPersonRoles ?? [], fact);
        if (!roles) return { result: undefined };
        return { set: { contactPersonRoles: roles, ...activeContactPersonOf(roles), updatedAt: now }, result: undefined };
      },
      () => {
        const roles = applyContactPersonFact([], fact) ?? [];
        return { municipalityId, contactPersonRoles: roles, ...activeContactPersonOf(roles), updatedAt: now };
      },
    );
  }

  async leaveGroup(municipalityId: string, id: string, groupId: string): Promise<void> {
    await this.aggregates.change(id, { municipalityId }, ({ state }) => {
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

  async markEmailBounced(municipalityId: string, id: string, at: Date, announce: AnnounceReachability): Promise<boolean> {
    const marked = await this.aggregates.change(id, { municipalityId }, ({ state }) => {
      const recipient = normalise(state);
      const decision = markBounced(recipient, at);
      if (!decision.mark) return { result: false }; // a second bounce of a dead address tells nobody
      const events = decision.announce ? [announce(recipient, decision.announce)] : [];
      return { set: { emailBouncedAt: at, updatedAt: at }, events, result: true };
    });
    return marked ?? false; // erased (or never known): nothing to mark, nobody to tell
  }

  async decideMobile<T>(municipalityId: string, id: string, decide: (recipient: Recipient) => { set: Partial<MobileFacts> | null; result: T }): Promise<T | null> {
    const found = await this.aggregates.change(id, { municipalityId }, ({ state }) => {
      const decision = decide(normalise(state));
      return decision.set ? { set: { ...decision.set, updatedAt: new Date() }, result: { value: decision.result } } : { result: { value: decision.result } };
    });
    return found ? found.value : null;
  }

  async claimBounceSms(municipalityId: string, id: string, at: Date): Promise<boolean> {
    // One atomic conditional update decides who sends the one SMS; the version moves so that a read-modify-write
    // that read before it decides again.
    const filter: Scoped<RecipientDoc> = { municipalityId, _id: id, bounceSmsSentAt: null };
    const result = await this.collection.updateOne(filter, { $set: { bounceSmsSentAt: at, updatedAt: at }, $inc: { version: 1 } });
    return result.modifiedCount === 1;
  }

  async erase(municipalityId: string, id: string): Promise<void> {
    // Pending events of an erased person go with the document: nobody needs to hear about them any more.
    const filter: Scoped<RecipientDoc> = { municipalityId, _id: id };
    await this.collection.deleteOne(filter);
  }

  async unreachable(municipalityId: string, limit: number): Promise<Recipient[]> {
    const filter: Scoped<RecipientDoc> = { municipalityId, emailBouncedAt: { $ne: null } };
    return (await this.collection.find(filter).sort({ _id: 1 }).limit(limit).toArray()).map(toRecipient);
  }

  async count(filter: RecipientFilter): Promise<number> {
    return await this.collection.countDocuments(recipientQuery(filter));
  }

  async *stream(filter: RecipientFilter, batchSize: number): AsyncGenerator<Recipient[]> {
    const query = recipientQuery(filter);
    const cursor = this.collection.find(query).batchSize(batchSize);
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
    name: '', email: null, emailBouncedAt: null, mobile: null, mobileConfirmed: null, mobileChallenge: null, smsOptIn: false, emailUpdates: true, language: 'sv', groupIds: [], areaIds: [],
    preferences: defaultPreferences(), bounceSmsSentAt: null, preferencesUpdatedAt: null,
  } as Omit<RecipientFields, 'municipalityId' | 'updatedAt'>;
}

/** The recipients of a municipality in any of the named groups or areas (as members, as contact persons, or both). */
function recipientQuery(filter: RecipientFilter): Scoped<RecipientDoc> {
  const or: Array<Record<string, unknown>> = [];
  const audience = filter.audience ?? 'members';
  if (audience !== 'contact-persons') {
    if (filter.groupIds?.length) or.push({ groupIds: { $in: filter.groupIds } });
    if (filter.areaIds?.length) or.push({ areaIds: { $in: filter.areaIds } });
  }
  if (audience !== 'members') {
    if (filter.groupIds?.length) or.push({ contactPersonGroupIds: { $in: filter.groupIds } });
    if (filter.areaIds?.length) or.push({ contactPersonAreaIds: { $in: filter.areaIds } });
  }
  return { municipalityId: filter.municipalityId, ...(or.length ? { $or: or } : {}) };
}
