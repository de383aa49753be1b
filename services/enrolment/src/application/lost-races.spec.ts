import { buildWorld } from '../../test/fakes';
import type { Mutation } from './ports';
import { PurgeUnconfirmedRegistrations } from './purge-unconfirmed-registrations';

// A use case's mutation runs again on the latest state when its write lost to a concurrent one (the repositories'
// version check, docs/decisions/0003). These tests make the next write lose once, in the two ways that happen, and
// check that nothing the lost attempt decided leaks into what the use case does afterwards.

type Updatable<T> = { update(m: string, id: string, mutation: Mutation<T>): Promise<T | null> };

/** Another instance makes the same change first: its write lands, ours then runs on the state it left. */
function anotherInstanceFirst<T>(repository: Updatable<T>): void {
  const update = repository.update.bind(repository);
  let armed = true;
  repository.update = async (m, id, mutation) => {
    if (armed) {
      armed = false;
      await update(m, id, mutation);
    }
    return update(m, id, mutation);
  };
}

/** Every write of ours loses once to an unrelated one: the state is unchanged and the mutation runs again. */
function firstAttemptLost<T>(repository: Updatable<T>): void {
  const update = repository.update.bind(repository);
  repository.update = async (m, id, mutation) =>
    update(m, id, (current) => {
      mutation(structuredClone(current)); // decided, then the write lost: discarded
      return mutation(current);
    });
}

describe('use cases that lose a race decide again, and keep nothing of the lost attempt', () => {
  it('purge-unconfirmed: a registration another instance purged first is neither counted nor audited here', async () => {
    const world = buildWorld();
    const purge = new PurgeUnconfirmedRegistrations(world.registrations, world.tokens, world.catalogue, world.audit, { graceDays: 14, batchSize: 100 }, world.clock.read);
    const registration = await world.register();
    await world.confirmationToken(registration.id);
    world.clock.advanceDays(22);
    world.log.clear();
    anotherInstanceFirst(world.registrations);

    expect(await purge.runOnce()).toBe(0);

    expect(world.audit.entries.filter((e) => e.action === 'unconfirmed-registration-erased')).toHaveLength(0);
    expect(world.log.ofType('enrolment.resident-erased.v1')).toHaveLength(1); // the other instance's write
    expect(world.registrations.byId.get(registration.id)).toMatchObject({ status: 'erased' });
  });

  it('self-service correction: the resident-details-changed event survives a lost first write', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm({ name: 'Britt Bäck' });
    const token = await world.selfServiceToken(registration.personId);
    world.log.clear();
    firstAttemptLost(world.registrations);

    await world.correctOwnDetails.execute(token, { name: 'Britt Björk' }, { correlationId: 'c' });

    expect(world.log.ofType('enrolment.resident-details-changed.v1').map((e) => e.payload['name'])).toEqual(['Britt Björk']);
  });

  it('self-service erasure: the resident-erased event survives a lost first write', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm();
    const token = await world.selfServiceToken(registration.personId);
    world.log.clear();
    firstAttemptLost(world.registrations);

    await world.requestOwnErasure.execute(token, { correlationId: 'c' });

    expect(world.log.ofType('enrolment.resident-erased.v1').map((e) => e.payload['personId'])).toEqual([registration.personId]);
  });

  it('activity check: a group another instance flagged first is not audited again here', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm({ intent: 'contact-person', name: 'Kim Kontakt' });
    const nominationId = world.log.ofType('enrolment.contact-person-nominated.v1')[0]!.payload['nominationId'] as string;
    await world.onboarding.execute({ eventId: 'e1', municipalityId: 'ale', correlationId: 'c', subject: { kind: 'contact-person', id: nominationId, personId: registration.personId }, outcome: 'approved', reason: null });
    world.clock.advanceDays(365);
    await world.activityChecks.runOnce(); // asked
    for (let reminder = 0; reminder < 2; reminder++) {
      world.clock.advanceDays(14);
      await world.activityChecks.runOnce(); // reminded
    }
    world.clock.advanceDays(14);
    anotherInstanceFirst(world.groups);

    await world.activityChecks.runOnce(); // the flag step: the other instance's write lands first

    expect([...world.groups.byId.values()][0]).toMatchObject({ followUp: { reason: 'no-answer' } });
    expect(world.audit.entries.filter((e) => e.action === 'activity-check-unanswered')).toHaveLength(0);
  });
});
