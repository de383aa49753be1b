import { ageCheck, ageOf } from './age';

const now = new Date('2026-11-26T10:00:00Z');

describe('the age check', () => {
  it('computes the age from a birth date, counting the birthday itself', () => {
    expect(ageOf('2008-11-26', now)).toBe(18);
    expect(ageOf('2008-11-27', now)).toBe(17);
  });

  it('assumes the latest possible birthday when only the year is known (never approves someone too young)', () => {
    expect(ageOf(2008, now)).toBe(17);
    expect(ageOf('2007', now)).toBe(18);
    expect(ageOf(2008, new Date('2026-12-31T12:00:00Z'))).toBe(18);
  });

  it('approves at or above the minimum and rejects below it, with a reason', () => {
    expect(ageCheck(2000, 18, now)).toEqual({ outcome: 'approved', reason: 'at least 18 years old' });
    expect(ageCheck(2007, 20, now)).toEqual({ outcome: 'rejected', reason: 'younger than 20' });
  });

  it.each([undefined, 'soon', 1850, 2030, '2007-02-30', true])('rejects %p as no valid birth year or date', (value) => {
    expect(ageCheck(value as never, 18, now)).toEqual({ outcome: 'rejected', reason: 'no valid birth year or birth date given' });
  });
});
