import { addMonths, addPhoto, assignFinding, closeFinding, daysToFix, type Finding, FindingRuleBroken, pointInSweden, recordFinding } from './finding';

const round = { id: 'r1', municipalityId: 'trollhattan', plannedDate: '2026-05-12' };
const at = (iso: string) => new Date(iso);
const coordinator = { kind: 'coordinator', subject: 'idp#c' } as const;
const open = (): Finding =>
  recordFinding('f1', round, { place: { kind: 'address', address: 'Storgatan 1' }, category: 'lighting', description: ' Trasig lampa ', responsibleOrganisation: 'Gatuavdelningen' }, { kind: 'participant', participantId: 'p1' }, at('2026-05-12T18:00:00Z'));
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof FindingRuleBroken) return e.refusal;
    throw e;
  }
  return 'accepted';
};

describe('a finding', () => {
  it('is recorded open with a trimmed description and a deadline six months after the round', () => {
    expect(open()).toMatchObject({ status: 'open', description: 'Trasig lampa', deadline: '2026-11-12', roundDate: '2026-05-12', ownerEmail: null, history: [{ status: 'open', by: 'participant' }] });
  });

  it('has a place within Sweden and a description of 1–2000 characters', () => {
    const input = { category: 'vegetation' as const, description: 'x', responsibleOrganisation: 'Park' };
    expect(refusal(() => recordFinding('f', round, { ...input, place: { kind: 'point', lat: 52.52, lon: 13.4 } }, coordinator, at('2026-05-12T18:00:00Z')))).toBe('place-outside-sweden');
    expect(recordFinding('f', round, { ...input, place: { kind: 'point', lat: 58.28, lon: 12.29 } }, coordinator, at('2026-05-12T18:00:00Z')).place).toEqual({ kind: 'point', lat: 58.28, lon: 12.29 });
    expect(refusal(() => recordFinding('f', round, { ...input, place: { kind: 'address', address: 'a' }, description: '   ' }, coordinator, at('2026-05-12T18:00:00Z')))).toBe('description-empty');
    expect(refusal(() => recordFinding('f', round, { ...input, place: { kind: 'address', address: 'a' }, description: 'x'.repeat(2001) }, coordinator, at('2026-05-12T18:00:00Z')))).toBe('description-too-long');
    expect(recordFinding('f', round, { ...input, place: { kind: 'address', address: 'a' }, description: 'x'.repeat(2000) }, coordinator, at('2026-05-12T18:00:00Z')).description).toHaveLength(2000);
    expect(pointInSweden(69.05, 20.55)).toBe(true);
    expect(pointInSweden(60.17, 24.94)).toBe(false); // Helsinki
  });

  it('is assigned an owner and a deadline (default kept, never before the round); a new owner while assigned', () => {
    const assigned = assignFinding(open(), 'Ola@Kommun.se', null, coordinator, at('2026-05-20T08:00:00Z'));
    expect(assigned).toMatchObject({ status: 'assigned', ownerEmail: 'ola@kommun.se', deadline: '2026-11-12', assignedAt: '2026-05-20T08:00:00.000Z' });
    expect(assignFinding(assigned, 'eva@kommun.se', '2026-09-01', coordinator, at('2026-05-21T08:00:00Z'))).toMatchObject({ ownerEmail: 'eva@kommun.se', deadline: '2026-09-01' });
    expect(refusal(() => assignFinding(open(), 'o@k.se', '2026-05-11', coordinator, at('2026-05-20T08:00:00Z')))).toBe('invalid-deadline');
    expect(refusal(() => assignFinding(open(), 'o@k.se', '2026-13-01', coordinator, at('2026-05-20T08:00:00Z')))).toBe('invalid-deadline');
  });

  it('goes open → assigned → fixed, with the dates of each change', () => {
    expect(refusal(() => closeFinding(open(), 'fixed', null, { kind: 'owner' }, at('2026-06-01T08:00:00Z')))).toBe('bad-transition');
    const fixed = closeFinding(assignFinding(open(), 'o@k.se', null, coordinator, at('2026-05-20T08:00:00Z')), 'fixed', null, { kind: 'owner' }, at('2026-06-01T08:00:00Z'));
    expect(fixed).toMatchObject({ status: 'fixed', fixedAt: '2026-06-01T08:00:00.000Z', closedAt: '2026-06-01T08:00:00.000Z' });
    expect(fixed.history.map((h) => [h.status, h.at, h.by])).toEqual([
      ['open', '2026-05-12T18:00:00.000Z', 'participant'],
      ['assigned', '2026-05-20T08:00:00.000Z', 'coordinator'],
      ['fixed', '2026-06-01T08:00:00.000Z', 'owner'],
    ]);
    expect(daysToFix(fixed)).toBe(20);
    expect(daysToFix(open())).toBeNull();
    expect(refusal(() => closeFinding(fixed, 'wont-fix', 'x', { kind: 'owner' }, at('2026-06-02T08:00:00Z')))).toBe('already-closed');
    expect(refusal(() => closeFinding(fixed, 'fixed', null, { kind: 'owner' }, at('2026-06-02T08:00:00Z')))).toBe('already-closed');
    expect(refusal(() => assignFinding(fixed, 'o@k.se', null, coordinator, at('2026-06-02T08:00:00Z')))).toBe('bad-transition');
  });

  it("won't be fixed only with a reason (at most 1000 characters)", () => {
    const assigned = assignFinding(open(), 'o@k.se', null, coordinator, at('2026-05-20T08:00:00Z'));
    expect(refusal(() => closeFinding(assigned, 'wont-fix', '  ', { kind: 'owner' }, at('2026-06-01T08:00:00Z')))).toBe('reason-required');
    expect(refusal(() => closeFinding(assigned, 'wont-fix', null, { kind: 'owner' }, at('2026-06-01T08:00:00Z')))).toBe('reason-required');
    expect(refusal(() => closeFinding(assigned, 'wont-fix', 'x'.repeat(1001), { kind: 'owner' }, at('2026-06-01T08:00:00Z')))).toBe('reason-too-long');
    expect(closeFinding(assigned, 'wont-fix', 'Privat mark', { kind: 'owner' }, at('2026-06-01T08:00:00Z'))).toMatchObject({ status: 'wont-fix', wontFixReason: 'Privat mark', fixedAt: null, closedAt: '2026-06-01T08:00:00.000Z' });
  });

  it('takes a photo while open or assigned, not once closed', () => {
    const withPhoto = addPhoto(open(), { type: 'image/jpeg', size: 1083 }, at('2026-05-12T18:05:00Z'));
    expect(withPhoto.photo).toEqual({ type: 'image/jpeg', size: 1083, addedAt: '2026-05-12T18:05:00.000Z' });
    const fixed = closeFinding(assignFinding(withPhoto, 'o@k.se', null, coordinator, at('2026-05-20T08:00:00Z')), 'fixed', null, { kind: 'owner' }, at('2026-06-01T08:00:00Z'));
    expect(refusal(() => addPhoto(fixed, { type: 'image/png', size: 10 }, at('2026-06-02T08:00:00Z')))).toBe('bad-transition');
  });

  it('adds months to a date, keeping to the last day of a shorter month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-01-15', 6)).toBe('2026-07-15');
  });
});
