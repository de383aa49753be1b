import { buildWorld } from '../../test/fakes';

// Issue 13: a later change of the protected-identity flag must reach the services that keep it from earlier events
// (onboarding's instances, the step workers' work): enrolment.protected-identity-changed.v1, id and flag only, in the
// same write as the correction.

async function corrected(initial: boolean, input: { protectedIdentity?: boolean; name?: string }) {
  const world = buildWorld();
  const { registration } = await world.registerAndConfirm({ email: 'skyddad@example.se', protectedIdentity: initial });
  const token = await world.selfServiceToken(registration.personId);
  world.log.clear();
  await world.correctOwnDetails.execute(token, input, { correlationId: 'c-flag' });
  return { world, registration, changed: world.log.ofType<{ personId: string; protectedIdentity: boolean }>('enrolment.protected-identity-changed.v1') };
}

describe('a change of the protected-identity flag from the self-service link', () => {
  it('tells the flag, with the person id and nothing else, when it is turned on', async () => {
    const { world, registration, changed } = await corrected(false, { protectedIdentity: true });
    expect(changed.map((e) => e.payload)).toEqual([{ personId: registration.personId, protectedIdentity: true }]);
    expect(changed[0]).toMatchObject({ municipalityId: 'ale', correlationId: 'c-flag' });
    expect(world.registrations.byId.get(registration.id)).toMatchObject({ protectedIdentity: true });
    expect(world.log.ofType('enrolment.resident-details-changed.v1')).toHaveLength(1);
  });

  it('tells it when it is turned off', async () => {
    const { registration, changed } = await corrected(true, { protectedIdentity: false });
    expect(changed.map((e) => e.payload)).toEqual([{ personId: registration.personId, protectedIdentity: false }]);
  });

  it('tells nothing when the flag stays as it was or is not part of the correction', async () => {
    expect((await corrected(true, { protectedIdentity: true })).changed).toEqual([]);
    expect((await corrected(false, { name: 'Anna Annan' })).changed).toEqual([]);
  });
});
