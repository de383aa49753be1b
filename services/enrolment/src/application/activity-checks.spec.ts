import { ALE_COORDINATOR, buildWorld } from '../../test/fakes';
import { LinkRejected } from './errors';

async function activeGroup() {
  const world = buildWorld();
  const { registration } = await world.registerAndConfirm({ intent: 'contact-person', name: 'Kim Kontakt' });
  const nominationId = world.log.ofType('enrolment.contact-person-nominated.v1')[0]!.payload['nominationId'] as string;
  await world.onboarding.execute({ eventId: 'e1', municipalityId: 'ale', correlationId: 'c', subject: { kind: 'contact-person', id: nominationId, personId: registration.personId }, outcome: 'approved', reason: null });
  world.log.clear();
  const groupId = [...world.groups.byId.keys()][0]!;
  return { world, registration, groupId };
}

describe('the yearly "still active?" check', () => {
  it('asks the contact person a year after activation, and the one-click answer records it', async () => {
    const { world, registration, groupId } = await activeGroup();
    world.clock.advanceDays(364);
    expect(await world.activityChecks.runOnce()).toBe(0);
    world.clock.advanceDays(1);
    expect(await world.activityChecks.runOnce()).toBe(1);
    const [requested] = world.log.ofType('enrolment.activity-check-requested.v1');
    expect(requested!.payload).toMatchObject({ groupId, contactPersonId: registration.personId, groupName: 'Storgatan 1', reminder: 0 });

    const link = await world.issueLink.execute({ kind: 'activity-check', checkId: requested!.payload['checkId'] as string });
    expect(link.url).toMatch(/^https:\/\/trygg\.example\/ale\/grannsamverkan\/aktiv\/[A-Za-z0-9_-]{43}$/);
    const token = link.url.split('/').at(-1)!;
    expect(await world.describeCheck.execute('ale', token)).toEqual({ group: { id: groupId, name: 'Storgatan 1' }, answered: false });
    expect(await world.answerCheck.execute('ale', token, 'active')).toMatchObject({ status: 'recorded', answer: 'active' });
    await expect(world.answerCheck.execute('ale', token, 'not-active')).rejects.toEqual(new LinkRejected('token_used'));
    expect(world.groups.byId.get(groupId)).toMatchObject({ followUp: null, lastActiveConfirmedAt: world.clock.read(), activityCheck: { answer: 'active' } });
    await expect(world.issueLink.execute({ kind: 'activity-check', checkId: requested!.payload['checkId'] as string })).rejects.toMatchObject({ code: 'already_answered' });

    // The next check comes a year after the answer, not before.
    world.clock.advanceDays(200);
    expect(await world.activityChecks.runOnce()).toBe(0);
  });

  it('reminds twice, then flags the group to the coordinator', async () => {
    const { world, groupId } = await activeGroup();
    world.clock.advanceDays(365);
    await world.activityChecks.runOnce();
    for (const reminder of [1, 2]) {
      world.clock.advanceDays(13);
      expect(await world.activityChecks.runOnce()).toBe(0);
      world.clock.advanceDays(1);
      expect(await world.activityChecks.runOnce()).toBe(1);
      expect(world.log.ofType('enrolment.activity-check-requested.v1').at(-1)!.payload['reminder']).toBe(reminder);
    }
    world.clock.advanceDays(14);
    expect(await world.activityChecks.runOnce()).toBe(1);
    expect(world.log.ofType('enrolment.activity-check-requested.v1')).toHaveLength(3);
    expect(world.audit.entries.at(-1)).toMatchObject({ action: 'activity-check-unanswered', actor: { subject: 'system:enrolment', role: 'system' } });
    const flagged = await world.listGroups.execute('ale', { needsFollowUp: true }, ALE_COORDINATOR);
    expect(flagged.groups).toEqual([expect.objectContaining({ id: groupId, followUp: { reason: 'no-answer', since: world.clock.read().toISOString() } })]);
    world.clock.advanceDays(30);
    expect(await world.activityChecks.runOnce()).toBe(0);
  });

  it('flags a group whose contact person answers that it is no longer active', async () => {
    const { world, groupId } = await activeGroup();
    world.clock.advanceDays(365);
    await world.activityChecks.runOnce();
    const checkId = world.log.ofType('enrolment.activity-check-requested.v1')[0]!.payload['checkId'] as string;
    const token = (await world.issueLink.execute({ kind: 'activity-check', checkId })).url.split('/').at(-1)!;
    await world.answerCheck.execute('ale', token, 'not-active');
    expect(world.groups.byId.get(groupId)!.followUp).toMatchObject({ reason: 'not-active' });
    await expect(world.describeCheck.execute('trollhattan', token)).rejects.toEqual(new LinkRejected('token_invalid'));
  });

  it('does not check groups that are not active', async () => {
    const world = buildWorld();
    await world.registerAndConfirm();
    world.clock.advanceDays(800);
    expect(await world.activityChecks.runOnce()).toBe(0);
    expect(world.log.ofType('enrolment.activity-check-requested.v1')).toEqual([]);
  });
});

describe('handing over from the self-service link', () => {
  it('nominates the member taken over to, who becomes contact person when onboarding approves', async () => {
    const { world, registration, groupId } = await activeGroup();
    const member = await world.registerAndConfirm({ name: 'Nya Kontakten', address: { street: 'Storgatan', number: '9', postcode: '449 30' } });
    const token = await world.selfServiceToken(registration.personId);
    world.log.clear();
    expect(await world.handOverContactPerson.execute(token, groupId, member.registration.memberId, { correlationId: 'c' })).toEqual({ outcome: 'nominated' });
    const [nominated] = world.log.ofType<{ nominationId: string }>('enrolment.contact-person-nominated.v1');
    const nominationId = nominated!.payload.nominationId;
    expect(nominated!.payload).toMatchObject({ nominationId: expect.any(String), personId: member.registration.personId, subjectFields: { name: 'Nya Kontakten' } });
    await world.onboarding.execute({ eventId: 'e9', municipalityId: 'ale', correlationId: 'c', subject: { kind: 'contact-person', id: nominationId, personId: member.registration.personId }, outcome: 'approved', reason: null });
    expect(world.groups.byId.get(groupId)!.contactPersonId).toBe(member.registration.personId);
    const memberToken = await world.selfServiceToken(member.registration.personId);
    await expect(world.handOverContactPerson.execute(token, groupId, member.registration.memberId, { correlationId: 'c' })).rejects.toMatchObject({ code: 'not_contact_person' });
    expect((await world.viewHouseholdList.execute(memberToken, groupId)).members.map((m) => m.role).sort()).toEqual(['contact-person', 'member']);
  });
});
