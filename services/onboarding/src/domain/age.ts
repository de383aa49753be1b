import type { FieldValue } from './engine';

/**
 * The built-in age check: decided automatically from a birth year (number, or "1990") or a birth date
 * ("1990-05-17") the subject gave. With only a year, the person counts as having had their birthday this year
 * only when `now` is on or after 31 December (i.e. we assume the latest possible birthday: never approve too young).
 */
export function ageCheck(value: FieldValue | undefined, minimumAge: number, now: Date): { outcome: 'approved' | 'rejected'; reason: string } {
  const age = ageOf(value, now);
  if (age === undefined) return { outcome: 'rejected', reason: 'no valid birth year or birth date given' };
  return age >= minimumAge
    ? { outcome: 'approved', reason: `at least ${minimumAge} years old` }
    : { outcome: 'rejected', reason: `younger than ${minimumAge}` };
}

export function ageOf(value: FieldValue | undefined, now: Date): number | undefined {
  const year = now.getUTCFullYear();
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{4}$/.test(value))) {
    const born = Number(value);
    if (!Number.isInteger(born) || born < 1900 || born > year) return undefined;
    const birthdayPassed = now.getUTCMonth() === 11 && now.getUTCDate() === 31;
    return year - born - (birthdayPassed ? 0 : 1);
  }
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return undefined;
    const [by, bm, bd] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(by, bm - 1, bd));
    if (date.getUTCMonth() !== bm - 1 || date.getUTCDate() !== bd || date > now || by < 1900) return undefined;
    const hadBirthday = now.getUTCMonth() + 1 > bm || (now.getUTCMonth() + 1 === bm && now.getUTCDate() >= bd);
    return now.getUTCFullYear() - by - (hadBirthday ? 0 : 1);
  }
  return undefined;
}
