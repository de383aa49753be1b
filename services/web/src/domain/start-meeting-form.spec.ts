import { formValuesOf, validateStartMeetingForm } from './start-meeting-form';

describe('the start meeting form', () => {
  it('turns a day and Swedish times into instants with the right offset, summer and winter', () => {
    expect(validateStartMeetingForm({ date: '2026-06-17', startTime: '18:00', endTime: '19.30', place: ' Folkets hus ' })).toEqual({
      ok: true,
      value: { startsAt: '2026-06-17T18:00:00+02:00', endsAt: '2026-06-17T19:30:00+02:00', place: 'Folkets hus' },
    });
    const winter = validateStartMeetingForm({ date: '2026-12-01', startTime: '18:00', endTime: '19:00', place: 'Biblioteket' });
    expect(winter.ok && new Date(winter.value.startsAt).toISOString()).toBe('2026-12-01T17:00:00.000Z');
  });

  it('names every bad field', () => {
    const result = validateStartMeetingForm({ date: '2026-02-30', startTime: '25:00', endTime: 'x', place: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => [e.field, e.key])).toEqual([
      ['date', 'errors.meeting.dateInvalid'],
      ['startTime', 'errors.meeting.timeInvalid'],
      ['endTime', 'errors.meeting.timeInvalid'],
      ['place', 'errors.meeting.placeRequired'],
    ]);
    const order = validateStartMeetingForm({ date: '2026-06-17', startTime: '18:00', endTime: '17:00', place: 'Hall' });
    expect(!order.ok && order.errors).toEqual([{ field: 'endTime', key: 'errors.meeting.endBeforeStart' }]);
    expect(validateStartMeetingForm({}).ok).toBe(false);
  });

  it('shows a stored meeting in Swedish time', () => {
    expect(formValuesOf({ startsAt: '2026-06-17T16:00:00.000Z', endsAt: '2026-06-17T17:30:00.000Z', place: 'Hall' })).toEqual({ date: '2026-06-17', startTime: '18:00', endTime: '19:30', place: 'Hall' });
  });
});
