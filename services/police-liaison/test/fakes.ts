import type { EventEnvelope } from '@trygg/contracts';
import { InMemoryStepWorkStore } from '@trygg/step-worker';
import type { PoliceCase } from '../src/domain/police-case';
import type { GroupDirectory, KnownGroup, MeetingStep, MeetingStepStore, MeetingStore } from '../src/application/start-meeting-ports';
import type { StartMeeting } from '../src/domain/start-meeting';

/** In-memory cases, scoped by police area, with the same lock and version check as the MongoDB store. */
export class InMemoryCases extends InMemoryStepWorkStore<PoliceCase> {
  constructor() {
    super((c) => c.policeAreaId);
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
