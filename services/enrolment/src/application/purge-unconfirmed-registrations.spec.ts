import type { Registration } from '../domain/registration';
import { buildWorld } from '../../test/fakes';
import type { Mutation } from './ports';
import { PurgeUnconfirmedRegistrations } from './purge-unconfirmed-registrations';

function worldWithPurge(batchSize = 100) {
  const world = buildWorld();
  const purge = new PurgeUnconfirmedRegistrations(world.registrations, world.tokens, world.catalogue, world.audit, { graceDays: 14, batchSize }, world.clock.read);
  return { ...world, purge };
}

describe('purging registrations never confirmed (housekeeping purge-unconfirmed)', () => {
  it('erases an unconfirmed registration 21 days after the form, once, with resident-erased in the same write', async () => {
    const world = worldWithPurge();
    const registration = await world.register({ name: 'Olle Okänd', mobile: '0701234567' });
    await world.confirmationToken(registration.id);
    world.log.clear();

    world.clock.advanceDays(21);
    world.clock.now = new Date(world.clock.now.getTime() - 1);
    expect(await world.purge.runOnce()).toBe(0);
    world.clock.now = new Date(world.clock.now.getTime() + 1);
    expect(await world.purge.runOnce()).toBe(1);

    const stored = world.registrations.byId.get(registration.id)!;
    expect(stored).toMatchObject({ status: 'erased', name: '', email: '', mobile: null, erasure: { reason: 'unconfirmed', anonymisedAt: world.clock.now } });
    expect(world.log.ofType('enrolment.resident-erased.v1').map((e) => e.payload)).toEqual([{ personId: registration.personId, erasedAt: world.clock.now.toISOString() }]);
    expect(world.audit.entries).toMatchObject([{ actor: { subject: 'system:enrolment', name: 'housekeeping', role: 'system' }, action: 'unconfirmed-registration-erased', subject: { kind: 'registration', id: registration.id }, details: { residentErased: true } }]);
    expect([...world.tokens.byHash.values()].every((t) => t.usedAt !== null)).toBe(true);

    expect(await world.purge.runOnce()).toBe(0);
    expect(world.log.ofType('enrolment.resident-erased.v1')).toHaveLength(1);
    expect(world.audit.entries).toHaveLength(1);
  });

  it('never touches a confirmed (placed) registration of the same age', async () => {
    const world = worldWithPurge();
    const { registration } = await world.registerAndConfirm({ name: 'Bo Bekräftad' });
    world.log.clear();
    world.clock.advanceDays(400);
    expect(await world.purge.runOnce()).toBe(0);
    expect(world.registrations.byId.get(registration.id)).toMatchObject({ status: 'confirmed', name: 'Bo Bekräftad', placement: { kind: 'placed' } });
    expect(world.log.events).toEqual([]);
  });

  it('counts from the form sent again, not from the first one', async () => {
    const world = worldWithPurge();
    const first = await world.register({ email: 'again@example.se' });
    world.clock.advanceDays(10);
    await world.register({ email: 'again@example.se' });
    world.clock.advanceDays(11);
    expect(await world.purge.runOnce()).toBe(0);
    world.clock.advanceDays(10);
    expect(await world.purge.runOnce()).toBe(1);
    expect(world.registrations.byId.get(first.id)!.status).toBe('erased');
  });

  it('waits while a confirmation link issued late still works', async () => {
    const world = worldWithPurge();
    const registration = await world.register();
    world.clock.advanceDays(15);
    await world.confirmationToken(registration.id); // expires on day 22
    world.clock.advanceDays(6);
    expect(await world.purge.runOnce()).toBe(0);
    world.clock.advanceDays(15);
    expect(await world.purge.runOnce()).toBe(1);
  });

  it('does not purge a registration confirmed a moment before the purge writes (re-checked under the lock)', async () => {
    const world = worldWithPurge();
    const registration = await world.register();
    world.clock.advanceDays(30);
    // The resident confirms (through a late link) between the purge's look-up and its write.
    const realUpdate = world.registrations.update.bind(world.registrations);
    let raced = false;
    world.registrations.update = async (m: string, id: string, mutation: Mutation<Registration>) => {
      if (!raced) {
        raced = true;
        await realUpdate(m, id, (current) => ({ next: { ...current, status: 'confirmed', confirmedAt: world.clock.read(), placement: { kind: 'pending' } }, events: [] }));
      }
      return realUpdate(m, id, mutation);
    };
    expect(await world.purge.runOnce()).toBe(0);
    expect(world.registrations.byId.get(registration.id)).toMatchObject({ status: 'confirmed', name: 'Anna Andersson' });
    expect(world.log.ofType('enrolment.resident-erased.v1')).toEqual([]);
    expect(world.audit.entries).toEqual([]);
  });

  it('keeps the person a resident (no resident-erased, links kept) when they have another live registration', async () => {
    const world = worldWithPurge();
    const { registration: home } = await world.registerAndConfirm({ email: 'two-homes@example.se' });
    const summerHouse = await world.register({ email: 'two-homes@example.se', address: { street: 'Storgatan', number: '7', postcode: '449 30' } });
    expect(summerHouse.personId).toBe(home.personId);
    const selfService = await world.selfServiceToken(home.personId);
    world.log.clear();
    world.clock.advanceDays(21);

    expect(await world.purge.runOnce()).toBe(1);
    expect(world.registrations.byId.get(summerHouse.id)).toMatchObject({ status: 'erased', email: '' });
    expect(world.registrations.byId.get(home.id)).toMatchObject({ status: 'confirmed', email: 'two-homes@example.se' });
    expect(world.log.ofType('enrolment.resident-erased.v1')).toEqual([]);
    expect(world.audit.entries[0]!.details).toMatchObject({ residentErased: false });
    await expect(world.viewOwnDetails.execute(selfService)).resolves.toBeDefined();
  });

  it('works in bounded batches: a backlog is cleared over several rounds', async () => {
    const world = worldWithPurge(2);
    for (let i = 0; i < 5; i++) await world.register();
    world.clock.advanceDays(21);
    // Two municipalities are looked at; only ale has registrations.
    expect(await world.purge.runOnce()).toBe(2);
    expect(await world.purge.runOnce()).toBe(2);
    expect(await world.purge.runOnce()).toBe(1);
    expect(await world.purge.runOnce()).toBe(0);
    expect(world.log.ofType('enrolment.resident-erased.v1')).toHaveLength(5);
  });
});
