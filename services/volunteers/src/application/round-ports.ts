import type { AuditEntry } from '@trygg/audit';
import type { EventEnvelope } from '@trygg/contracts';
import type { AuditLog } from '@trygg/values';
import type { Finding } from '../domain/finding';
import type { PhotoType } from '../domain/photo';
import type { Round } from '../domain/round';

/** What a change to one round writes: the new state, or the new state with the events of the change (same write). */
export type RoundChangeResult = Round | { next: Round; events: EventEnvelope[] } | 'unchanged';

/** The safety rounds: one document per round with its participants and the outbox of its events, written with a version check. */
export interface RoundStore {
  insert(round: Round): Promise<void>;
  /** Runs `decide` on the current round of the municipality and writes the result conditionally (again on the latest state when another write won); errors thrown by `decide` propagate. */
  change(municipalityId: string, id: string, decide: (current: Round) => RoundChangeResult): Promise<'changed' | 'unchanged' | 'not-found'>;
  find(municipalityId: string, id: string): Promise<Round | null>;
  /** The municipality's rounds, newest planned date first (at most 200). */
  list(municipalityId: string): Promise<Round[]>;
}
/** DI token of the `RoundStore`. */
export const ROUND_STORE = Symbol('RoundStore');

/** What a change to one finding writes: the new state and the events of that change, in one document write. */
export type FindingChangeResult = { next: Finding; events: EventEnvelope[] } | 'unchanged';

/** The findings with the outbox of their events (one document per finding). */
export interface FindingStore {
  insert(finding: Finding, events: EventEnvelope[]): Promise<void>;
  change(municipalityId: string, id: string, decide: (current: Finding) => FindingChangeResult): Promise<'changed' | 'unchanged' | 'not-found'>;
  find(municipalityId: string, id: string): Promise<Finding | null>;
  /** The findings of a round in recording order. */
  ofRound(municipalityId: string, roundId: string): Promise<Finding[]>;
}
/** DI token of the `FindingStore`. */
export const FINDING_STORE = Symbol('FindingStore');

/** The findings' photos (already without metadata), one per finding, kept beside it. */
export interface FindingPhotos {
  put(municipalityId: string, findingId: string, type: PhotoType, bytes: Buffer): Promise<void>;
  get(municipalityId: string, findingId: string): Promise<{ type: PhotoType; bytes: Buffer } | null>;
}
/** DI token of the `FindingPhotos`. */
export const FINDING_PHOTOS = Symbol('FindingPhotos');

/**
 * A link of a round: a participant's (answer, record findings) or a finding owner's (close it). Only the hash of the
 * secret is stored. Links are not single use; they expire. An owner link works only for the assignment it was issued
 * with (`assignedAt`): a new owner's link replaces the old one.
 */
export interface RoundLink {
  hash: string;
  kind: 'participant' | 'owner';
  municipalityId: string;
  roundId: string;
  participantId: string | null;
  findingId: string | null;
  assignedAt: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: null;
}

export interface RoundLinks {
  insert(link: RoundLink): Promise<void>;
  findByHash(hash: string): Promise<RoundLink | null>;
}
/** DI token of the `RoundLinks`. */
export const ROUND_LINKS = Symbol('RoundLinks');

/** The service's audit trail as the rounds write to it. */
export type RoundAudit = AuditLog<AuditEntry>;
/** DI token of the `RoundAudit`. */
export const ROUND_AUDIT = Symbol('RoundAudit');

/** Where the links lead: the web's participant and owner pages. */
export interface RoundLinkSettings {
  webPublicUrl: string;
  secret: () => string;
}
/** DI token of the `RoundLinkSettings`. */
export const ROUND_LINK_SETTINGS = Symbol('RoundLinkSettings');
