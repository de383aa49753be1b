import { randomUUID } from 'node:crypto';
import { currentCorrelationId } from '@trygg/observability';
import { ConcurrentModification, retryOnConflict } from '@trygg/persistence';
import { forgetPerson as forgetPersonInGroup } from '../domain/group-projection';
import { forgetReporter } from '../domain/observation';
import { forgetPersonInMeeting } from '../domain/start-meeting';
import type { ObservationStore } from './observations';
import type { GroupProjectionStore } from './project-groups';
import type { CaseStore, DecisionAudit } from './ports';
import type { ContactPersonNames, MeetingStepStore, MeetingStore } from './start-meeting-ports';

/** The action of an erasure's record in the audit trail. */
export const PERSON_ERASED = 'person-erased';

/** The erasure acting on its own (the audit record's actor). */
const ERASURE = { subject: 'system:police-liaison', name: 'erasure', role: 'system' } as const;

export interface ErasureCounts {
  cases: number;
  meetings: number;
  meetingSteps: number;
  observations: number;
  groups: number;
}

/**
 * A person was erased (enrolment.resident-erased.v1, volunteers.volunteer-erased.v1): police-liaison forgets them
 * everywhere it holds them — the subject fields of their police-approval cases (ids and decisions stay as the
 * audited record), their start-meeting invitations (RSVP links), answers and place on attendance lists, their
 * start-meeting steps' link to them, the groups projection's contact-person state and nominations, and, of the
 * observations they reported, the link to them (so nobody can answer or find them by it) and their name where the
 * description holds it. Idempotent: a second delivery finds nothing left and records nothing. Audited once per
 * erasure that changed anything (`person-erased`, counts only).
 */
export class ErasePerson {
  constructor(
    private readonly stores: {
      cases: Pick<CaseStore, 'forgetPerson'>;
      names: ContactPersonNames;
      meetings: Pick<MeetingStore, 'idsOfPerson' | 'change'>;
      meetingSteps: Pick<MeetingStepStore, 'forgetPerson'>;
      groups: Pick<GroupProjectionStore, 'ofPerson' | 'change'>;
      observations: Pick<ObservationStore, 'ofReporter' | 'saveErasure'>;
    },
    private readonly audit: DecisionAudit,
  ) {}

  async execute(municipalityId: string, personId: string): Promise<ErasureCounts> {
    const { cases, names, meetings, meetingSteps, groups, observations } = this.stores;
    // The name they gave for the police review, read before the cases forget it: blanked out of their observations.
    const { name } = await names.of(municipalityId, personId);
    const counts: ErasureCounts = { cases: 0, meetings: 0, meetingSteps: 0, observations: 0, groups: 0 };

    for (const { observation } of await observations.ofReporter(municipalityId, personId)) {
      const changed = await retryOnConflict(async () => {
        const current = (await observations.ofReporter(municipalityId, personId)).find((o) => o.observation.id === observation.id);
        if (!current) return false;
        const forgotten = forgetReporter(current.observation, personId, name ? [name] : []);
        if (!forgotten.changed) return false;
        if (!(await observations.saveErasure(forgotten.observation, current.version))) throw new ConcurrentModification('observation', observation.id);
        return true;
      });
      if (changed) counts.observations++;
    }

    counts.cases = await cases.forgetPerson(municipalityId, personId);

    for (const id of await meetings.idsOfPerson(municipalityId, personId)) {
      const changed = await meetings.change(id, (meeting) => {
        const forgotten = forgetPersonInMeeting(meeting, personId);
        return forgotten.changed ? { meeting: forgotten.meeting, events: [], result: true } : { result: false };
      });
      if (changed) counts.meetings++;
    }

    counts.meetingSteps = await meetingSteps.forgetPerson(municipalityId, personId);

    for (const group of await groups.ofPerson(municipalityId, personId)) {
      let changed = false;
      await groups.change(group.groupId, municipalityId, (g) => {
        const forgotten = forgetPersonInGroup(g, personId);
        changed = forgotten.changed;
        return forgotten.group;
      });
      if (changed) counts.groups++;
    }

    if (Object.values(counts).some((n) => n > 0)) {
      await this.audit.record({
        actor: { ...ERASURE, scope: municipalityId },
        action: PERSON_ERASED,
        subject: { kind: 'person', id: personId },
        municipalityId,
        correlationId: currentCorrelationId() ?? randomUUID(),
        details: { ...counts },
      });
    }
    return counts;
  }
}
