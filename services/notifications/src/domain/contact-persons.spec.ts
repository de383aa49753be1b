import { activeContactPersonOf, applyContactPersonFact, type ContactPersonRole } from './contact-persons';
import { acknowledgementGroups, broadcastLinks, fanOutAudience, reachOf, relayGroupOf } from './broadcast';

const nominated = { kind: 'nominated', nominationId: 'n1', groupId: 'g1', areaId: 'centrum' } as const;
const apply = (facts: Parameters<typeof applyContactPersonFact>[1][]) => facts.reduce<ContactPersonRole[]>((roles, f) => applyContactPersonFact(roles, f) ?? roles, []);

describe('contact persons from events', () => {
  it('a nomination is not a contact person until approved; approval makes them one of the group and its area', () => {
    expect(activeContactPersonOf(apply([nominated]))).toEqual({ contactPersonGroupIds: [], contactPersonAreaIds: [] });
    expect(activeContactPersonOf(apply([nominated, { kind: 'decided', nominationId: 'n1', outcome: 'approved' }]))).toEqual({ contactPersonGroupIds: ['g1'], contactPersonAreaIds: ['centrum'] });
  });

  it('the decision may arrive before the nomination (another topic): the same role once both are known', () => {
    const roles = apply([{ kind: 'decided', nominationId: 'n1', outcome: 'approved' }, nominated]);
    expect(roles).toEqual([{ nominationId: 'n1', groupId: 'g1', areaId: 'centrum', state: 'active' }]);
  });

  it('rejected, withdrawn and revoked end the role, and an ended role stays ended (a late approval does not revive it)', () => {
    for (const outcome of ['rejected', 'withdrawn', 'revoked'] as const) {
      const roles = apply([nominated, { kind: 'decided', nominationId: 'n1', outcome: 'approved' }, { kind: 'decided', nominationId: 'n1', outcome }]);
      expect(activeContactPersonOf(roles).contactPersonGroupIds).toEqual([]);
    }
    const revokedFirst = apply([nominated, { kind: 'decided', nominationId: 'n1', outcome: 'revoked' }, { kind: 'decided', nominationId: 'n1', outcome: 'approved' }]);
    expect(activeContactPersonOf(revokedFirst).contactPersonGroupIds).toEqual([]);
  });

  it('group-activated names the contact person: it activates their waiting nomination, or records the role until the nomination arrives', () => {
    expect(activeContactPersonOf(apply([nominated, { kind: 'group-activated', groupId: 'g1', areaId: 'centrum' }])).contactPersonGroupIds).toEqual(['g1']);
    const activatedFirst = apply([{ kind: 'group-activated', groupId: 'g1', areaId: 'centrum' }, nominated]);
    expect(activatedFirst).toEqual([{ nominationId: 'n1', groupId: 'g1', areaId: 'centrum', state: 'active' }]);
    // …so that a later revocation of that nomination ends it.
    expect(activeContactPersonOf(apply([{ kind: 'group-activated', groupId: 'g1', areaId: 'centrum' }, nominated, { kind: 'decided', nominationId: 'n1', outcome: 'revoked' }])).contactPersonGroupIds).toEqual([]);
  });

  it('a redelivered event changes nothing', () => {
    const roles = apply([nominated, { kind: 'decided', nominationId: 'n1', outcome: 'approved' }]);
    expect(applyContactPersonFact(roles, nominated)).toBeNull();
    expect(applyContactPersonFact(roles, { kind: 'decided', nominationId: 'n1', outcome: 'approved' })).toBeNull();
    expect(applyContactPersonFact(roles, { kind: 'group-activated', groupId: 'g1', areaId: 'centrum' })).toBeNull();
  });
});

describe('broadcast rules', () => {
  const active: ContactPersonRole[] = [{ nominationId: 'n1', groupId: 'g1', areaId: 'centrum', state: 'active' }];

  it('a relay streams members and contact persons; a direct message its audience only', () => {
    expect(fanOutAudience('members', 'relay')).toBe('members-and-contact-persons');
    expect(fanOutAudience('contact-persons', 'direct')).toBe('contact-persons');
    expect(fanOutAudience('members', 'direct')).toBe('members');
  });

  it('the relay link goes to an active contact person of a chosen group, or of a group in a chosen area; nobody else', () => {
    expect(relayGroupOf({ contactPersonRoles: active }, { groupIds: ['g1'] })).toBe('g1');
    expect(relayGroupOf({ contactPersonRoles: active }, { areaIds: ['centrum'] })).toBe('g1');
    expect(relayGroupOf({ contactPersonRoles: active }, { groupIds: ['g2'] })).toBeNull();
    expect(relayGroupOf({ contactPersonRoles: [{ ...active[0]!, state: 'nominated' }] }, { groupIds: ['g1'] })).toBeNull();
    expect(relayGroupOf({}, { groupIds: ['g1'] })).toBeNull();
  });

  it('reached once a message was sent or delivered on some channel; pending while one waits; otherwise not reached', () => {
    expect(reachOf(['skipped', 'delivered'])).toBe('reached');
    expect(reachOf(['skipped', 'sent'])).toBe('reached');
    expect(reachOf(['skipped', 'queued'])).toBe('pending');
    expect(reachOf(['skipped', 'skipped'])).toBe('not-reached');
    expect(reachOf(['failed', 'bounced', 'uncertain'])).toBe('not-reached');
    expect(reachOf([])).toBe('not-reached');
  });

  it('an acknowledgement counts for the recipient\'s groups the message named (all of theirs for an area message)', () => {
    const r = { groupIds: ['g1', 'g2'], contactPersonGroupIds: ['g3'] };
    expect(acknowledgementGroups(r, { groupIds: ['g1', 'g3'] })).toEqual(['g1', 'g3']);
    expect(acknowledgementGroups(r, { areaIds: ['centrum'] })).toEqual(['g1', 'g2', 'g3']);
  });

  it('the message carries "Jag har läst" and, for a relay contact person, the relay page — in the message\'s language', () => {
    const sv = broadcastLinks('sv', { ackUrl: 'https://w/k/t', relayUrl: 'https://w/r' });
    expect(sv.text.join('\n')).toContain('skriv ut meddelandet');
    expect(sv.html.join('')).toContain('>Jag har läst</a>');
    expect(sv.sms).toEqual(['Hushåll/utskrift: https://w/r', 'Kvittera: https://w/k/t']);
    const en = broadcastLinks('en', { ackUrl: 'https://w/k/t', relayUrl: null });
    expect(en.html.join('')).toContain('>I have read it</a>');
    expect(en.text).toHaveLength(1);
  });
});
