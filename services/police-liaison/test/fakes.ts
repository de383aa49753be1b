import type { EventEnvelope } from '@trygg/contracts';
import type { ObservationStore } from '../src/application/observations';
import type { Observation } from '../src/domain/observation';
import { InMemoryStepWorkStore } from '@trygg/step-worker';
import type { CaseStore } from '../src/application/ports';
import type { PoliceCase } from '../src/domain/police-case';

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
