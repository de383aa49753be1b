import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, OutboxAggregateCollection } from '@trygg/messaging';
import type { FindingChangeResult, FindingPhotos, FindingStore, RoundChangeResult, RoundLink, RoundLinks, RoundStore } from '../application/round-ports';
import type { Finding } from '../domain/finding';
import type { PhotoType } from '../domain/photo';
import type { Round } from '../domain/round';

export const ROUNDS_COLLECTION = 'rounds';
export const FINDINGS_COLLECTION = 'findings';
export const ROUND_LINKS_COLLECTION = 'round_links';
export const FINDING_PHOTOS_COLLECTION = 'finding_photos';

/**
 * The rounds: one document per round with its participants, written by a version-checked single-document update
 * (libs/messaging's OutboxAggregateCollection) with the outbox of the round's events (the participants'
 * invitations, `round-participant-invited`), relayed by `relay`.
 */
export class MongoRoundStore implements RoundStore {
  private readonly aggregates: OutboxAggregateCollection<Round>;

  constructor(
    private readonly collection: mongo.Collection<AggregateDocument<Round>>,
    relay: { flush(id: unknown): Promise<void> } = { flush: async () => undefined },
  ) {
    this.aggregates = new OutboxAggregateCollection<Round>(collection, relay);
  }

  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    // list: the municipality's rounds, newest first
    await this.collection.createIndex({ municipalityId: 1, plannedDate: -1 }, { name: 'municipality_planned_date' });
  }

  async insert(round: Round): Promise<void> {
    const { id, ...fields } = round;
    await this.aggregates.insert(id, fields);
  }

  async change(municipalityId: string, id: string, decide: (current: Round) => RoundChangeResult) {
    const outcome = await this.aggregates.change(id, { municipalityId }, ({ state }) => {
      const decided = decide(state);
      if (decided === 'unchanged') return { result: 'unchanged' as const };
      const { next, events } = 'next' in decided ? decided : { next: decided, events: [] };
      const { id: _id, ...fields } = next;
      return { set: fields, events, result: 'changed' as const };
    });
    return outcome ?? ('not-found' as const);
  }

  async find(municipalityId: string, id: string): Promise<Round | null> {
    return (await this.aggregates.findOne({ _id: id, municipalityId } as mongo.Filter<AggregateDocument<Round>>))?.state ?? null;
  }

  async list(municipalityId: string): Promise<Round[]> {
    const docs = await this.collection.find({ municipalityId } as mongo.Filter<AggregateDocument<Round>>).sort({ plannedDate: -1 }).limit(200).toArray();
    return docs.map((d) => loadAggregate<Round>(d as AggregateDocument<Round>).state);
  }
}

/** The findings with the outbox of their events (finding-recorded, finding-status-changed), version-checked writes. */
export class MongoFindingStore implements FindingStore {
  constructor(
    private readonly aggregates: OutboxAggregateCollection<Finding>,
    private readonly collection: mongo.Collection<AggregateDocument<Finding>>,
  ) {}

  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    // ofRound: the round's findings (coordinator's view, protocol)
    await this.collection.createIndex({ municipalityId: 1, roundId: 1, recordedAt: 1 }, { name: 'municipality_round' });
  }

  async insert(finding: Finding, events: EventEnvelope[]): Promise<void> {
    const { id, ...fields } = finding;
    await this.aggregates.insert(id, fields, events);
  }

  /** Inserts unless a finding has the id already (`false` then: nothing written). */
  async insertOnce(finding: Finding, events: EventEnvelope[]): Promise<boolean> {
    const { id, ...fields } = finding;
    return this.aggregates.insert(id, fields, events);
  }

  async change(municipalityId: string, id: string, decide: (current: Finding) => FindingChangeResult) {
    const outcome = await this.aggregates.change(id, { municipalityId }, ({ state }) => {
      const result = decide(state);
      if (result === 'unchanged') return { result: 'unchanged' as const };
      const { id: _id, ...fields } = result.next;
      return { set: fields, events: result.events, result: 'changed' as const };
    });
    return outcome ?? ('not-found' as const);
  }

  async find(municipalityId: string, id: string): Promise<Finding | null> {
    return (await this.aggregates.findOne({ _id: id, municipalityId } as mongo.Filter<AggregateDocument<Finding>>))?.state ?? null;
  }

  async ofRound(municipalityId: string, roundId: string): Promise<Finding[]> {
    const docs = await this.collection.find({ municipalityId, roundId } as mongo.Filter<AggregateDocument<Finding>>).sort({ recordedAt: 1 }).limit(1000).toArray();
    return docs.map((d) => loadAggregate<Finding>(d as AggregateDocument<Finding>).state);
  }
}

type LinkDocument = Omit<RoundLink, 'hash'> & { _id: string };

/** The rounds' links: only sha256(token), as the `_id`. */
export class MongoRoundLinks implements RoundLinks {
  constructor(private readonly collection: mongo.Collection<LinkDocument>) {}

  async insert(link: RoundLink): Promise<void> {
    const { hash, ...rest } = link;
    await this.collection.insertOne({ _id: hash, ...rest });
  }

  async findByHash(hash: string): Promise<RoundLink | null> {
    const document = await this.collection.findOne({ _id: hash });
    if (!document) return null;
    const { _id, ...rest } = document;
    return { hash: _id, ...rest };
  }
}

interface PhotoDocument {
  _id: string;
  municipalityId: string;
  type: PhotoType;
  bytes: Buffer;
  storedAt: Date;
}

/** One photo per finding (`_id` = the finding's id), its bytes already without metadata (at most 5 MB: one document). */
export class MongoFindingPhotos implements FindingPhotos {
  constructor(private readonly collection: mongo.Collection<PhotoDocument>) {}

  async put(municipalityId: string, findingId: string, type: PhotoType, bytes: Buffer): Promise<void> {
    await this.collection.replaceOne({ _id: findingId, municipalityId }, { municipalityId, type, bytes, storedAt: new Date() }, { upsert: true });
  }

  async get(municipalityId: string, findingId: string): Promise<{ type: PhotoType; bytes: Buffer } | null> {
    const document = await this.collection.findOne({ _id: findingId, municipalityId });
    if (!document) return null;
    // The driver reads binary data back as a BSON Binary: its bytes are `buffer` up to `position`.
    const stored = document.bytes as unknown as Buffer | { buffer: Uint8Array; position: number };
    return { type: document.type, bytes: Buffer.isBuffer(stored) ? stored : Buffer.from(stored.buffer.subarray(0, stored.position)) };
  }
}
