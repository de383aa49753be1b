import { localParts, validateSeriesForm, zonedInstant } from './walk-admin';

describe('the walk pages\' rules', () => {
  it('local times on the Stockholm clock, summer time included', () => {
    expect(zonedInstant('2027-03-26', '21:00', 'Europe/Stockholm').toISOString()).toBe('2027-03-26T20:00:00.000Z');
    // Summer time starts on 28 March 2027: the same wall-clock time is an hour earlier in UTC.
    expect(zonedInstant('2027-03-28', '21:00', 'Europe/Stockholm').toISOString()).toBe('2027-03-28T19:00:00.000Z');
    expect(zonedInstant('2027-03-28', '01:30', 'Europe/Stockholm').toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(localParts('2027-03-31T23:30:00.000Z', 'Europe/Stockholm')).toEqual({ date: '2027-04-01', time: '01:30' });
  });

  it('a series: the ticked weekdays in calendar order, whole weeks to the last day, refusals at their fields', () => {
    const base = { organisationId: 'x', startTime: '21:00', endTime: '01:00', meetingPoint: 'Torget', maxWalkers: '5' };
    const ok = validateSeriesForm({ ...base, weekdays: ['sat', 'fri'], from: '2027-03-01', to: '2027-03-15' }, ['x'], '2027-02-01');
    expect(ok).toEqual({ ok: true, value: { organisationId: 'x', startTime: '21:00', endTime: '01:00', meetingPoint: 'Torget', maxWalkers: 5, weekdays: ['fri', 'sat'], from: '2027-03-01', weeks: 3, until: '2027-03-15' } });
    const bad = validateSeriesForm({ ...base, weekdays: 'someday', from: '2027-01-01', to: '2026-12-01', endTime: '21:00' }, ['x'], '2027-02-01');
    expect(bad.ok ? [] : bad.errors.map((e) => e.key)).toEqual(['errors.walks.weekdays.missing', 'errors.walks.endTime.same', 'errors.walks.date.past', 'errors.walks.to.beforeFrom']);
  });
});
