import { buildWorld } from '../../test/fakes';

describe('erasure following the municipality’s retention rules', () => {
  it('keeps the record hidden and unused for the configured days, then anonymises it', async () => {
    const world = buildWorld({ retention: 'keep-days' });
    const { registration } = await world.registerAndConfirm({ name: 'Eva Ek', mobile: '0701234567' });
    const token = await world.selfServiceToken(registration.personId);
    const answer = await world.requestOwnErasure.execute(token, { correlationId: 'c' });
    expect(answer).toEqual({ status: 'erased', mode: 'keep-days', anonymiseAt: '2026-12-26T10:00:00.000Z' });
    expect(world.log.ofType('enrolment.resident-erased.v1')).toHaveLength(1);
    expect(world.registrations.byId.get(registration.id)).toMatchObject({ status: 'erased', name: 'Eva Ek' });
    await expect(world.viewOwnDetails.execute(token)).rejects.toThrow();
    expect(Object.keys([...world.groups.byId.values()][0]!.members)).toEqual([]);

    world.clock.advanceDays(29);
    expect(await world.anonymise.runOnce()).toBe(0);
    world.clock.advanceDays(1);
    expect(await world.anonymise.runOnce()).toBe(1);
    expect(world.registrations.byId.get(registration.id)).toMatchObject({ name: '', email: '', mobile: null, address: { street: '', number: '', postcode: '' } });
    expect(await world.anonymise.runOnce()).toBe(0);
  });

  it('lets the same person register again after erasure, as someone new', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm({ email: 'again@example.se' });
    await world.requestOwnErasure.execute(await world.selfServiceToken(registration.personId), { correlationId: 'c' });
    const fresh = await world.register({ email: 'again@example.se' });
    expect(fresh.id).not.toBe(registration.id);
    expect(fresh.personId).not.toBe(registration.personId);
  });

  it('refuses a correction that would make two registrations of one email at one address', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm({ email: 'one@example.se' });
    await world.register({ email: 'two@example.se' });
    const token = await world.selfServiceToken(registration.personId);
    await expect(world.correctOwnDetails.execute(token, { email: 'two@example.se' }, { correlationId: 'c' })).rejects.toMatchObject({ code: 'duplicate_registration' });
    expect(world.registrations.byId.get(registration.id)!.email).toBe('one@example.se');
  });

  it('audits what the resident did', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm();
    const token = await world.selfServiceToken(registration.personId);
    await world.correctOwnDetails.execute(token, { emailUpdates: false }, { correlationId: 'c' });
    await world.requestOwnErasure.execute(token, { correlationId: 'c' });
    expect(world.audit.entries.map((e) => [e.actor, e.action])).toEqual([
      [{ subject: `person:${registration.personId}`, name: 'resident', role: 'resident', scope: 'ale' }, 'details-corrected'],
      [{ subject: `person:${registration.personId}`, name: 'resident', role: 'resident', scope: 'ale' }, 'erasure-requested'],
    ]);
  });
});
