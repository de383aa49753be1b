import type { mongo } from 'mongoose';
import { type AuditDetails, type AuditEntry as TrailEntry, type AuditQuery, type AuditRecord, AuditTrail } from '@trygg/audit';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import { currentCorrelationId } from '@trygg/observability';
import type { ScopedFilter } from '@trygg/persistence';
import type { AuditEntry, AuditLog } from '../application/ports';

/** The hash-chained audit trail (@trygg/audit; `npm run audit:verify -- onboarding`). */
export const AUDIT_COLLECTION = 'audit_trail';
/** Every decision with the events it causes (outbox): a staff answer's step-completed event leaves from here. */
export const DECISIONS_COLLECTION = 'decisions';

type DecisionDocument = AggregateDocument<AuditEntry>;

/**
 * Every decision on an instance (answer, info provided, withdrawal, migration, refused answer), append-only in two
 * places: the `decisions` document carrying the events it causes (outbox; its id makes a repeated record a no-op),
 * then one record of the hash-chained trail in `audit` with who acted (`by`: the signed-in person from their token,
 * or `system:<service>`). A crash between the two writes loses that trail record (the decision and its events stand):
 * the trail is written after the decision, never for a decision that did not happen.
 */
export class MongoAuditLog implements AuditLog {
  private readonly decisions: OutboxAggregateCollection<AuditEntry>;
  private readonly trail: AuditTrail;

  constructor(
    private readonly decisionsCollection: mongo.Collection<DecisionDocument>,
    relay: OutboxRelay,
    trailCollection: mongo.Collection<AuditRecord>,
    clock?: () => Date,
  ) {
    this.decisions = new OutboxAggregateCollection(decisionsCollection, relay);
    this.trail = new AuditTrail(trailCollection, clock ? { clock } : {});
  }

  /** Called by ServiceLifecycle once MongoDB is connected. */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    await this.decisionsCollection.createIndex({ municipalityId: 1, instanceId: 1 }, { name: 'municipality_instance' });
    await this.trail.ensureIndexes();
  }

  async record(entry: AuditEntry, events: EventEnvelope[]): Promise<void> {
    const { id, ...rest } = entry;
    // A duplicate (the same decision recorded again) is already stored with its events and in the trail: nothing to do.
    if (!(await this.decisions.insert(id, rest, events))) return;
    await this.trail.append({
      actor: entry.by,
      action: entry.action,
      subject: { kind: 'onboarding-instance', id: entry.instanceId },
      municipalityId: entry.municipalityId,
      correlationId: events[0]?.correlationId ?? currentCorrelationId() ?? `onboarding:${id}`,
      details: detailsOf(entry),
    });
  }

  async has(municipalityId: string, id: string): Promise<boolean> {
    const filter: ScopedFilter<DecisionDocument> = { _id: id, municipalityId };
    return (await this.decisionsCollection.findOne(filter as mongo.Filter<DecisionDocument>, { projection: { _id: 1 } })) !== null;
  }

  async recordView(entry: TrailEntry): Promise<void> {
    await this.trail.append(entry);
  }

  find(query: AuditQuery): Promise<AuditRecord[]> {
    return this.trail.find(query);
  }
}

/** Ids, codes, versions and the decision's reason; evidence flattened (`evidence.agreementVersion`, …). No names. */
function detailsOf(entry: AuditEntry): AuditDetails {
  const details: Record<string, string | number | boolean | null> = {
    decisionId: entry.id,
    stepId: entry.stepId,
    stepType: entry.stepType,
    attempt: entry.attempt,
    outcome: entry.outcome,
    reason: entry.reason,
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
  };
  if (entry.fromVersion !== undefined) details['fromVersion'] = entry.fromVersion;
  if (entry.toVersion !== undefined) details['toVersion'] = entry.toVersion;
  if (entry.producer !== undefined) details['producer'] = entry.producer;
  if (entry.eventId !== undefined) details['eventId'] = entry.eventId;
  for (const [key, value] of Object.entries(entry.evidence ?? {})) if (typeof value === 'string') details[`evidence.${key}`] = value;
  return details;
}
