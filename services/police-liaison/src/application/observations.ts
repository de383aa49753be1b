import { randomUUID } from 'node:crypto';
import type { AuditActor, AuditEntry } from '@trygg/audit';
import { createEvent, type EventEnvelope, PoliceObservationAnsweredV1, PoliceObservationReceivedV1 } from '@trygg/contracts';
import { ConcurrentModification, retryOnConflict } from '@trygg/persistence';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { answer, markRead, newestFirst, type Observation, ObservationInvalid, type ObservationReport, receiveObservation } from '../domain/observation';

/** Observations, scoped by police area: another area's observation is not found. */
export interface ObservationStore {
  /** Stores a new observation with its events (outbox). */
  insert(observation: Observation, events: EventEnvelope[]): Promise<void>;
  /** The area's observations, newest first, at most `limit`. */
  ofArea(policeAreaId: string, limit: number): Promise<Observation[]>;
  find(policeAreaId: string, id: string): Promise<{ observation: Observation; version: number } | undefined>;
  /** Writes the changed observation and its events in one update, if nobody wrote since `expectedVersion`. */
  save(observation: Observation, expectedVersion: number, events: EventEnvelope[]): Promise<boolean>;
  /** The person's observations as reporter, in their municipality (erasure). */
  ofReporter(municipalityId: string, personId: string): Promise<Array<{ observation: Observation; version: number }>>;
  /** Writes an erased reporter's observation (reporter link, description, `reporterErased`) if nobody wrote since `expectedVersion`. */
  saveErasure(observation: Observation, expectedVersion: number): Promise<boolean>;
  /** The area's observations still open (not read), per municipality (the officer's overview). */
  openCounts(policeAreaId: string): Promise<Record<string, number>>;
}
export const OBSERVATION_STORE = Symbol('ObservationStore');

/** How many observations one person may send (libs/rate-limits, counted per person id); false: refuse. */
export interface ObservationLimit {
  allow(personId: string): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}
export const OBSERVATION_LIMIT = Symbol('ObservationLimit');

/** The police area of a municipality's grannsamverkan area (undefined: the municipality is unknown). */
export interface AreaPoliceAreas {
  policeAreaOf(municipalityId: string, areaId: string): string | undefined;
}
export const AREA_POLICE_AREAS = Symbol('AreaPoliceAreas');

export class ObservationNotFound extends Error {
  constructor(id: string) {
    super(`no observation ${id} in the officer's police area`);
    this.name = 'ObservationNotFound';
  }
}

export class TooManyObservations extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many observations from this person');
    this.name = 'TooManyObservations';
  }
}

/** The action names of the officer's actions in the audit trail. */
export const OBSERVATION_AUDIT = { listed: 'observations-viewed', viewed: 'observation-viewed', read: 'observation-read', answered: 'observation-answered' } as const;

/** The officer from the token, and the correlation id of the request. */
export interface OfficerContext {
  actor: AuditActor;
  policeAreaId: string;
  /** The municipalities of the officer's police area (one audit record per municipality for a list view). */
  municipalityIds: readonly string[];
  correlationId: string;
}

const LIST_LIMIT = 500;

/**
 * A resident reports an observation (the web, on behalf of the self-service link's person): limited per person,
 * placed in the police area of the group's area, stored with police.observation-received.v1 in the same write.
 */
export class ReportObservation {
  constructor(
    private readonly store: ObservationStore,
    private readonly areas: AreaPoliceAreas,
    private readonly limit: ObservationLimit,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(report: ObservationReport, correlationId: string): Promise<Observation> {
    const policeAreaId = this.areas.policeAreaOf(report.municipalityId, report.areaId);
    if (!policeAreaId) throw new ObservationInvalid([{ field: 'municipalityId', message: 'unknown municipality' }]);
    const now = this.clock();
    // Validated before counting: a refused form does not use up the person's reports.
    const observation = receiveObservation(randomUUID(), policeAreaId, report, now);
    const decision = await this.limit.allow(report.personId);
    if (!decision.allowed) throw new TooManyObservations(decision.retryAfterSeconds);
    const event = createEvent(
      PoliceObservationReceivedV1,
      { municipalityId: observation.municipalityId, correlationId, causationId: null },
      { observationId: observation.id, policeAreaId, groupId: observation.groupId, activity: observation.activity, occurredAt: observation.occurredAt, receivedAt: observation.receivedAt },
      now,
    );
    await this.store.insert(observation, [event]);
    return observation;
  }
}

/** The officer's observations of their police area, newest first; each view audited (one record per municipality). */
export class ListObservations {
  constructor(
    private readonly store: ObservationStore,
    private readonly audit: AuditLog<AuditEntry>,
  ) {}

  async execute(officer: OfficerContext): Promise<Observation[]> {
    const observations = (await this.store.ofArea(officer.policeAreaId, LIST_LIMIT)).sort(newestFirst);
    for (const municipalityId of officer.municipalityIds) {
      await this.audit.record({
        actor: officer.actor,
        action: OBSERVATION_AUDIT.listed,
        subject: { kind: 'list', id: officer.policeAreaId },
        municipalityId,
        policeAreaId: officer.policeAreaId,
        correlationId: officer.correlationId,
        details: { rows: observations.filter((o) => o.municipalityId === municipalityId).length },
      });
    }
    return observations;
  }
}

/** One observation, its view, marking it read and answering it: each an audited action of the officer. */
export class HandleObservation {
  constructor(
    private readonly store: ObservationStore,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async show(officer: OfficerContext, id: string): Promise<Observation> {
    const found = await this.store.find(officer.policeAreaId, id);
    if (!found) throw new ObservationNotFound(id);
    await this.record(officer, OBSERVATION_AUDIT.viewed, found.observation, { status: found.observation.status });
    return found.observation;
  }

  /** open → read; a read or answered observation stays as it is (the action is audited either way). */
  async markRead(officer: OfficerContext, id: string): Promise<Observation> {
    const result = await retryOnConflict(async () => {
      const found = await this.store.find(officer.policeAreaId, id);
      if (!found) throw new ObservationNotFound(id);
      const read = markRead(found.observation, officer.actor.subject, this.clock());
      if (!read) return { observation: found.observation, changed: false };
      if (!(await this.store.save(read, found.version, []))) throw new ConcurrentModification('observation', id);
      return { observation: read, changed: true };
    });
    await this.record(officer, OBSERVATION_AUDIT.read, result.observation, { changed: result.changed });
    return result.observation;
  }

  /** Answered once (ObservationAlreadyAnswered after): police.observation-answered.v1 in the same write tells notifications. */
  async answer(officer: OfficerContext, id: string, text: string): Promise<Observation> {
    const answered = await retryOnConflict(async () => {
      const found = await this.store.find(officer.policeAreaId, id);
      if (!found) throw new ObservationNotFound(id);
      const now = this.clock();
      const next = answer(found.observation, text, officer.actor.subject, now);
      // An erased reporter can no longer be told: the answer is kept, no event.
      if (next.reporterId === null) {
        if (!(await this.store.save(next, found.version, []))) throw new ConcurrentModification('observation', id);
        return next;
      }
      const event = createEvent(
        PoliceObservationAnsweredV1,
        { municipalityId: next.municipalityId, correlationId: officer.correlationId, causationId: null },
        { observationId: next.id, personId: next.reporterId, policeAreaId: next.policeAreaId, activity: next.activity, occurredAt: next.occurredAt, answer: next.answer!.text, answeredAt: next.answer!.answeredAt },
        now,
      );
      if (!(await this.store.save(next, found.version, [event]))) throw new ConcurrentModification('observation', id);
      return next;
    });
    await this.record(officer, OBSERVATION_AUDIT.answered, answered, { answerLength: answered.answer!.text.length });
    return answered;
  }

  private record(officer: OfficerContext, action: string, observation: Observation, details: Record<string, string | number | boolean>): Promise<void> {
    return this.audit.record({
      actor: officer.actor,
      action,
      subject: { kind: 'observation', id: observation.id },
      municipalityId: observation.municipalityId,
      policeAreaId: observation.policeAreaId,
      correlationId: officer.correlationId,
      details,
    });
  }
}
