import { z } from 'zod';
import { foundedGroupId } from '../domain/group';
import type { Registration } from '../domain/registration';
import { buildWorld, ids } from '../../test/fakes';
import type { GroupRepository } from './ports';
import { PlaceRegistration } from './place-registration';

// Two placers of one world stand for two enrolment instances (or the resume job beside a confirmation in one): the
// in-memory repositories refuse what the database refuses (a taken group id, a taken name in the area).

/** The group repository as a second placer sees it: its first call of `method` answers what it saw before the
 * other placer wrote, and returns only when `release` resolves (the other placer has finished meanwhile). */
function lateView(groups: GroupRepository, release: Promise<unknown>, method: 'findByRegistration' | 'list' = 'findByRegistration'): GroupRepository {
  let first = true;
  return new Proxy(groups, {
    get(target, property, receiver) {
      if (property === method) {
        return async (...args: unknown[]) => {
          const seen: unknown = await (target[method] as (...a: unknown[]) => Promise<unknown>)(...args);
          if (first) {
            first = false;
            await release;
          }
          return seen;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function confirmedPending(world: ReturnType<typeof buildWorld>, overrides: Parameters<ReturnType<typeof buildWorld>['register']>[0]): Promise<Registration> {
  const registration = await world.register(overrides);
  return (await world.registrations.update('ale', registration.id, (r) => ({ next: { ...r, status: 'confirmed', placement: { kind: 'pending' } }, events: [] })))!;
}

describe('placements racing without a lock', () => {
  it('gives the group a registration founds an id derived from it: the same every time, a UUID, different per registration', () => {
    const a = ids();
    expect(foundedGroupId(a)).toBe(foundedGroupId(a));
    expect(foundedGroupId(a)).not.toBe(foundedGroupId(ids()));
    expect(z.uuid().safeParse(foundedGroupId(a)).success).toBe(true);
  });

  it('founds one group when a second placer of the same start-group registration looked before the first wrote', async () => {
    const world = buildWorld();
    const registration = await confirmedPending(world, { intent: 'start-group', address: { street: 'Kyrkvägen', number: '2', postcode: '449 30' } });
    let finishFirst!: () => void;
    const firstDone = new Promise<void>((resolve) => (finishFirst = resolve));
    const second = new PlaceRegistration(world.registrations, lateView(world.groups, firstDone), world.catalogue, ids, world.clock.read);

    const late = second.place(registration, { kind: 'auto' }, { correlationId: 'resume' });
    const early = await world.placer.place(registration, { kind: 'auto' }, { correlationId: 'confirm' });
    finishFirst();
    const after = await late;

    const groups = [...world.groups.byId.values()].filter((g) => g.registrationIds.includes(registration.id));
    expect(groups).toHaveLength(1);
    expect(world.groups.byId.size).toBe(1);
    expect(early).toMatchObject({ kind: 'placed', group: { id: foundedGroupId(registration.id), newlyCreated: true } });
    expect(after).toMatchObject({ kind: 'placed', group: { id: foundedGroupId(registration.id), newlyCreated: false } });
    expect(world.log.ofType('enrolment.member-joined.v1')).toHaveLength(1);
    expect(world.log.ofType('enrolment.registration-confirmed.v1')).toHaveLength(1);
  });

  it('puts two residents of an area without an open group into one new group when both placers create "the next group" at once', async () => {
    const world = buildWorld();
    const a = await confirmedPending(world, { address: { street: 'Kyrkvägen', number: '1', postcode: '449 30' } });
    const b = await confirmedPending(world, { address: { street: 'Kyrkvägen', number: '3', postcode: '449 30' } });
    const other = new PlaceRegistration(world.registrations, world.groups, world.catalogue, ids, world.clock.read);

    const [first, second] = await Promise.all([world.placer.place(a, { kind: 'auto' }, { correlationId: 'a' }), other.place(b, { kind: 'auto' }, { correlationId: 'b' })]);

    expect(world.groups.byId.size).toBe(1);
    const [group] = [...world.groups.byId.values()];
    expect(group!.registrationIds.sort()).toEqual([a.id, b.id].sort());
    expect([first, second].map((p) => (p.kind === 'placed' ? p.group.id : null))).toEqual([group!.id, group!.id]);
    expect(world.log.ofType('enrolment.member-joined.v1')).toHaveLength(2);
  });

  it('joins the group another placer created meanwhile instead of naming a second one, when its read of the area is stale', async () => {
    const world = buildWorld();
    const a = await confirmedPending(world, { address: { street: 'Kyrkvägen', number: '1', postcode: '449 30' } });
    const b = await confirmedPending(world, { address: { street: 'Kyrkvägen', number: '3', postcode: '449 30' } });
    let finishFirst!: () => void;
    const firstDone = new Promise<void>((resolve) => (finishFirst = resolve));
    const other = new PlaceRegistration(world.registrations, lateView(world.groups, firstDone, 'list'), world.catalogue, ids, world.clock.read);

    const late = other.place(b, { kind: 'auto' }, { correlationId: 'b' });
    await world.placer.place(a, { kind: 'auto' }, { correlationId: 'a' });
    finishFirst();
    await late;

    expect([...world.groups.byId.values()].map((g) => [g.name, g.registrationIds.length])).toEqual([['Kyrkbyn 1', 2]]);
  });

  it('places once when one confirmation link is opened twice at the same moment; the second is told the link was used', async () => {
    const world = buildWorld();
    const registration = await world.register({ intent: 'start-group', address: { street: 'Kyrkvägen', number: '4', postcode: '449 30' } });
    const token = await world.confirmationToken(registration.id);
    const open = () => world.confirm.execute({ municipalityId: 'ale', token }, { correlationId: 'tap' });

    const results = await Promise.allSettled([open(), open()]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'token_used' });
    expect(world.groups.byId.size).toBe(1);
    expect(world.log.ofType('enrolment.member-joined.v1')).toHaveLength(1);
    expect(world.log.ofType('enrolment.registration-confirmed.v1')).toHaveLength(1);
  });
});
