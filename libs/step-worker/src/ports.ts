import type { EventEnvelope } from '@trygg/contracts';
import type { StepWork } from './step-work';

/**
 * Where a step worker keeps its work. `scope` is what a deciding person may see: their municipality, or e.g. their
 * police area; work outside it is not found.
 */
export interface StepWorkStore<TWork extends StepWork> {
  /** false when it exists already (a redelivered request). */
  insert(work: TWork): Promise<boolean>;
  find(scope: string, id: string): Promise<{ work: TWork; version: number } | undefined>;
  /** Pending work in the scope, oldest first. */
  pending(scope: string): Promise<TWork[]>;
  /** Every piece of work of the person in the municipality, whatever its status ("Mina uppgifter"). */
  ofPerson(municipalityId: string, personId: string): Promise<TWork[]>;
  /** Erasure: removes the subject fields from every piece of work of the person in the municipality. */
  forgetPerson(municipalityId: string, personId: string): Promise<number>;
  /**
   * The person turned protected identity on or off (enrolment.protected-identity-changed.v1): every piece of work of
   * the person in the municipality takes the flag, each in a single-document write; returns how many changed.
   * Idempotent: a redelivered event finds nothing left to change.
   */
  setProtectedIdentity(municipalityId: string, personId: string, protectedIdentity: boolean): Promise<number>;
  /**
   * Writes the decided work and its events in one update (outbox), if nobody wrote since `expectedVersion` (the
   * database decides: of two deciding at once, in one process or in two instances, one write matches).
   */
  saveDecision(work: TWork, expectedVersion: number, events: EventEnvelope[]): Promise<boolean>;
}

