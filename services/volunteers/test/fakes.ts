import { randomBytes } from 'node:crypto';
import type { EventEnvelope } from '@trygg/contracts';
import { ConfirmSignUp } from '../src/application/confirm-sign-up';
import { IssueConfirmationLink } from '../src/application/issue-confirmation-link';
import type { ConfirmationLinks, VolunteerChange, VolunteerStore, WalkDecision, WalkerLink, WalkerLinks, WalkStore } from '../src/application/ports';
import { SignUp, type SignUpCommand } from '../src/application/sign-up';
import type { ConfirmationLink } from '../src/domain/confirmation-link';
import type { Volunteer } from '../src/domain/volunteer';
import type { Walk } from '../src/domain/walk';

/** The store as the use cases see it: state and the events written with it (the outbox), in memory. */
export class InMemoryVolunteers implements VolunteerStore {
  readonly byId = new Map<string, Volunteer>();
  readonly outbox: EventEnvelope[] = [];
  async insert(volunteer: Volunteer, events: EventEnvelope[]) {
    this.byId.set(volunteer.id, structuredClone(volunteer));
    this.outbox.push(...events);
  }
  async ofPerson(municipalityId: string, personId: string) {
    return [...this.byId.values()].filter((v) => v.municipalityId === municipalityId && v.personId === personId).map((v) => structuredClone(v));
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
  async findById(id: string) {
    const v = this.byId.get(id);
    return v ? structuredClone(v) : null;
  }
  async findByEmail(municipalityId: string, email: string) {
    return [...this.byId.values()].filter((v) => v.municipalityId === municipalityId && v.email === email && v.status !== 'erased').map((v) => structuredClone(v));
  }
  async listSignedUp(municipalityId: string, limit: number) {
    return [...this.byId.values()]
      .filter((v) => v.municipalityId === municipalityId && ['onboarding', 'active', 'rejected', 'withdrawn'].includes(v.status))
      .sort((a, b) => a.signedUpAt.localeCompare(b.signedUpAt))
      .slice(0, limit)
      .map((v) => structuredClone(v));
  }
  async listActive(municipalityId: string, organisationIds: Array<string | null>, limit: number) {
    return [...this.byId.values()]
      .filter((v) => v.municipalityId === municipalityId && v.status === 'active' && organisationIds.includes(v.organisationId))
      .sort((a, b) => a.signedUpAt.localeCompare(b.signedUpAt))
      .slice(0, limit)
      .map((v) => structuredClone(v));
  }
  async listUnconfirmedRequestedBefore(before: Date, limit: number) {
    return [...this.byId.values()]
      .filter((v) => v.status === 'unconfirmed' && v.confirmation && Date.parse(v.confirmation.requestedAt) <= before.getTime())
      .slice(0, limit)
      .map((v) => structuredClone(v));
  }
}

/** The confirmation links, in memory (only hashes, as the real store). */
export class InMemoryLinks implements ConfirmationLinks {
  readonly byHash = new Map<string, ConfirmationLink>();
  async insert(link: ConfirmationLink) {
    this.byHash.set(link.hash, { ...link });
  }
  async findByHash(hash: string) {
    const link = this.byHash.get(hash);
    return link ? { ...link } : null;
  }
  async markUsed(hash: string, at: Date) {
    const link = this.byHash.get(hash);
    if (!link || link.usedAt) return false;
    link.usedAt = at;
    return true;
  }
  async deleteForVolunteer(volunteerId: string) {
    for (const [hash, link] of this.byHash) if (link.volunteerId === volunteerId) this.byHash.delete(hash);
  }
  async purgeExpiredBefore(before: Date) {
    let n = 0;
    for (const [hash, link] of this.byHash) {
      if (link.expiresAt < before) {
        this.byHash.delete(hash);
        n++;
      }
    }
    return n;
  }
}

/** The municipalities the unit tests know. */
export const knownMunicipalities = {
  exists: (id: string) => ['ale', 'lilla-edet'].includes(id),
  mobileAllowed: (_id: string, e164: string) => e164.startsWith('+46'),
  organisationExists: (id: string, organisationId: string) => id === 'ale' && ['ale-trygghetsvandrare', 'nattvandrarna-ale'].includes(organisationId),
};

/** A test link secret: 32 random bytes, base64url, as the real one. */
export const testSecret = () => randomBytes(32).toString('base64url');

/** The sign-up as validated; languages and availability may be left out (none given). */
type SignUpForm = Omit<SignUpCommand, 'spokenLanguages' | 'otherLanguages' | 'availability'> & Partial<Pick<SignUpCommand, 'spokenLanguages' | 'otherLanguages' | 'availability'>>;

/**
 * A walker signed up and confirmed through the real use cases (sign-up, the link notifications would ask for, the
 * confirm page's POST): status `onboarding`, the sign-up's events in the store's outbox. Returns the walker and the
 * links store.
 */
export async function confirmedWalker(store: InMemoryVolunteers, form: SignUpForm, now = new Date(), links = new InMemoryLinks()): Promise<Volunteer> {
  const command: SignUpCommand = { spokenLanguages: [], otherLanguages: null, availability: [], ...form };
  await new SignUp(store, knownMunicipalities, () => now).execute(command, 'c-1');
  const signedUp = [...store.byId.values()].find((v) => v.email === command.email.trim().toLowerCase() && v.status === 'unconfirmed');
  if (!signedUp) throw new Error('no unconfirmed sign-up');
  const { url } = await new IssueConfirmationLink(store, links, testSecret, 'http://web.test', () => now).execute(signedUp.id);
  await new ConfirmSignUp(store, links, () => now).execute({ municipalityId: signedUp.municipalityId, token: url.split('/').at(-1)! }, 'c-1');
  return store.byId.get(signedUp.id)!;
}

/** The walks, in memory: state and the events written with it. */
export class InMemoryWalks implements WalkStore {
  readonly byId = new Map<string, Walk>();
  readonly outbox: EventEnvelope[] = [];
  async insert(walk: Walk, events: EventEnvelope[]) {
    this.byId.set(walk.id, structuredClone(walk));
    this.outbox.push(...events);
  }
  async change<R>(municipalityId: string, id: string, decide: (current: Walk) => WalkDecision<R>) {
    const current = this.byId.get(id);
    if (!current || current.municipalityId !== municipalityId) return 'not-found' as const;
    const decision = decide(structuredClone(current));
    if ('next' in decision) {
      this.byId.set(id, structuredClone(decision.next));
      this.outbox.push(...decision.events);
    }
    return decision.result;
  }
  async findById(municipalityId: string, id: string) {
    const w = this.byId.get(id);
    return w && w.municipalityId === municipalityId ? structuredClone(w) : null;
  }
  async list(municipalityId: string, from: Date, to: Date, limit: number) {
    return [...this.byId.values()]
      .filter((w) => w.municipalityId === municipalityId && Date.parse(w.startsAt) >= from.getTime() && Date.parse(w.startsAt) < to.getTime())
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .slice(0, limit)
      .map((w) => structuredClone(w));
  }
  async bookedBy(municipalityId: string, volunteerId: string) {
    return [...this.byId.values()].filter((w) => w.municipalityId === municipalityId && w.bookings.some((b) => b.volunteerId === volunteerId)).map((w) => w.id);
  }
  async scheduledStartingBetween(from: Date, to: Date, limit: number) {
    return [...this.byId.values()]
      .filter((w) => w.status === 'scheduled' && Date.parse(w.startsAt) >= from.getTime() && Date.parse(w.startsAt) < to.getTime())
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .slice(0, limit)
      .map((w) => structuredClone(w));
  }
  async dueForStaffingCheck(from: Date, to: Date, limit: number) {
    return [...this.byId.values()]
      .filter((w) => w.status === 'scheduled' && w.understaffedAt === null && Date.parse(w.startsAt) >= from.getTime() && Date.parse(w.startsAt) < to.getTime())
      .slice(0, limit)
      .map((w) => structuredClone(w));
  }
}

/** The walkers' links, in memory (only hashes). */
export class InMemoryWalkerLinks implements WalkerLinks {
  readonly byHash = new Map<string, WalkerLink>();
  async insert(link: WalkerLink) {
    this.byHash.set(link.hash, { ...link });
  }
  async findByHash(hash: string) {
    const link = this.byHash.get(hash);
    return link ? { ...link } : null;
  }
  async purgeExpiredBefore(before: Date) {
    let n = 0;
    for (const [hash, link] of this.byHash) {
      if (link.expiresAt < before) {
        this.byHash.delete(hash);
        n++;
      }
    }
    return n;
  }
}
