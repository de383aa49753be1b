import { addMember, chooseGroup, createGroup, decideNomination, editGroup, type Group, handOver, InvalidGroupChange, nextGroupName, nominate, recordDeclinedHousehold, removeMember } from './group';
import { areaCoverage, groupCoverage } from './coverage';

const now = new Date('2026-11-26T10:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const home = (number: string) => ({ street: 'Storgatan', number, postcode: '449 30' });
const newGroup = (id = 'g1', createdAt = now) => createGroup({ id, municipalityId: 'ale', areaId: 'a', name: 'A 1' }, createdAt, 'system');
const join = (group: Group, memberId: string, number = '1', personId = `p-${memberId}`) =>
  addMember(group, { memberId, personId, registrationId: `r-${memberId}`, address: home(number) }, now, 'resident').group;

describe('a group', () => {
  it('starts forming, with no members', () => {
    const group = newGroup();
    expect(group).toMatchObject({ status: 'forming', members: {}, contactPersonId: null, signsUp: false });
    expect(group.history).toEqual([{ at: now, action: 'group-created', actor: 'system', details: { name: 'A 1' } }]);
  });

  it('takes a household once even when it is added twice', () => {
    const once = join(newGroup(), 'm1');
    const twice = addMember(once, { memberId: 'm1', personId: 'p-m1', registrationId: 'r-m1', address: home('1') }, now, 'resident');
    expect(twice.joined).toBe(false);
    expect(Object.keys(twice.group.members)).toEqual(['m1']);
    expect(twice.group.registrationIds).toEqual(['r-m1']);
  });

  it('waits for approval once a contact person is nominated, and becomes active with the first approval', () => {
    const group = join(join(newGroup(), 'm1'), 'm2', '3');
    const nominated = nominate(group, { nominationId: 'n1', memberId: 'm1' }, now, 'resident').group;
    expect(nominated.status).toBe('awaiting-approval');
    const second = nominate(nominated, { nominationId: 'n2', memberId: 'm2' }, now, 'resident').group;

    const first = decideNomination(second, { nominationId: 'n1', outcome: 'approved', reason: null }, later(1), 'onboarding');
    expect(first.activated).toBe(true);
    expect(first.group).toMatchObject({ status: 'active', contactPersonId: 'p-m1', activatedAt: later(1) });
    expect(first.group.members['m1']!.role).toBe('contact-person');

    const deputy = decideNomination(first.group, { nominationId: 'n2', outcome: 'approved', reason: null }, later(2), 'onboarding');
    expect(deputy.activated).toBe(false);
    expect(deputy.group.members['m2']!.role).toBe('deputy');
    expect(deputy.group.contactPersonId).toBe('p-m1');
  });

  it('records a rejection with its reason and goes back to forming when nobody else waits for approval', () => {
    const group = nominate(join(newGroup(), 'm1'), { nominationId: 'n1', memberId: 'm1' }, now, 'resident').group;
    const result = decideNomination(group, { nominationId: 'n1', outcome: 'rejected', reason: 'Ofullständig ansökan' }, later(1), 'onboarding');
    expect(result).toMatchObject({ activated: false, changed: true });
    expect(result.group.status).toBe('forming');
    expect(result.group.nominations['n1']).toMatchObject({ status: 'rejected', reason: 'Ofullständig ansökan' });
  });

  it('ignores a decision that was already recorded', () => {
    const group = nominate(join(newGroup(), 'm1'), { nominationId: 'n1', memberId: 'm1' }, now, 'resident').group;
    const approved = decideNomination(group, { nominationId: 'n1', outcome: 'approved', reason: null }, now, 'onboarding').group;
    const again = decideNomination(approved, { nominationId: 'n1', outcome: 'rejected', reason: 'x' }, now, 'onboarding');
    expect(again).toEqual({ group: approved, activated: false, changed: false });
  });

  it('loses its contact person when that member leaves', () => {
    let group = nominate(join(newGroup(), 'm1'), { nominationId: 'n1', memberId: 'm1' }, now, 'resident').group;
    group = decideNomination(group, { nominationId: 'n1', outcome: 'approved', reason: null }, now, 'onboarding').group;
    const { group: after, removed } = removeMember(group, 'm1', later(5), 'resident', 'self');
    expect(removed?.personId).toBe('p-m1');
    expect(after.contactPersonId).toBeNull();
    expect(after.members).toEqual({});
    expect(after.history.at(-1)).toMatchObject({ action: 'member-left', details: { memberId: 'm1', reason: 'self' } });
  });

  it('lets the coordinator pause an active group but not activate one without a contact person', () => {
    expect(() => editGroup(newGroup(), { status: 'active' }, now, 'staff')).toThrow(InvalidGroupChange);
    let group = nominate(join(newGroup(), 'm1'), { nominationId: 'n1', memberId: 'm1' }, now, 'resident').group;
    group = decideNomination(group, { nominationId: 'n1', outcome: 'approved', reason: null }, now, 'onboarding').group;
    const paused = editGroup(group, { status: 'paused', signsUp: true, startMeetingDate: '2026-12-01' }, now, 'Samordnare Ale');
    expect(paused).toMatchObject({ status: 'paused', signsUp: true, startMeetingDate: '2026-12-01' });
    expect(paused.history.at(-1)).toMatchObject({ action: 'group-edited', actor: 'Samordnare Ale' });
  });

  it('joins active groups before forming ones, and skips closed and full groups', () => {
    const forming = newGroup('forming', now);
    let active = nominate(join(newGroup('active', later(10)), 'm1'), { nominationId: 'n1', memberId: 'm1' }, now, 'r').group;
    active = decideNomination(active, { nominationId: 'n1', outcome: 'approved', reason: null }, now, 'o').group;
    const closed = { ...newGroup('closed', later(-10)), status: 'closed' as const };
    expect(chooseGroup([forming, active, closed], null)?.id).toBe('active');
    expect(chooseGroup([forming, active, closed], 1)?.id).toBe('forming');
    expect(chooseGroup([closed], null)).toBeNull();
  });

  it('names a new group after its area with the next free number', () => {
    expect(nextGroupName('Nödinge centrum', [])).toBe('Nödinge centrum 1');
    expect(nextGroupName('Nödinge centrum', [{ ...newGroup(), name: 'Nödinge centrum 2' }])).toBe('Nödinge centrum 3');
  });
});

describe('handing over the contact-person role', () => {
  function withContactAndDeputy(): Group {
    let group = join(join(join(newGroup(), 'm1', '1'), 'm2', '3'), 'm3', '5');
    group = nominate(group, { nominationId: 'n1', memberId: 'm1' }, now, 'r').group;
    group = decideNomination(group, { nominationId: 'n1', outcome: 'approved', reason: null }, now, 'o').group;
    group = nominate(group, { nominationId: 'n2', memberId: 'm2' }, now, 'r').group;
    return decideNomination(group, { nominationId: 'n2', outcome: 'approved', reason: null }, now, 'o').group;
  }

  it('goes to an approved deputy at once; the former contact person stays as a member', () => {
    const { group, outcome } = handOver(withContactAndDeputy(), { fromPersonId: 'p-m1', toMemberId: 'm2', nominationId: 'n3' }, later(1), 'resident:p-m1');
    expect(outcome).toBe('handed-over');
    expect(group).toMatchObject({ contactPersonId: 'p-m2', status: 'active' });
    expect(group.members['m1']!.role).toBe('member');
    expect(group.members['m2']!.role).toBe('contact-person');
  });

  it('goes to another member only after that member is approved', () => {
    const started = handOver(withContactAndDeputy(), { fromPersonId: 'p-m1', toMemberId: 'm3', nominationId: 'n3' }, later(1), 'resident:p-m1');
    expect(started.outcome).toBe('nominated');
    expect(started.group).toMatchObject({ contactPersonId: 'p-m1', status: 'active' });
    const approved = decideNomination(started.group, { nominationId: 'n3', outcome: 'approved', reason: null }, later(2), 'onboarding');
    expect(approved.group.contactPersonId).toBe('p-m3');
    expect(approved.group.members['m3']!.role).toBe('contact-person');
    expect(approved.group.members['m1']!.role).toBe('member');
    expect(approved.group.members['m2']!.role).toBe('deputy');
  });

  it('is only for the main contact person, to someone else in the group', () => {
    const group = withContactAndDeputy();
    expect(() => handOver(group, { fromPersonId: 'p-m2', toMemberId: 'm3', nominationId: 'n3' }, now, 'x')).toThrow(InvalidGroupChange);
    expect(() => handOver(group, { fromPersonId: 'p-m1', toMemberId: 'm1', nominationId: 'n3' }, now, 'x')).toThrow(InvalidGroupChange);
  });
});

describe('coverage', () => {
  it('counts households, not people, and reports declined households', () => {
    let group = join(join(join(newGroup(), 'm1', '1'), 'm2', '1'), 'm3', '3');
    group = recordDeclinedHousehold(group, { id: 'h1', address: home('5') }, now, 'staff');
    group = recordDeclinedHousehold(group, { id: 'h2', address: home('5') }, now, 'staff');
    group = { ...group, householdCount: 40 };
    expect(groupCoverage(group)).toEqual({
      joined: 2,
      declined: 1,
      households: 40,
      text: { sv: '2 av 40 hushåll med, 1 har tackat nej', en: '2 of 40 households joined, 1 declined' },
    });
  });

  it('adds up an area from its groups that are not closed', () => {
    const g1 = join(newGroup('g1'), 'm1', '1');
    const g2 = join(join(newGroup('g2'), 'm2', '2'), 'm3', '4');
    const closed = { ...join(newGroup('g3'), 'm4', '6'), status: 'closed' as const };
    expect(areaCoverage([g1, g2, closed], 40).text.sv).toBe('3 av 40 hushåll med');
    expect(areaCoverage([], null).text.en).toBe('0 households joined');
  });
});
