import { InMemoryStepWorkStore } from '@trygg/step-worker';
import type { PoliceCase } from '../src/domain/police-case';

/** In-memory cases, scoped by police area, with the same lock and version check as the MongoDB store. */
export class InMemoryCases extends InMemoryStepWorkStore<PoliceCase> {
  constructor() {
    super((c) => c.policeAreaId);
  }
}
