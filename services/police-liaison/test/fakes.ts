import type { EventEnvelope } from '@trygg/contracts';
import type { AreaMessageStore } from '../src/application/area-messages';
import type { ObservationStore } from '../src/application/observations';
import type { AreaMessage } from '../src/domain/area-message';
import type { Observation } from '../src/domain/observation';
import { InMemoryStepWorkStore } from '@trygg/step-worker';
import type { CaseStore } from '../src/application/ports';
import type { PoliceCase } from '../src/domain/police-case';
import type { GroupDirectory, KnownGroup, MeetingStep, MeetingStepStore, MeetingStore } from '../src/application/start-meeting-ports';
import type { GroupProjectionStore } from '../src/application/project-groups';
import { applyGroupFact, type GroupFact, newGroup, type ProjectedGroup } from '../src/domain/group-projection';
import type { StartMeeting } from '../src/domain/start-meeting';

/** In-memory cases, scoped by police area, with the same lock and version check as the MongoDB store. */
export class InMemoryCases extends InMemoryStepWorkStore<PoliceCase> implements CaseStore {
  constructor() {
    super((c) => c.policeAreaId);
  }

  async overdueWithoutReminder(municipalityId: string, openedAtOrBefore: string, limit: number): Promise<PoliceCase[]> {
    return [...this.docs.values()]
      .map((d) => d.work)
      .filter((w) => w.municipalityId === municipalityId && w.status === 'pending' && w.openedAt <= openedAtOrBefore && !w.overdueReminderSentAt)
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt))
      .slice(0, limit);
  }

  /** As the MongoDB store's conditional update: only a pending case without a reminder takes it (and its events). */
  async markReminderSent(caseId: string, at: string, events: EventEnvelope[]): Promise<boolean> {
    const d = this.docs.get(caseId);
    if (!d || d.work.status !== 'pending' || d.work.overdueReminderSentAt) return false;
    this.docs.set(caseId, { ...d, work: { ...d.work, overdueReminderSentAt: at }, events: [...d.events, ...events] });
    return true;
  }

  async decidedSince(policeAreaId: string, since: string): Promise<PoliceCase[]> {
    return [...this.docs.values()].map((d) => d.work).filter((w) => w.policeAreaId === policeAreaId && w.status === 'decided' && w.decision !== null && w.decision.decidedAt >= since);
  }

  async saveRevocation(policeCase: PoliceCase, expectedVersion: number, events: EventEnvelope[]): Promise<boolean> {
    const d = this.docs.get(policeCase.id);
    if (!d || d.version !== expectedVersion || d.work.policeAreaId !== policeCase.policeAreaId) return false;
    this.docs.set(policeCase.id, { work: policeCase, version: expectedVersion + 1, events: [...d.events, ...events] });
    return true;
  }
}

/** In-memory observations with the same version check and area scope as the MongoDB store; `events` collects the outbox. */
export class InMemoryObservations implements ObservationStore {
  readonly docs = new Map<string, { observation: Observation; version: number }>();
  readonly events: EventEnvelope[] = [];

  async insert(observation: Observation, events: EventEnvelope[]): Promise<void> {
    this.docs.set(observation.id, { observation, version: 1 });
    this.events.push(...events);
  }

  async ofArea(policeAreaId: string, limit: number): Promise<Observation[]> {
    return [...this.docs.values()].map((d) => d.observation).filter((o) => o.policeAreaId === policeAreaId).slice(0, limit);
  }

  async ofReporter(municipalityId: string, personId: string): Promise<Array<{ observation: Observation; version: number }>> {
    return [...this.docs.values()].filter((d) => d.observation.municipalityId === municipalityId && d.observation.reporterId === personId);
  }

  async saveErasure(observation: Observation, expectedVersion: number): Promise<boolean> {
    const found = this.docs.get(observation.id);
    if (!found || found.version !== expectedVersion) return false;
    this.docs.set(observation.id, { observation, version: expectedVersion + 1 });
    return true;
  }

  async openCounts(policeAreaId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { observation: o } of this.docs.values()) if (o.policeAreaId === policeAreaId && o.status === 'open') counts[o.municipalityId] = (counts[o.municipalityId] ?? 0) + 1;
    return counts;
  }

  async find(policeAreaId: string, id: string): Promise<{ observation: Observation; version: number } | undefined> {
    const found = this.docs.get(id);
    return found && found.observation.policeAreaId === policeAreaId ? found : undefined;
  }

  async save(observation: Observation, expectedVersion: number, events: EventEnvelope[]): Promise<boolean> {
    const found = this.docs.get(observation.id);
    if (!found || found.version !== expectedVersion || found.observation.policeAreaId !== observation.policeAreaId) return false;
    this.docs.set(observation.id, { observation, version: expectedVersion + 1 });
    this.events.push(...events);
    return true;
  }
}

/** In-memory start meetings with the same version check as the MongoDB store (a decision runs on a copy). */
export class InMemoryMeetings implements MeetingStore {
  readonly byId = new Map<string, StartMeeting>();
  readonly published: EventEnvelope[] = [];

  async insert(meeting: StartMeeting, events: readonly EventEnvelope[]): Promise<boolean> {
    if (this.byId.has(meeting.id)) return false;
    this.byId.set(meeting.id, structuredClone(meeting));
    this.published.push(...events);
    return true;
  }

  async change<R>(id: string, decide: (current: StartMeeting) => { meeting: StartMeeting; events: readonly EventEnvelope[]; result: R } | { result: R }): Promise<R | undefined> {
    const current = this.byId.get(id);
    if (!current) return undefined;
    const decided = decide(structuredClone(current));
    if ('meeting' in decided) {
      this.byId.set(id, structuredClone(decided.meeting));
      this.published.push(...decided.events);
    }
    return decided.result;
  }

  async find(id: string): Promise<StartMeeting | undefined> {
    const m = this.byId.get(id);
    return m ? structuredClone(m) : undefined;
  }

  async ofGroup(groupId: string): Promise<StartMeeting[]> {
    return [...this.byId.values()].filter((m) => m.groupId === groupId).map((m) => structuredClone(m));
  }

  async byTokenHash(tokenHash: string): Promise<StartMeeting | undefined> {
    const m = [...this.byId.values()].find((x) => x.invitations.some((i) => i.tokenHash === tokenHash));
    return m ? structuredClone(m) : undefined;
  }

  async idsOfPerson(municipalityId: string, personId: string): Promise<string[]> {
    return [...this.byId.values()]
      .filter((m) => m.municipalityId === municipalityId && (m.invitations.some((i) => i.personId === personId) || (m.attendance?.personIds.includes(personId) ?? false)))
      .map((m) => m.id);
  }
}

export class InMemoryGroups implements GroupDirectory {
  readonly byId = new Map<string, KnownGroup>();

  async record(group: Omit<KnownGroup, 'nominations'>, nomination: { nominationId: string; personId: string }): Promise<void> {
    const nominations = (this.byId.get(group.groupId)?.nominations ?? []).filter((n) => n.nominationId !== nomination.nominationId);
    this.byId.set(group.groupId, { ...group, nominations: [...nominations, nomination] });
  }

  async find(groupId: string): Promise<KnownGroup | undefined> {
    return this.byId.get(groupId);
  }

  async byNomination(nominationId: string): Promise<KnownGroup | undefined> {
    return [...this.byId.values()].find((g) => g.nominations.some((n) => n.nominationId === nominationId));
  }
}

export class InMemoryMeetingSteps implements MeetingStepStore {
  readonly byId = new Map<string, MeetingStep>();
  readonly published: EventEnvelope[] = [];

  async insert(step: MeetingStep, events: readonly EventEnvelope[]): Promise<boolean> {
    if (this.byId.has(step.id)) return false;
    this.byId.set(step.id, { ...step });
    this.published.push(...events);
    return true;
  }

  async pendingOf(municipalityId: string, nominationIds: readonly string[]): Promise<MeetingStep[]> {
    return [...this.byId.values()].filter((s) => s.municipalityId === municipalityId && s.status === 'pending' && nominationIds.includes(s.nominationId)).map((s) => ({ ...s }));
  }

  async markAnswered(ids: readonly string[], answeredBy: string): Promise<void> {
    for (const id of ids) {
      const s = this.byId.get(id);
      if (s && s.status === 'pending') this.byId.set(id, { ...s, status: 'answered', answeredBy });
    }
  }

  async forgetPerson(municipalityId: string, personId: string): Promise<number> {
    let n = 0;
    for (const [id, s] of this.byId) {
      if (s.municipalityId === municipalityId && s.personId === personId) {
        this.byId.set(id, { ...s, personId: null });
        n++;
      }
    }
    return n;
  }
}

/** The groups projection in memory: the same rules (domain/group-projection.ts) as the MongoDB store, and its GroupDirectory view. */
export class InMemoryGroupProjection implements GroupProjectionStore, GroupDirectory {
  readonly byId = new Map<string, ProjectedGroup>();
  readonly parked = new Map<string, GroupFact[]>();

  async change(groupId: string, municipalityId: string, apply: (group: ProjectedGroup) => ProjectedGroup): Promise<ProjectedGroup> {
    const next = apply(structuredClone(this.byId.get(groupId) ?? newGroup(groupId, municipalityId)));
    this.byId.set(groupId, structuredClone(next));
    return next;
  }

  async groupOfNomination(nominationId: string): Promise<ProjectedGroup | undefined> {
    return [...this.byId.values()].find((g) => g.nominations.some((n) => n.nominationId === nominationId));
  }

  async ofPoliceArea(policeAreaId: string): Promise<ProjectedGroup[]> {
    return [...this.byId.values()].filter((g) => g.policeAreaId === policeAreaId);
  }

  async ofPerson(municipalityId: string, personId: string): Promise<ProjectedGroup[]> {
    return [...this.byId.values()].filter((g) => g.municipalityId === municipalityId && (personId in g.contactPersons || g.nominations.some((n) => n.personId === personId)));
  }

  async park(nominationId: string, fact: GroupFact): Promise<void> {
    this.parked.set(nominationId, [...(this.parked.get(nominationId) ?? []), fact]);
  }

  async takeParked(nominationId: string): Promise<GroupFact[]> {
    const facts = this.parked.get(nominationId) ?? [];
    this.parked.delete(nominationId);
    return facts;
  }

  async record(group: Omit<KnownGroup, 'nominations'>, nomination: { nominationId: string; personId: string }): Promise<void> {
    await this.change(group.groupId, group.municipalityId, (g) => applyGroupFact(g, { kind: 'nominated', at: new Date().toISOString(), areaId: group.areaId, policeAreaId: group.policeAreaId, ...nomination }));
  }

  async find(groupId: string): Promise<KnownGroup | undefined> {
    const g = this.byId.get(groupId);
    if (!g || g.policeAreaId === null || g.areaId === null) return undefined;
    return { groupId, municipalityId: g.municipalityId, areaId: g.areaId, policeAreaId: g.policeAreaId, nominations: g.nominations.flatMap((n) => (n.personId ? [{ nominationId: n.nominationId, personId: n.personId }] : [])) };
  }

  async byNomination(nominationId: string): Promise<KnownGroup | undefined> {
    const g = await this.groupOfNomination(nominationId);
    return g ? this.find(g.groupId) : undefined;
  }
}

/** In-memory area-message requests with their events, scoped by police area. */
export class InMemoryAreaMessages implements AreaMessageStore {
  readonly byId = new Map<string, AreaMessage>();
  readonly events: EventEnvelope[] = [];

  async insert(message: AreaMessage, events: EventEnvelope[]): Promise<void> {
    if (this.byId.has(message.id)) throw new Error(`area message ${message.id} exists already`);
    this.byId.set(message.id, message);
    this.events.push(...events);
  }

  async ofArea(policeAreaId: string, limit: number): Promise<AreaMessage[]> {
    return [...this.byId.values()].filter((m) => m.policeAreaId === policeAreaId).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt)).slice(0, limit);
  }
}
