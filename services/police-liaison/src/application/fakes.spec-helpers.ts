import type { EventEnvelope } from '@trygg/contracts';
import { KeyedMutex } from '@trygg/persistence';
import type { PoliceCase } from '../domain/police-case';
import type { CaseStore } from './cases';

/** In-memory cases with the same lock and version check as the MongoDB store. */
export class InMemoryCases implements CaseStore {
  readonly docs = new Map<string, { policeCase: PoliceCase; version: number; events: EventEnvelope[] }>();
  private readonly locks = new KeyedMutex();
  exclusive<T>(id: string, work: () => Promise<T>) {
    return this.locks.runExclusive(id, work);
  }
  async insert(c: PoliceCase) {
    if (this.docs.has(c.id)) return false;
    this.docs.set(c.id, { policeCase: c, version: 1, events: [] });
    return true;
  }
  async find(area: string, id: string) {
    const d = this.docs.get(id);
    return d && d.policeCase.policeAreaId === area ? { policeCase: d.policeCase, version: d.version } : undefined;
  }
  async pending(area: string) {
    return [...this.docs.values()].map((d) => d.policeCase).filter((c) => c.policeAreaId === area && c.status === 'pending');
  }
  async forgetPerson(m: string, personId: string) {
    let n = 0;
    for (const d of this.docs.values()) {
      if (d.policeCase.municipalityId === m && d.policeCase.subject.personId === personId) {
        d.policeCase = { ...d.policeCase, subjectFields: {} };
        n++;
      }
    }
    return n;
  }
  async saveDecision(c: PoliceCase, expected: number, events: EventEnvelope[]) {
    const d = this.docs.get(c.id)!;
    if (d.version !== expected) return false;
    this.docs.set(c.id, { policeCase: c, version: expected + 1, events: [...d.events, ...events] });
    return true;
  }
}

