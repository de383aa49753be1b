import { earliestMeetingDay, meetingDateOf } from './start-meeting';

const step = (over: Partial<{ type: string; status: string; answeredAt: string | null; evidence: { meetingDate?: string } | null }>) => ({
  type: 'meeting-attendance',
  status: 'approved',
  answeredAt: '2026-11-20T12:00:00.000Z',
  evidence: null,
  ...over,
});

describe('the start meeting’s day from onboarding', () => {
  it('is the day recorded on the attended meeting-attendance step', () => {
    expect(meetingDateOf([step({ type: 'coordinator-check' }), step({ evidence: { meetingDate: '2026-11-18' } })])).toBe('2026-11-18');
  });

  it('is the Swedish day of the answer when the answer carried no day', () => {
    expect(meetingDateOf([step({ answeredAt: '2026-11-20T23:30:00.000Z' })])).toBe('2026-11-21');
  });

  it('is unknown while the step waits, was refused, or does not exist', () => {
    expect(meetingDateOf([step({ status: 'waiting', answeredAt: null })])).toBeNull();
    expect(meetingDateOf([step({ status: 'rejected' })])).toBeNull();
    expect(meetingDateOf([step({ type: 'police-approval' })])).toBeNull();
  });

  it('for the group is the earliest of its nominations’ meetings', () => {
    expect(earliestMeetingDay([null, '2026-11-18', '2026-10-01'])).toBe('2026-10-01');
    expect(earliestMeetingDay([null])).toBeNull();
  });
});
