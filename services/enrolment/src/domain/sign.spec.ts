import { addMember, createGroup, decideNomination, type Group, nominate } from './group';
import { addSign, needsReplacement, reportSign, SignRuleBroken, updateSign } from './sign';

const now = new Date('2026-11-26T10:00:00Z');

function activeGroup(): Group {
  let group = createGroup({ id: 'g1', municipalityId: 'ale', areaId: 'a', name: 'A 1' }, now, 'system');
  group = addMember(group, { memberId: 'm1', personId: 'p1', registrationId: 'r1', address: { street: 'S', number: '1', postcode: '449 30' } }, now, 'r').group;
  group = nominate(group, { nominationId: 'n1', memberId: 'm1' }, now, 'r').group;
  return decideNomination(group, { nominationId: 'n1', outcome: 'approved', reason: null }, now, 'onboarding').group;
}

describe('signs', () => {
  it('are only put up for active groups', () => {
    const forming = createGroup({ id: 'g', municipalityId: 'ale', areaId: 'a', name: 'A' }, now, 'system');
    expect(() => addSign(forming, { id: 's1', place: 'Vid infarten', putUpAt: null }, now, 'Samordnare Ale')).toThrow(SignRuleBroken);
    const group = addSign(activeGroup(), { id: 's1', place: 'Vid infarten', putUpAt: '2026-11-20' }, now, 'Samordnare Ale');
    expect(group.signs['s1']).toEqual({ id: 's1', place: 'Vid infarten', putUpAt: '2026-11-20', condition: 'ok', reports: [] });
    expect(group.signsUp).toBe(true);
  });

  it('go on the replacement list when reported damaged or missing, and off it when replaced', () => {
    let group = addSign(activeGroup(), { id: 's1', place: 'Vid infarten', putUpAt: '2026-11-20' }, now, 'Samordnare Ale');
    group = reportSign(group, 's1', { kind: 'missing', note: 'Borta sedan stormen' }, now, 'resident:p1');
    expect(needsReplacement(group.signs['s1']!)).toBe(true);
    expect(group.signs['s1']!.reports).toEqual([{ at: now, kind: 'missing', note: 'Borta sedan stormen', reportedBy: 'resident:p1' }]);
    group = updateSign(group, 's1', { condition: 'ok', putUpAt: '2026-12-01' }, now, 'Samordnare Ale');
    expect(group.signs['s1']).toMatchObject({ condition: 'ok', putUpAt: '2026-12-01' });
    expect(group.history.at(-1)).toMatchObject({ action: 'sign-replaced', actor: 'Samordnare Ale' });
  });

  it('refuses a report on a sign the group does not have', () => {
    expect(() => reportSign(activeGroup(), 'nope', { kind: 'damaged', note: null }, now, 'resident:p1')).toThrow(SignRuleBroken);
  });
});
