import pino from 'pino';
import { createEvent, PoliceDecisionRecordedV1 } from '@trygg/contracts';
import { PermanentError } from '@trygg/messaging';
import { ALE_COORDINATOR, buildWorld } from '../../test/fakes';
import { PoliceEventsController } from '../messaging/police-events.controller';
import { type PoliceRevocation, RevokeContactPerson } from './revoke-contact-person';

// The police revoke an approved contact person (police.decision-recorded.v1, outcome revoked): enrolment
// deactivates them in their group, the group shows it has no contact person, once per revocation.

async function nominated() {
  const world = buildWorld();
  const confirmed = await world.registerAndConfirm({ intent: 'contact-person', name: 'Kim Kontakt' });
  const nomination = world.log.ofType('enrolment.contact-person-nominated.v1')[0]!;
  const nominationId = nomination.payload['nominationId'] as string;
  const personId = confirmed.registration.personId;
  const groupId = [...world.groups.byId.keys()][0]!;
  const revoke = new RevokeContactPerson(world.groups, world.audit, world.clock.read);
  const approve = (id = nominationId, pid = personId, eventId = 'e-approved') =>
    world.onboarding.execute({ eventId, municipalityId: 'ale', correlationId: 'c', subject: { kind: 'contact-person', id, personId: pid }, outcome: 'approved', reason: null });
  const revocation = (eventId = 'e-revoked'): PoliceRevocation => ({
    eventId, municipalityId: 'ale', correlationId: 'c-rev', caseId: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22',
    subject: { kind: 'contact-person', id: nominationId, personId }, reason: 'Har flyttat från området', decidedBy: 'https://polisen.example#officer-9',
  });
  const page = () => world.viewGroupPage.execute('ale', groupId, ALE_COORDINATOR);
  return { world, nominationId, personId, groupId, revoke, approve, revocation, page };
}

describe('a police revocation of a contact person (enrolment)', () => {
  it('deactivates the main contact person: a member again, the nomination revoked with the reason, the group shows it has no contact person; audited; once', async () => {
    const s = await nominated();
    expect(await s.approve()).toBe('group-activated');
    s.world.log.clear();
    expect(await s.revoke.execute(s.revocation())).toBe('contact-person-lost');
    const page = await s.page();
    expect(page).toMatchObject({
      status: 'active',
      contactPerson: null,
      followUp: { reason: 'no-contact-person' },
      nominations: [{ nominationId: s.nominationId, status: 'revoked', reason: 'Har flyttat från området' }],
      members: [{ personId: s.personId, role: 'member' }],
    });
    expect(page.history.at(-1)).toMatchObject({ action: 'contact-person-revoked', actor: 'police', details: { nominationId: s.nominationId, lostContactPerson: true } });
    const audited = s.world.audit.entries.filter((e) => e.action === 'contact-person-revoked');
    expect(audited).toEqual([
      expect.objectContaining({
        municipalityId: 'ale', actor: expect.objectContaining({ subject: 'system:police-liaison', role: 'system' }), correlationId: 'c-rev', subject: { kind: 'group', id: s.groupId },
        details: { nominationId: s.nominationId, personId: s.personId, caseId: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22', decidedBy: 'https://polisen.example#officer-9', lostContactPerson: true, causationId: 'e-revoked' },
      }),
    ]);
    // Redelivered (another event id too: a second revocation of the same nomination): nothing changes, nothing audited again.
    expect(await s.revoke.execute(s.revocation())).toBe('already-revoked');
    expect(await s.revoke.execute(s.revocation('e-other'))).toBe('already-revoked');
    expect(s.world.audit.entries.filter((e) => e.action === 'contact-person-revoked')).toHaveLength(1);
    expect(s.world.log.events).toEqual([]);
    // The group lists among the groups to follow up.
    const listed = await s.world.listGroups.execute('ale', { needsFollowUp: true }, ALE_COORDINATOR);
    expect(listed.groups.map((g) => [g.id, g.followUp?.reason])).toEqual([[s.groupId, 'no-contact-person']]);
  });

  it('a newly approved contact person takes the role, and the follow-up is cleared', async () => {
    const s = await nominated();
    await s.approve();
    await s.revoke.execute(s.revocation());
    const second = await s.world.registerAndConfirm({ intent: 'contact-person', name: 'Bo Bengtsson', address: { street: 'Storgatan', number: '3', postcode: '449 30' } });
    const nomination = s.world.log.ofType('enrolment.contact-person-nominated.v1').at(-1)!;
    expect(await s.approve(nomination.payload['nominationId'] as string, second.registration.personId, 'e-approved-2')).toBe('recorded');
    expect(await s.page()).toMatchObject({ status: 'active', contactPerson: { personId: second.registration.personId }, followUp: null });
  });

  it('a revocation that overtakes the approval: the nomination is revoked, the late approval changes nothing', async () => {
    const s = await nominated();
    expect(await s.revoke.execute(s.revocation())).toBe('revoked');
    expect(await s.approve()).toBe('already-recorded');
    expect(await s.page()).toMatchObject({ status: 'forming', contactPerson: null, waitingForPolice: false, nominations: [{ status: 'revoked' }] });
  });

  it('ignores other subjects, reports a nomination it does not know', async () => {
    const s = await nominated();
    expect(await s.revoke.execute({ ...s.revocation(), subject: { kind: 'volunteer', id: 'v', personId: 'p' } })).toBe('not-ours');
    expect(await s.revoke.execute({ ...s.revocation(), subject: { kind: 'contact-person', id: '00000000-0000-4000-8000-000000000000', personId: 'p' } })).toBe('unknown-nomination');
  });

  it('the event handler applies only `revoked` (other outcomes reach enrolment as onboarding.completed.v1) and dead-letters an unknown nomination', async () => {
    const s = await nominated();
    await s.approve();
    const handler = new PoliceEventsController(s.revoke, pino({ level: 'silent' }));
    const event = (outcome: 'approve' | 'reject' | 'needs-info' | 'revoked', nominationId = s.nominationId) =>
      createEvent(PoliceDecisionRecordedV1, { municipalityId: 'ale', correlationId: 'c' }, {
        caseId: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22', policeAreaId: 'lpo-ale-kungalv', instanceId: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e21', stepId: 'police-approval', attempt: 1,
        subject: { kind: 'contact-person', id: nominationId, personId: s.personId }, outcome, reason: 'Skäl', decidedBy: 'officer-9', decidedAt: new Date().toISOString(),
      });
    for (const outcome of ['approve', 'reject', 'needs-info'] as const) await handler.decisionRecorded(event(outcome));
    expect((await s.page()).contactPerson).toMatchObject({ personId: s.personId });
    await handler.decisionRecorded(event('revoked'));
    expect((await s.page()).contactPerson).toBeNull();
    await expect(handler.decisionRecorded(event('revoked', '00000000-0000-4000-8000-000000000000'))).rejects.toBeInstanceOf(PermanentError);
  });
});
