import { tidyAddress } from './address';
import { anonymise, confirmRegistration, hasControlCharacters, normaliseEmail, normaliseName, requestEmailVerification, requestErasure, submitRegistration, type NewRegistration } from './registration';

const now = new Date('2026-11-26T10:00:00Z');
const input: NewRegistration = {
  municipalityId: 'ale',
  name: '  Anna   Andersson ',
  email: ' Anna@Example.SE ',
  mobile: null,
  smsOptIn: true,
  language: 'sv',
  address: tidyAddress({ street: 'Storgatan', number: '12b', postcode: '44930' }),
  coordinates: null,
  intent: 'join',
  protectedIdentity: false,
};
const ids = { registrationId: 'r1', personId: 'p1', memberId: 'm1' };

describe('a registration', () => {
  it('starts as submitted and unplaced, with the name tidied and the email lower-cased', () => {
    const registration = submitRegistration(input, ids, now);
    expect(registration).toMatchObject({
      id: 'r1',
      personId: 'p1',
      name: 'Anna Andersson',
      email: 'anna@example.se',
      status: 'submitted',
      placement: { kind: 'unplaced' },
      submittedAt: now,
      confirmedAt: null,
      dedupeKey: 'ale|anna@example.se|storgatan|12b|449 30',
    });
  });

  it('does not keep an SMS opt-in without a mobile number', () => {
    expect(submitRegistration(input, ids, now).smsOptIn).toBe(false);
    expect(submitRegistration({ ...input, mobile: '+46701234567' }, ids, now).smsOptIn).toBe(true);
  });

  it('is confirmed once; a second confirmation changes nothing', () => {
    const first = confirmRegistration(submitRegistration(input, ids, now), now);
    expect(first).toMatchObject({ changed: true, registration: { status: 'confirmed', confirmedAt: now, placement: { kind: 'pending' } } });
    expect(confirmRegistration(first.registration, now)).toEqual({ registration: first.registration, changed: false, answered: [] });
  });

  it('is anonymised at once when the municipality keeps nothing', () => {
    const erased = requestErasure(submitRegistration({ ...input, mobile: '+46701234567' }, ids, now), { mode: 'anonymise-now', keepDays: 0 }, now);
    expect(erased).toMatchObject({ status: 'erased', name: '', email: '', mobile: null, address: { street: '', number: '', postcode: '' }, dedupeKey: 'erased|r1' });
    expect(erased.erasure).toEqual({ requestedAt: now, anonymiseAt: now, anonymisedAt: now });
  });

  it('is kept, unused, until the retention time when the municipality must keep it', () => {
    const erased = requestErasure(submitRegistration(input, ids, now), { mode: 'keep-days', keepDays: 30 }, now);
    expect(erased).toMatchObject({ status: 'erased', name: 'Anna Andersson', dedupeKey: 'erased|r1' });
    expect(erased.erasure).toEqual({ requestedAt: now, anonymiseAt: new Date('2026-12-26T10:00:00Z'), anonymisedAt: null });
    expect(anonymise(erased, new Date('2026-12-26T10:00:00Z')).erasure?.anonymisedAt).toEqual(new Date('2026-12-26T10:00:00Z'));
  });

  it('keeps Swedish letters and composes them to one form', () => {
    expect(normaliseName('Åsa O\u0308berg')).toBe('Åsa Öberg');
    expect(normaliseEmail('Örjan@Exempel.se')).toBe('örjan@exempel.se');
  });

  it('recognises control characters but not ordinary text', () => {
    expect(hasControlCharacters('Anna\u0000')).toBe(true);
    expect(hasControlCharacters('Anna\nAndersson')).toBe(true);
    expect(hasControlCharacters('Anna-Lena Ågren <b>')).toBe(false);
  });
});

describe('email-verification requests of onboarding', () => {
  const request = { requestEventId: 'ev1', correlationId: 'c1', instanceId: 'i1', stepId: 'verify-email', stepType: 'email-verification', attempt: 1, subjectKind: 'member' as const };
  const later = new Date('2026-11-27T08:00:00Z');

  it('are answered at once for a confirmed registration, with the confirmation time', () => {
    const confirmed = confirmRegistration(submitRegistration(input, ids, now), now).registration;
    const decision = requestEmailVerification(confirmed, request, later);
    expect(decision).toMatchObject({ kind: 'answer', confirmedAt: now, request: { ...request, requestedAt: later, answeredAt: later } });
    if (decision.kind !== 'answer') throw new Error('expected an answer');
    expect(decision.registration.emailVerifications).toEqual([{ ...request, requestedAt: later, answeredAt: later }]);
  });

  it('wait on a registration not confirmed yet and are answered by the confirmation, once', () => {
    const decision = requestEmailVerification(submitRegistration(input, ids, now), request, now);
    expect(decision.kind).toBe('wait');
    if (decision.kind !== 'wait') throw new Error('expected to wait');
    expect(decision.registration.emailVerifications).toEqual([{ ...request, requestedAt: now, answeredAt: null }]);
    const confirmed = confirmRegistration(decision.registration, later);
    expect(confirmed.answered).toEqual([{ ...request, requestedAt: now, answeredAt: later }]);
    expect(confirmed.registration.emailVerifications).toEqual(confirmed.answered);
    expect(confirmRegistration(confirmed.registration, later).answered).toEqual([]);
  });

  it('are seen once per instance, step and attempt; a new attempt is a new request', () => {
    const confirmed = confirmRegistration(submitRegistration(input, ids, now), now).registration;
    const first = requestEmailVerification(confirmed, request, later);
    if (first.kind !== 'answer') throw new Error('expected an answer');
    expect(requestEmailVerification(first.registration, { ...request, requestEventId: 'ev1-again' }, later)).toEqual({ kind: 'already-seen' });
    expect(requestEmailVerification(first.registration, { ...request, requestEventId: 'ev2', attempt: 2 }, later).kind).toBe('answer');
  });

  it('get no answer for an erased person', () => {
    const erased = requestErasure(submitRegistration(input, ids, now), { mode: 'keep-days', keepDays: 30 }, now);
    expect(requestEmailVerification(erased, request, now)).toEqual({ kind: 'erased' });
  });
});
