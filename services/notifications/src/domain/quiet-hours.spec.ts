import { deliverableAt, isQuiet } from './quiet-hours';

const hours = { start: '21:00', end: '08:00' };
const tz = 'Europe/Stockholm';
const at = (iso: string) => new Date(iso);

describe('quiet hours 21:00–08:00 Europe/Stockholm', () => {
  it('lets a non-urgent SMS go at once in the daytime', () => {
    const noon = at('2026-06-10T10:00:00Z'); // 12:00 CEST
    expect(deliverableAt(noon, hours, tz, false)).toEqual(noon);
  });

  it('holds a non-urgent SMS sent in the evening until 08:00 local time the next morning (summer)', () => {
    expect(deliverableAt(at('2026-06-10T20:30:00Z'), hours, tz, false)).toEqual(at('2026-06-11T06:00:00Z')); // 22:30 CEST → 08:00 CEST
  });

  it('holds one sent after midnight until 08:00 the same morning (winter)', () => {
    expect(deliverableAt(at('2026-01-15T02:00:00Z'), hours, tz, false)).toEqual(at('2026-01-15T07:00:00Z')); // 03:00 CET → 08:00 CET
  });

  it('sends an urgent SMS at once, even at night', () => {
    const night = at('2026-01-15T02:00:00Z');
    expect(deliverableAt(night, hours, tz, true)).toEqual(night);
  });

  it('finds 08:00 local time across the spring change (the night the clocks go forward)', () => {
    // Saturday 28 March 2026 22:00 CET; clocks go to summer time at 02:00 on Sunday 29 March: 08:00 CEST = 06:00Z.
    expect(deliverableAt(at('2026-03-28T21:00:00Z'), hours, tz, false)).toEqual(at('2026-03-29T06:00:00Z'));
  });

  it('finds 08:00 local time across the autumn change (the night the clocks go back)', () => {
    // Saturday 24 October 2026 23:00 CEST; back to winter time at 03:00 on Sunday 25 October: 08:00 CET = 07:00Z.
    expect(deliverableAt(at('2026-10-24T21:00:00Z'), hours, tz, false)).toEqual(at('2026-10-25T07:00:00Z'));
  });

  it('treats 21:00 as quiet and 08:00 as no longer quiet', () => {
    expect(isQuiet(at('2026-01-15T20:00:00Z'), hours, tz)).toBe(true); // 21:00 CET
    expect(isQuiet(at('2026-01-15T07:00:00Z'), hours, tz)).toBe(false); // 08:00 CET
    expect(isQuiet(at('2026-01-15T19:59:00Z'), hours, tz)).toBe(false); // 20:59 CET
  });
});
