import type { Logger } from 'pino';
import { createEvent, type EventEnvelope, OnboardingStepCompletedV1, PoliceDecisionRecordedV1 } from '@trygg/contracts';
import { caseIdFor, decide, type PoliceCase, type PoliceOutcome, stepOutcomeOf, type CaseSubject } from '../domain/police-case';

export const POLICE_APPROVAL = 'police-approval';

export interface CaseStore {
  exclusive<T>(caseId: string, work: () => Promise<T>): Promise<T>;
  /** false when the case already exists (a redelivered request). */
  insert(policeCase: PoliceCase): Promise<boolean>;
  /** Only cases of this police area are visible: another area's case is not found. */
  find(policeAreaId: string, caseId: string): Promise<{ policeCase: PoliceCase; version: number } | undefined>;
  pending(policeAreaId: string): Promise<PoliceCase[]>;
  /** Erasure: removes the subject fields (e.g. the name) from every case of the person in the municipality. */
  forgetPerson(municipalityId: string, personId: string): Promise<number>;
  /** Writes the decided case and its events in one update (outbox), if nobody wrote since `expectedVersion`. */
  saveDecision(policeCase: PoliceCase, expectedVersion: number, events: EventEnvelope[]): Promise<boolean>;
}

export interface DecisionAudit {
  record(entry: { caseId: string; municipalityId: string; policeAreaId: string; instanceId: string; outcome: PoliceOutcome; reason: string; decidedBy: string; at: Date }): Promise<void>;
}

export interface PoliceAreaDirectory {
  /** The police area of a municipality when the request names none. */
  defaultAreaOf(municipalityId: string): string | undefined;
}

export interface StepRequest {
  municipalityId: string;
  instanceId: string;
  stepId: string;
  stepType: string;
  attempt: number;
  subject: CaseSubject;
  subjectFields: Record<string, string | number | boolean>;
  policeAreaId: string | null;
  dueAt: string | null;
}

export class NoPoliceArea extends Error {}

/** Opens a case for each police-approval step request (other step types are not ours). */
export class OpenCase {
  constructor(
    private readonly cases: CaseStore,
    private readonly areas: PoliceAreaDirectory,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(request: StepRequest): Promise<PoliceCase | undefined> {
    if (request.stepType !== POLICE_APPROVAL) return undefined;
    const policeAreaId = request.policeAreaId ?? this.areas.defaultAreaOf(request.municipalityId);
    if (!policeAreaId) throw new NoPoliceArea(`no police area for ${request.municipalityId}: the request names none and the municipality is unknown`);
    const policeCase: PoliceCase = {
      id: caseIdFor(request.instanceId, request.stepId, request.attempt),
      municipalityId: request.municipalityId,
      policeAreaId,
      instanceId: request.instanceId,
      stepId: request.stepId,
      stepType: request.stepType,
      attempt: request.attempt,
      subject: request.subject,
      subjectFields: request.subjectFields,
      dueAt: request.dueAt,
      status: 'pending',
      decision: null,
      openedAt: this.clock().toISOString(),
    };
    if (!(await this.cases.insert(policeCase))) return undefined;
    this.logger.info({ caseId: policeCase.id, policeAreaId, instanceId: request.instanceId }, 'police-approval case opened');
    return policeCase;
  }
}

export class CaseNotFound extends Error {}

/** The officer's decision: audited, and answered to onboarding with step-completed plus police.decision-recorded. */
export class DecideCase {
  constructor(
    private readonly cases: CaseStore,
    private readonly audit: DecisionAudit,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(policeAreaId: string, caseId: string, decision: { outcome: PoliceOutcome; reason: string; decidedBy: string }, correlationId: string): Promise<PoliceCase> {
    return this.cases.exclusive(caseId, async () => {
      const found = await this.cases.find(policeAreaId, caseId);
      if (!found) throw new CaseNotFound(`no case ${caseId} in ${policeAreaId}`);
      const now = this.clock();
      const decided = decide(found.policeCase, decision, now);
      const context = { municipalityId: decided.municipalityId, correlationId, causationId: null };
      const events = [
        createEvent(
          OnboardingStepCompletedV1,
          context,
          {
            instanceId: decided.instanceId,
            stepId: decided.stepId,
            stepType: decided.stepType,
            attempt: decided.attempt,
            outcome: stepOutcomeOf(decision.outcome),
            reason: decision.reason,
            actor: { kind: 'police', id: decision.decidedBy },
          },
          now,
        ),
        createEvent(
          PoliceDecisionRecordedV1,
          context,
          {
            caseId,
            policeAreaId,
            instanceId: decided.instanceId,
            stepId: decided.stepId,
            attempt: decided.attempt,
            subject: decided.subject,
            outcome: decision.outcome,
            reason: decision.reason,
            decidedBy: decision.decidedBy,
            decidedAt: now.toISOString(),
          },
          now,
        ),
      ];
      if (!(await this.cases.saveDecision(decided, found.version, events))) throw new Error(`case ${caseId} changed concurrently`);
      await this.audit.record({ caseId, municipalityId: decided.municipalityId, policeAreaId, instanceId: decided.instanceId, outcome: decision.outcome, reason: decision.reason, decidedBy: decision.decidedBy, at: now });
      return decided;
    });
  }
}
