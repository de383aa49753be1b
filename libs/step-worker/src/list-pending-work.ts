import type { AuditActor, AuditEntry } from '@trygg/audit';
import type { AuditLog } from '@trygg/values';
import type { StepWorkStore } from './ports';
import type { StepWork } from './step-work';

/** Who looks at the work list, and where the records of the view go. */
export interface PendingWorkViewer {
  /** The signed-in person (the audit record's actor). */
  readonly actor: AuditActor;
  /**
   * The municipalities the list may hold work of (a reviewer's own; an officer's police area's). One record per
   * municipality, so each municipality's data-protection officer sees the view of their residents' data.
   */
  readonly municipalityIds: readonly string[];
  /** The police area of the list, when its scope is one (recorded as the records' `policeAreaId`). */
  readonly policeAreaId?: string;
}

/**
 * The pending work of a scope (a municipality, a police area), oldest first. The list shows personal data (the
 * subject's fields), so every view is audited: `action` with the viewer as actor, subject `{ kind: 'list', id: scope }`
 * and the number of rows per municipality — never the rows themselves.
 */
export class ListPendingWork<TWork extends StepWork> {
  constructor(
    private readonly store: StepWorkStore<TWork>,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly action: string,
  ) {}

  async execute(scope: string, viewer: PendingWorkViewer, correlationId: string): Promise<TWork[]> {
    const pending = await this.store.pending(scope);
    for (const municipalityId of viewer.municipalityIds) {
      await this.audit.record({
        actor: viewer.actor,
        action: this.action,
        subject: { kind: 'list', id: scope },
        municipalityId,
        ...(viewer.policeAreaId !== undefined ? { policeAreaId: viewer.policeAreaId } : {}),
        correlationId,
        details: { rows: pending.filter((w) => w.municipalityId === municipalityId).length },
      });
    }
    return pending;
  }
}
