import type { EventEnvelope } from '@trygg/contracts';
import { InMemoryStepWorkStore } from '@trygg/step-worker';
import type { CaseStore } from '../src/application/ports';
import type { PoliceCase } from '../src/domain/police-case';

/** In-memory cases, scoped by police area, with the same lock and version check as the MongoDB store. */
export class InMemoryCases extends InMemoryStepWorkStore<PoliceCase> implements CaseStore {
  constructor() {
    super((c) => c.policeAreaId);
  }

  async saveRevocation(policeCase: PoliceCase, expectedVersion: number, events: EventEnvelope[]): Promise<boolean> {
    const d = this.docs.get(policeCase.id);
    if (!d || d.version !== expectedVersion || d.work.policeAreaId !== policeCase.policeAreaId) return false;
    this.docs.set(policeCase.id, { work: policeCase, version: expectedVersion + 1, events: [...d.events, ...events] });
    return true;
  }
}
