import { awaitingCutoff, awaitingId } from './awaiting';

describe('awaiting records', () => {
  it('are identified by event and rule, so a redelivered event parks the same record', () => {
    expect(awaitingId('e-1', 'walker-approved')).toBe('e-1:walker-approved');
    expect(awaitingId('e-1', 'walker-approved')).not.toBe(awaitingId('e-1', 'walker-meeting-requested'));
  });

  it('are given up after the bound in whole days', () => {
    expect(awaitingCutoff(new Date('2026-06-10T10:00:00Z'), 7).toISOString()).toBe('2026-06-03T10:00:00.000Z');
  });
});
