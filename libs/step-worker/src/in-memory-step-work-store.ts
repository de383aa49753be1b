import type { EventEnvelope } from '@trygg/contracts';
import type { StepWorkStore } from './ports';
import type { StepWork } from './step-work';

/**
 * The store in memory, with the same version check as the MongoDB one: for a step worker's unit tests.
 * `docs` holds each piece of work with its version and every event saved with it.
 */
export class InMemoryStepWorkStore<TWork extends StepWork> implements StepWorkStore<TWork> {
  readonly docs = new Map<string, { work: TWork; version: number; events: EventEnvelope[] }>();

  constructor(private readonly scopeOf: (work: TWork) => string) {}

  async insert(work: TWork): Promise<boolean> {
    if (this.docs.has(work.id)) return false;
    this.docs.set(work.id, { work, version: 1, events: [] });
    return true;
  }

  async find(scope: string, id: string): Promise<{ work: TWork; version: number } | undefined> {
    const d = this.docs.get(id);
    return d && this.scopeOf(d.work) === scope ? { work: d.work, version: d.version } : undefined;
  }

  async pending(scope: string): Promise<TWork[]> {
    return [...this.docs.values()].map((d) => d.work).filter((w) => this.scopeOf(w) === scope && w.status === 'pending');
  }

  async ofPerson(municipalityId: string, personId: string): Promise<TWork[]> {
    return [...this.docs.values()].map((d) => d.work).filter((w) => w.municipalityId === municipalityId && w.subject.personId === personId);
  }

  async forgetPerson(municipalityId: string, personId: string): Promise<number> {
    let n = 0;
    for (const d of this.docs.values()) {
      // As the MongoDB store's modifiedCount: a case already forgotten is not counted again.
      if (d.work.municipalityId === municipalityId && d.work.subject.personId === personId && Object.keys(d.work.subjectFields).length > 0) {
        d.work = { ...d.work, subjectFields: {} };
        n++;
      }
    }
    return n;
  }

  async setProtectedIdentity(municipalityId: string, personId: string, protectedIdentity: boolean): Promise<number> {
    let n = 0;
    for (const d of this.docs.values()) {
      if (d.work.municipalityId === municipalityId && d.work.subject.personId === personId && (d.work.protectedIdentity === true) !== protectedIdentity) {
        d.work = { ...d.work, protectedIdentity };
        n++;
      }
    }
    return n;
  }

  async saveDecision(work: TWork, expectedVersion: number, events: EventEnvelope[]): Promise<boolean> {
    const d = this.docs.get(work.id);
    if (!d || d.version !== expectedVersion) return false;
    this.docs.set(work.id, { work, version: expectedVersion + 1, events: [...d.events, ...events] });
    return true;
  }
}
