import type { EventEnvelope } from '@trygg/contracts';
import type { AreaMessageStore } from '../src/application/area-messages';
import type { ObservationStore } from '../src/application/observations';
import type { AreaMessage } from '../src/domain/area-message';
import type { Observation } from '../src/domain/observation';
import { InMemoryStepWorkStore } from '@trygg/step-worker';
import type { CaseStore } from '../src/application/ports';
import type { PoliceCase } from '../src/domain/police-case';
import type { GroupDirectory, KnownGroup, MeetingStep, MeetingStepStore, MeetingStore } from '../src/application/start-meeting-ports';
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
