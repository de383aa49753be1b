import type { AuditActor, AuditEntry as TrailEntry, AuditQuery, AuditRecord } from '@trygg/audit';
import type { EventEnvelope } from '@trygg/contracts';
import type { AuditLog as AuditLogPort } from '@trygg/values';
import type { ProcessDefinition, SubjectKind } from '../domain/definition';
import type { Actor, Evidence, Instance } from '../domain/engine';

/** Injection token of the `DefinitionCatalogue` (bound in definitions.module.ts). */
export const DEFINITION_CATALOGUE = Symbol('DefinitionCatalogue');

/** The process definitions in force: the current version per (municipality, kind), and every published version. */
export interface DefinitionCatalogue {
  /** The version new instances start on, or why there is none. */
  current(municipalityId: string, kind: SubjectKind): { ok: true; definition: ProcessDefinition } | { ok: false; reason: string };
  /** A published version (instances finish on the version they started on). */
  version(municipalityId: string, kind: SubjectKind, version: number): ProcessDefinition | undefined;
}

export interface StoredInstance {
  instance: Instance;
  /** Optimistic concurrency: the write succeeds only if nobody wrote since this was read. */
  version: number;
  /** Event ids of answers already applied, so a redelivered answer is acknowledged, not refused. */
  appliedEventIds: string[];
}

/** Injection token of the `InstanceRepository` (bound in instances.module.ts). */
export const INSTANCE_REPOSITORY = Symbol('InstanceRepository');

export interface InstanceRepository {
  find(municipalityId: string, instanceId: string): Promise<StoredInstance | undefined>;
  findBySubject(municipalityId: string, kind: SubjectKind, subjectId: string): Promise<StoredInstance | undefined>;
  /** false when an instance with this id already exists (a redelivered start). */
  insert(instance: Instance, events: EventEnvelope[], nextDueAt: Date | null): Promise<boolean>;
  /** Throws ConcurrentModification (libs/persistence) when the stored version is not `expectedVersion`. */
  update(instance: Instance, expectedVersion: number, events: EventEnvelope[], nextDueAt: Date | null, appliedEventId?: string): Promise<void>;
  /** A person's instances in a municipality, oldest first ("Mina uppgifter"). */
  ofPerson(municipalityId: string, personId: string): Promise<Instance[]>;
  /** Ids of a person's instances in a municipality (for erasure and a change of the protected-identity flag). */
  idsOfPerson(municipalityId: string, personId: string): Promise<string[]>;
  /**
   * Sets the instance's protected-identity flag and records `appliedEventId` in one single-document write, if nobody
   * wrote since `expectedVersion` (else ConcurrentModification). Nothing else of the instance changes.
   */
  setProtectedIdentity(municipalityId: string, instanceId: string, expectedVersion: number, protectedIdentity: boolean, appliedEventId: string): Promise<void>;
  /** Running instances whose next reminder or timeout is due (a system job across municipalities). */
  due(now: Date, limit: number): Promise<Array<{ municipalityId: string; id: string }>>;
  listByProcess(municipalityId: string, kind: SubjectKind, processVersion: number): Promise<Instance[]>;
}

/** Every decision on a step (staff, subject, automatic) is written here, with the event that carries it. */
export interface AuditEntry {
  id: string;
  municipalityId: string;
  instanceId: string;
  stepId: string;
  stepType: string;
  attempt: number;
  /** answer-refused: a step answer from a producer not allowed for its actor kind and step (nothing changed). */
  action: 'answer' | 'info-provided' | 'withdrawn' | 'migrated' | 'answer-refused';
  outcome: string | null;
  reason: string | null;
  /** Who answered, as the engine and the step-completed event name it (`staff` + `issuer#sub`, `system`, `police`…). */
  actor: Actor;
  /** Who acted, for the audit trail: the signed-in person from their token, or the service (`system:<service>`). */
  by: AuditActor;
  evidence: Evidence | null;
  at: Date;
  /** migrated: the versions the instance moved between. */
  fromVersion?: number;
  toVersion?: number;
  /** answer-refused: the service the answer came from (`producer` header; null without one) and the refused event. */
  producer?: string | null;
  eventId?: string;
}

/** Injection token of the `AuditLog` (bound in instances.module.ts). */
export const AUDIT_LOG = Symbol('AuditLog');

/**
 * The platform's audit port (@trygg/values) with the events written in the same write, and a look-up by id. Each
 * decision is stored with its events (outbox) and appended to the hash-chained audit trail (@trygg/audit).
 */
export interface AuditLog extends AuditLogPort<AuditEntry, [events: EventEnvelope[]]> {
  /** Stores the entry and, in the same write, the event to publish (outbox); then appends it to the trail, once per id. */
  record(entry: AuditEntry, events: EventEnvelope[]): Promise<void>;
  /** true when an entry with this id exists (automatic answers use the request's event id: idempotent). */
  has(municipalityId: string, id: string): Promise<boolean>;
  /** A staff member's view of personal data (an instance, its timeline): appended to the trail only, no decision. */
  recordView(entry: TrailEntry): Promise<void>;
  /** The trail's records, newest first (`municipalityId` set: that municipality's only). */
  find(query: AuditQuery): Promise<AuditRecord[]>;
}

/** The signed-in staff member, as the engine names an actor (kind `staff`, id = `issuer#sub`). */
export function staffActorOf(by: AuditActor): Actor {
  return { kind: 'staff', id: by.subject };
}

/** A service acting on its own (the automatic age check; a refused answer names its producer). */
export function systemActor(service: string, municipalityId: string): AuditActor {
  return { subject: `system:${service}`, name: service, role: 'system', scope: municipalityId };
}

/** New ids for audit entries (random UUIDs in the service; fixed ids in tests). */
export type NewId = () => string;
/** Injection token of the `NewId` (bound in instances.module.ts). */
export const NEW_ID = Symbol('NewId');
