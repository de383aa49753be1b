import type { onboarding, ParsedBodyOf } from '@trygg/http-contracts';
import { nextDueAt } from '../domain/engine';
import { migrateInstance, type MigrationChanges } from '../domain/migration';
import { AnswerRefused } from './answer-refused';
import { type Cause, toEnvelopes } from './events';
import { loadWithDefinition } from './load-with-definition';
import { type Clock, systemClock } from '@trygg/values';
import type { AuditActor } from '@trygg/audit';
import { type AuditLog, type DefinitionCatalogue, type InstanceRepository, staffActorOf } from './ports';
import { retryOnConflict } from '@trygg/persistence';

/** What staff send to migrate a running instance to another published version (validated by `onboarding.migrationInput` of libs/http-contracts). */
export type MigrationInput = ParsedBodyOf<typeof onboarding.migrateInstance>;

export interface MigrationResult {
  dryRun: boolean;
  status: string;
  currentStepId: string | null;
  changes: MigrationChanges;
}

/**
 * Moves a running instance to another published version of its process: an explicit decision of the signed-in
 * coordinator (`by`), audited.
 * Like withdrawal it changes the instance directly (it is not an answer to a step): one
 * write of the instance document with a version check (decided again on the latest state when another write won) and its events in the same document's outbox
 * (`onboarding.migrated.v1`, then any step-requested / completed); then the audit entry (actor, reason, versions).
 * A dry run computes the same result and writes nothing.
 */
export class MigrateInstance {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly audit: AuditLog,
    private readonly newId: () => string,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, instanceId: string, input: MigrationInput, by: AuditActor, options: { dryRun: boolean }, cause: Cause): Promise<MigrationResult> {
    const actor = staffActorOf(by);
    return retryOnConflict(async () => {
      const { stored, definition } = await loadWithDefinition(this.catalogue, this.instances, municipalityId, instanceId);
      const { instance } = stored;
      const target = this.catalogue.version(municipalityId, instance.kind, input.toVersion);
      const now = this.clock();
      const decision = migrateInstance(definition, target, instance, { ...input, actor }, now);
      if (!decision.ok) throw new AnswerRefused(decision.refusal, decision.message);
      const result = { dryRun: options.dryRun, status: decision.instance.status, currentStepId: decision.instance.currentStepId, changes: decision.changes };
      if (options.dryRun || !target) return result;
      await this.instances.update(decision.instance, stored.version, toEnvelopes(decision.instance, decision.emits, cause, now), nextDueAt(target, decision.instance));
      const step = instance.steps.find((s) => s.id === instance.currentStepId);
      await this.audit.record(
        {
          id: this.newId(),
          municipalityId,
          instanceId,
          stepId: step?.id ?? '-',
          stepType: step?.type ?? '-',
          attempt: step?.attempt ?? 0,
          action: 'migrated',
          outcome: null,
          reason: input.reason,
          actor,
          by,
          evidence: null,
          at: now,
          fromVersion: decision.changes.fromVersion,
          toVersion: decision.changes.toVersion,
        },
        [],
      );
      return result;
    });
  }
}
