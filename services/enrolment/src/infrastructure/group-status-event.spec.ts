import { randomUUID } from 'node:crypto';
import { parseEvent } from '@trygg/contracts';
import { addMember, createGroup, decideNomination, editGroup, nominate, revokeNomination } from '../domain/group';
import { activeContactPersonIds, groupStatusEvent } from './group-status-event';

const now = new Date('2026-11-01T10:00:00Z');
const address = { street: 'Storgatan', number: '1', postcode: '46330' };

describe('enrolment.group-status-changed.v1 (issue 14: the police overview\'s snapshot of a group)', () => {
  const group = createGroup({ id: randomUUID(), municipalityId: 'lilla-edet', areaId: 'centrum', name: 'Centrum 1' }, now, 'system');
  const anna = { memberId: randomUUID(), personId: randomUUID(), registrationId: null, address };
  const bo = { memberId: randomUUID(), personId: randomUUID(), registrationId: null, address: { ...address, number: '2' } };
  const withMembers = addMember(addMember(group, anna, now, 'x').group, bo, now, 'x').group;
  const nA = randomUUID();
  const nB = randomUUID();
  const nominated = nominate(withMembers, { nominationId: nA, memberId: anna.memberId }, now, 'x').group;
  const active = decideNomination(nominated, { nominationId: nA, outcome: 'approved', reason: null }, now, 'x').group;
  const withDeputy = decideNomination(nominate(active, { nominationId: nB, memberId: bo.memberId }, now, 'x').group, { nominationId: nB, outcome: 'approved', reason: null }, now, 'x').group;

  it('is written when a group is created, with its status and no contact person, and passes the contract', () => {
    const event = groupStatusEvent(null, group, [], now)!;
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toMatchObject({ type: 'enrolment.group-status-changed.v1', municipalityId: 'lilla-edet', payload: { groupId: group.id, areaId: 'centrum', status: 'forming', contactPersonIds: [] } });
  });

  it('is written when the status or the set of active contact persons (main and deputies) changes, and only then', () => {
    expect(groupStatusEvent(group, withMembers, [], now)).toBeNull(); // members joined: neither changed
    expect(groupStatusEvent(withMembers, nominated, [], now)!.payload).toMatchObject({ status: 'awaiting-approval', contactPersonIds: [] });
    expect(groupStatusEvent(nominated, active, [], now)!.payload).toMatchObject({ status: 'active', contactPersonIds: [anna.personId] });
    expect(groupStatusEvent(active, withDeputy, [], now)!.payload).toMatchObject({ status: 'active', contactPersonIds: activeContactPersonIds(withDeputy) });
    expect(activeContactPersonIds(withDeputy)).toEqual([anna.personId, bo.personId].sort());
    const paused = editGroup(withDeputy, { status: 'paused' }, now, 'staff');
    expect(groupStatusEvent(withDeputy, paused, [], now)!.payload).toMatchObject({ status: 'paused' });
    const revoked = revokeNomination(withDeputy, { nominationId: nA, reason: 'Flyttat' }, now, 'police').group;
    expect(groupStatusEvent(withDeputy, revoked, [], now)!.payload).toMatchObject({ status: 'active', contactPersonIds: [bo.personId] });
  });

  it('carries the correlation of the write\'s first event, caused by it', () => {
    const cause = groupStatusEvent(null, group, [], now)!;
    const event = groupStatusEvent(withMembers, nominated, [cause], now)!;
    expect(event).toMatchObject({ correlationId: cause.correlationId, causationId: cause.eventId });
  });
});
