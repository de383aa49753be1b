import { validateObservationAnswer, validateObservationForm, zonedInstant } from './observation-form';

const NOW = new Date('2026-07-01T12:00:00Z');
const GROUPS = ['0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a51', '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a52'];
const valid = { groupId: GROUPS[1], date: '2026-06-30', time: '22:30', placeKind: 'address', address: 'Storgatan 12', activity: 'vandalism', description: 'Någon sprejade på busskuren.' };
const errorsOf = (input: Record<string, unknown>, groups = GROUPS) => {
  const result = validateObservationForm(input, groups, 'Europe/Stockholm', NOW);
  return result.ok ? [] : result.errors.map((e) => e.field);
};

describe('the observation form', () => {
  it('takes Swedish wall-clock time (summer and winter) as the instant', () => {
    expect(zonedInstant('2026-06-30', '22:30', 'Europe/Stockholm')!.toISOString()).toBe('2026-06-30T20:30:00.000Z');
    expect(zonedInstant('2026-01-10', '22.30', 'Europe/Stockholm')!.toISOString()).toBe('2026-01-10T21:30:00.000Z');
    expect(zonedInstant('2026-02-30', '10:00', 'Europe/Stockholm')).toBeUndefined();
  });

  it('accepts a valid report with the chosen group (one group: no choice needed)', () => {
    expect(validateObservationForm(valid, GROUPS, 'Europe/Stockholm', NOW)).toEqual({
      ok: true,
      value: { groupId: GROUPS[1], occurredAt: '2026-06-30T20:30:00.000Z', address: 'Storgatan 12', activity: 'vandalism', description: 'Någon sprejade på busskuren.' },
    });
    expect(errorsOf({ ...valid, groupId: '' }, [GROUPS[0]!])).toEqual([]);
  });

  it('names each bad field: a group not the person\'s, no activity, no or too long description, future or impossible time, the place', () => {
    expect(errorsOf({ ...valid, groupId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a99' })).toEqual(['groupId']);
    expect(errorsOf({ ...valid, activity: 'suspicious-person', description: '' })).toEqual(['activity', 'description']);
    expect(errorsOf({ ...valid, description: 'x'.repeat(2001) })).toEqual(['description']);
    expect(errorsOf({ ...valid, date: '2026-07-02' })).toEqual(['date']);
    expect(errorsOf({ ...valid, date: '2026-02-30', time: '25:00' })).toEqual(['time']);
    expect(errorsOf({ ...valid, date: '', time: '' })).toEqual(['date', 'time']);
    expect(errorsOf({ ...valid, placeKind: '' })).toEqual(['placeKind']);
    expect(errorsOf({ ...valid, address: '' })).toEqual(['address']);
    expect(errorsOf({ ...valid, placeKind: 'point', lat: '52.52', lng: '9,5' })).toEqual(['lat', 'lng']);
  });

  it('takes a map point in Sweden, with a decimal comma', () => {
    const result = validateObservationForm({ ...valid, placeKind: 'point', lat: '58,1323', lng: '12.1301' }, GROUPS, 'Europe/Stockholm', NOW);
    expect(result.ok && result.value).toMatchObject({ lat: 58.1323, lng: 12.1301 });
    expect(result.ok && 'address' in result.value).toBe(false);
  });

  it('the officer\'s answer: required, at most 2,000 characters', () => {
    expect(validateObservationAnswer({ answer: ' Tack ' })).toEqual({ ok: true, value: { answer: 'Tack' } });
    expect(validateObservationAnswer({}).ok).toBe(false);
    expect(validateObservationAnswer({ answer: 'x'.repeat(2001) }).ok).toBe(false);
  });
});
