import type { mongo } from 'mongoose';
import { isDuplicateKeyError, isTransientWriteError } from '@trygg/persistence';
import { GENESIS_HASH, recordHash } from './canonical';

/** Who acted: a signed-in person (`issuer#sub`), a resident by link (`person:<id>`) or a system (`system:<service>`). */
export interface AuditActor {
  readonly subject: string;
  readonly name: string;
  readonly role: string;
  /** Where the actor acted: a municipality id, a police area id, or `platform`. */
  readonly scope: string;
}

/** Values only: ids, counts, codes, short texts. No names, addresses or contact details (see README, erasure). */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

/** What a caller appends. */
export interface AuditEntry {
  readonly actor: AuditActor;
  readonly action: string;
  readonly subject: { readonly kind: string; readonly id: string };
  readonly municipalityId?: string;
  readonly policeAreaId?: string;
  readonly correlationId: string;
  readonly details?: AuditDetails;
}

/** What is stored: the entry, its place in the chain and when it was appended. */
export interface AuditRecord extends AuditEntry {
  readonly _id: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly at: Date;
}

export type AuditVerification =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly brokenAt: number; readonly reason: string; readonly count: number };

export interface AuditQuery {
  readonly subjectId?: string;
  readonly actorSubject?: string;
  readonly municipalityId?: string;
  /** At most this many (capped at MAX_PAGE). */
  readonly limit: number;
  /** Only records older than this sequence number (the next page: the last `_id` seen). */
  readonly before?: number;
}

export interface AuditTrailOptions {
  clock?: () => Date;
  /** Attempts to append when other writers keep taking the next sequence number. */
  attempts?: number;
}

export const MAX_PAGE = 500;

/** Another writer took the next sequence number every time we tried. */
export class AuditAppendContention extends Error {
  constructor(attempts: number) {
    super(`audit append lost the race for the next sequence number ${attempts} times`);
    this.name = 'AuditAppendContention';
  }
}

/**
 * An append-only, hash-chained audit record collection: each record carries the hash of the one before, so editing,
 * removing or inserting one breaks the chain at that record (`verify`).
 *
 * Several processes may append at once. The unique `_id` (the sequence number) is the guard: read the last record,
 * insert the next number; whoever loses the race gets a duplicate key and tries again on the new last record. Only
 * single-document atomicity is needed (MongoDB, FerretDB 2). Appends of one instance are also queued one after the
 * other, which only spares them racing each other; correctness does not rest on it.
 */
export class AuditTrail {
  private readonly clock: () => Date;
  private readonly attempts: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly collection: mongo.Collection<AuditRecord>,
    options: AuditTrailOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.attempts = options.attempts ?? 30;
  }

  /** Safe to repeat; called once the database is connected. */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndexes([
      { key: { municipalityId: 1, 'subject.id': 1, _id: -1 }, name: 'municipality_subject' },
      { key: { municipalityId: 1, 'actor.subject': 1, _id: -1 }, name: 'municipality_actor' },
      { key: { municipalityId: 1, _id: -1 }, name: 'municipality_seq' },
      { key: { 'subject.id': 1, _id: -1 }, name: 'subject' },
      { key: { 'actor.subject': 1, _id: -1 }, name: 'actor' },
    ]);
  }

  /** Appends one record at the end of the chain and returns it. */
  append(entry: AuditEntry): Promise<AuditRecord> {
    const next = this.queue.then(() => this.appendRacing(entry));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async appendRacing(entry: AuditEntry): Promise<AuditRecord> {
    const body = withoutUndefined(entry);
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const last = await this.collection.find({}, { sort: { _id: -1 }, limit: 1, projection: { _id: 1, hash: 1 } }).next();
      const seq = last ? last._id + 1 : 1;
      const unhashed = { _id: seq, prevHash: last ? last.hash : GENESIS_HASH, at: this.clock(), ...body };
      const record = { ...unhashed, hash: recordHash(unhashed) } as AuditRecord;
      try {
        await this.collection.insertOne(record as mongo.OptionalUnlessRequiredId<AuditRecord>);
        return record;
      } catch (error) {
        if (!isRaceLost(error)) throw error;
        await pause(attempt);
      }
    }
    throw new AuditAppendContention(this.attempts);
  }

  /** Walks the chain from the first record and names the first one that does not fit. */
  async verify(): Promise<AuditVerification> {
    let expected = 1;
    let prevHash = GENESIS_HASH;
    let count = 0;
    const broken = (brokenAt: number, reason: string): AuditVerification => ({ ok: false, brokenAt, reason, count });
    for await (const record of this.collection.find({}, { sort: { _id: 1 } })) {
      const seq = record._id as unknown;
      if (typeof seq !== 'number' || !Number.isInteger(seq)) return broken(expected, `a record with _id ${JSON.stringify(seq)} is not a sequence number`);
      if (seq !== expected) return broken(expected, seq > expected ? `gap: record ${expected}${seq - 1 > expected ? `–${seq - 1}` : ''} missing (next is ${seq})` : `record ${seq} out of order`);
      if (recordHash(record) !== record.hash) return broken(seq, 'hash mismatch: the record was changed after it was written');
      if (record.prevHash !== prevHash) return broken(seq, 'prevHash mismatch: the record before it was changed, removed or replaced');
      prevHash = record.hash;
      expected++;
      count++;
    }
    return { ok: true, count };
  }

  /** Newest first. */
  find(query: AuditQuery): Promise<AuditRecord[]> {
    const filter: Record<string, unknown> = {};
    if (query.municipalityId !== undefined) filter['municipalityId'] = query.municipalityId;
    if (query.subjectId !== undefined) filter['subject.id'] = query.subjectId;
    if (query.actorSubject !== undefined) filter['actor.subject'] = query.actorSubject;
    if (query.before !== undefined) filter['_id'] = { $lt: query.before };
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(query.limit)));
    return this.collection.find(filter as mongo.Filter<AuditRecord>, { sort: { _id: -1 }, limit }).toArray() as Promise<AuditRecord[]>;
  }
}

/** Lost the race for the sequence number (duplicate key), or FerretDB/MongoDB aborted one of two colliding writes. */
function isRaceLost(error: unknown): boolean {
  return isDuplicateKeyError(error) || isTransientWriteError(error);
}

/** Short, growing, random: two writers that collided do not collide again in step. */
function pause(attempt: number): Promise<void> {
  const ms = Math.min(200, 2 * 2 ** Math.min(attempt, 7)) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** MongoDB would store `undefined` as null (or drop it), and the hash must match what is read back. */
function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => v)) as T;
}

/**
 * The trail as a service wires it: the audit port (`record`, as @trygg/values' AuditLog), `find` for `GET /audit`
 * (libs/service-kit's AUDIT_RECORDS) and its indexes once the database is connected (`onInfrastructureReady`, which
 * service-kit's ServiceLifecycle finds and calls; safe to repeat).
 */
export class AuditTrailLog {
  readonly trail: AuditTrail;

  constructor(collection: mongo.Collection<AuditRecord>, options: AuditTrailOptions = {}) {
    this.trail = new AuditTrail(collection, options);
  }

  onInfrastructureReady(): Promise<void> {
    return this.trail.ensureIndexes();
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.trail.append(entry);
  }

  /** Newest first (`municipalityId` set: that municipality's only). */
  find(query: AuditQuery): Promise<AuditRecord[]> {
    return this.trail.find(query);
  }
}
