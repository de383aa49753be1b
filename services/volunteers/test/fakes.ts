import type { EventEnvelope } from '@trygg/contracts';
import type { VolunteerChange, VolunteerStore } from '../src/application/ports';
import type { Volunteer } from '../src/domain/volunteer';

/** The store as the use cases see it: state and the events written with it (the outbox), in memory. */
export class InMemoryVolunteers implements VolunteerStore {
  readonly byId = new Map<string, Volunteer>();
  readonly outbox: EventEnvelope[] = [];
  async insert(volunteer: Volunteer, events: EventEnvelope[]) {
    this.byId.set(volunteer.id, structuredClone(volunteer));
    this.outbox.push(...events);
  }
  async change(municipalityId: string, id: string, change: (current: Volunteer) => VolunteerChange) {
    const current = this.byId.get(id);
    if (!current || current.municipalityId !== municipalityId) return 'not-found' as const;
    const result = change(structuredClone(current));
    if (result === 'unchanged') return 'unchanged' as const;
    this.byId.set(id, result.next);
    this.outbox.push(...result.events);
    return 'changed' as const;
  }
}

/** The municipalities the unit tests know. */
export const knownMunicipalities = { exists: (id: string) => ['ale', 'lilla-edet'].includes(id), mobileAllowed: (_id: string, e164: string) => e164.startsWith('+46') };
