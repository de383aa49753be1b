import type { EventEnvelope } from '@trygg/contracts';
import type { ObservationStore } from '../src/application/observations';
import type { Observation } from '../src/domain/observation';
import { InMemoryStepWorkStore } from '@trygg/step-worker';
import type { PoliceCase } from '../src/domain/police-case';

/** In-memory cases, scoped by police area, with the same lock and version check as the MongoDB store. */
export class InMemoryCases extends InMemoryStepWorkStore<PoliceCase> {
  constructor() {
    super((c) => c.policeAreaId);
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
