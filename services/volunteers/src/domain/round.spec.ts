import { answerInvitation, acceptsFindings, changeRoundStatus, inviteParticipant, isCalendarDate, participatingGroups, planRound, protocolPublic, type Round, RoundRuleBroken } from './round';

const now = new Date('2026-05-01T10:00:00Z');
const planned = (): Round => planRound('r1', 'trollhattan', { district: 'Kronogården', plannedDate: '2026-05-12', meetingPoint: 'Torget' }, 'idp#coord', now);
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof RoundRuleBroken) return e.refusal;
    throw e;
  }
  return 'accepted';
};

describe('a safety round', () => {
  it('is planned on a real calendar date', () => {
    expect(planned()).toMatchObject({ status: 'planned', participants: [], heldAt: null, plannedBy: 'idp#coord' });
    expect(refusal(() => planRound('r', 'ale', { district: 'd', plannedDate: '2026-02-30', meetingPoint: 'm' }, 's', now))).toBe('invalid-date');
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-5-1')).toBe(false);
  });

  it('invites participants once per email address, while planned; a neighbourhood-watch group is named', () => {
    const round = inviteParticipant(planned(), 'p1', { name: 'Anna', email: 'Anna@Polisen.se', organisationKind: 'police', organisationName: null }, now);
    expect(round.participants).toEqual([expect.objectContaining({ id: 'p1', email: 'anna@polisen.se', answer: 'pending' })]);
    expect(refusal(() => inviteParticipant(round, 'p2', { name: 'A', email: 'anna@polisen.se', organisationKind: 'police', organisationName: null }, now))).toBe('already-invited');
    expect(refusal(() => inviteParticipant(round, 'p2', { name: 'B', email: 'b@x.se', organisationKind: 'neighbourhood-watch-group', organisationName: null }, now))).toBe('organisation-name-required');
    const held = changeRoundStatus(round, 'held', new Date('2026-05-12T18:00:00Z')) as Round;
    expect(refusal(() => inviteParticipant(held, 'p3', { name: 'C', email: 'c@x.se', organisationKind: 'residents', organisationName: null }, now))).toBe('not-planned');
  });

  it('takes a yes or no from a participant while planned; the same answer again is unchanged', () => {
    const round = inviteParticipant(planned(), 'p1', { name: 'Anna', email: 'a@x.se', organisationKind: 'walkers', organisationName: null }, now);
    const yes = answerInvitation(round, 'p1', 'yes', now) as Round;
    expect(yes.participants[0]).toMatchObject({ answer: 'yes', answeredAt: now.toISOString() });
    expect(answerInvitation(yes, 'p1', 'yes', now)).toBe('unchanged');
    expect((answerInvitation(yes, 'p1', 'no', now) as Round).participants[0]?.answer).toBe('no');
    expect(refusal(() => answerInvitation(round, 'nobody', 'yes', now))).toBe('unknown-participant');
    const held = changeRoundStatus(yes, 'held', new Date('2026-05-12T18:00:00Z')) as Round;
    expect(refusal(() => answerInvitation(held, 'p1', 'no', now))).toBe('not-planned');
  });

  it('is held not before its day (Swedish date), then followed up; no other move', () => {
    expect(refusal(() => changeRoundStatus(planned(), 'held', new Date('2026-05-11T21:59:00Z')))).toBe('not-yet-held-date');
    const held = changeRoundStatus(planned(), 'held', new Date('2026-05-11T22:00:00Z')) as Round; // 00:00 on the 12th in Sweden
    expect(held).toMatchObject({ status: 'held', heldAt: '2026-05-11T22:00:00.000Z' });
    expect(changeRoundStatus(held, 'held', now)).toBe('unchanged');
    expect(refusal(() => changeRoundStatus(planned(), 'followed-up', now))).toBe('bad-transition');
    const followed = changeRoundStatus(held, 'followed-up', new Date('2026-06-01T10:00:00Z')) as Round;
    expect(followed.status).toBe('followed-up');
    expect(refusal(() => changeRoundStatus(followed, 'held', now))).toBe('bad-transition');
  });

  it('accepts findings from its day until the follow-up; its protocol is public once held', () => {
    expect(acceptsFindings(planned(), now)).toBe(false);
    expect(acceptsFindings(planned(), new Date('2026-05-12T08:00:00Z'))).toBe(true);
    const held = changeRoundStatus(planned(), 'held', new Date('2026-05-12T20:00:00Z')) as Round;
    expect(acceptsFindings(held, new Date('2026-05-20T08:00:00Z'))).toBe(true);
    expect(acceptsFindings(changeRoundStatus(held, 'followed-up', new Date('2026-06-01T08:00:00Z')) as Round, new Date('2026-06-02T08:00:00Z'))).toBe(false);
    expect(protocolPublic(planned())).toBe(false);
    expect(protocolPublic(held)).toBe(true);
  });

  it('names the neighbourhood-watch groups that said yes, never people', () => {
    let round = planned();
    round = inviteParticipant(round, 'p1', { name: 'A', email: 'a@x.se', organisationKind: 'neighbourhood-watch-group', organisationName: 'Grannsamverkan Kronogården' }, now);
    round = inviteParticipant(round, 'p2', { name: 'B', email: 'b@x.se', organisationKind: 'neighbourhood-watch-group', organisationName: 'Åsaka BRF' }, now);
    round = inviteParticipant(round, 'p3', { name: 'C', email: 'c@x.se', organisationKind: 'police', organisationName: 'Polisen' }, now);
    round = answerInvitation(round, 'p1', 'yes', now) as Round;
    round = answerInvitation(round, 'p3', 'yes', now) as Round;
    expect(participatingGroups(round)).toEqual(['Grannsamverkan Kronogården']);
  });
});
