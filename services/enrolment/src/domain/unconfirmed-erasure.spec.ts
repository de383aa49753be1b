import { tidyAddress } from './address';
import {
  confirmRegistration,
  eraseUnconfirmed,
  isUnconfirmedErasureDue,
  type Registration,
  requestConfirmationAgain,
  requestErasure,
  submitRegistration,
  unconfirmedErasureDueAt,
} from './registration';

const DAY = 86_400_000;
const submittedAt = new Date('2026-11-01T10:00:00Z');
const rules = { linkValidityDays: 7, graceDays: 14 };
const after = (days: number, ms = 0) => new Date(submittedAt.getTime() + days * DAY + ms);

function submitted(): Registration {
  return submitRegistration(
    {
      municipalityId: 'ale',
      name: 'Anna Andersson',
      email: 'anna@example.se',
      mobile: '0701234567',
      smsOptIn: true,
      language: 'sv',
      address: tidyAddress({ street: 'Storgatan', number: '12', postcode: '44930' }),
      coordinates: { lat: 57.93, lon: 12.11 },
      intent: 'contact-person',
      protectedIdentity: false,
    },
    { registrationId: 'r1', personId: 'p1', memberId: 'm1' },
    submittedAt,
  );
}

describe('erasing registrations that were never confirmed', () => {
  it('is due when the 7-day link has expired and the grace days have passed (21 days with 14), not a millisecond before', () => {
    const registration = submitted();
    expect(unconfirmedErasureDueAt(registration, rules)).toEqual(after(21));
    expect(isUnconfirmedErasureDue(registration, rules, after(21, -1))).toBe(false);
    expect(isUnconfirmedErasureDue(registration, rules, after(21))).toBe(true);
    expect(isUnconfirmedErasureDue(registration, rules, after(8))).toBe(false);
  });

  it('counts from the latest confirmation request when the same form was sent again', () => {
    const again = requestConfirmationAgain(submitted(), after(5));
    expect(unconfirmedErasureDueAt(again, rules)).toEqual(after(26));
    expect(isUnconfirmedErasureDue(again, rules, after(21))).toBe(false);
  });

  it('waits for a link issued late (a delayed email) to expire first', () => {
    const registration = submitted();
    expect(unconfirmedErasureDueAt(registration, rules, after(10))).toEqual(after(24));
    expect(unconfirmedErasureDueAt(registration, rules, after(3))).toEqual(after(21));
  });

  it('counts from the submission on records stored before confirmation requests were recorded', () => {
    const { confirmationRequestedAt: _dropped, ...legacy } = submitted();
    expect(unconfirmedErasureDueAt(legacy, rules)).toEqual(after(21));
  });

  it('never touches a confirmed or an erased registration, however old', () => {
    const confirmed = confirmRegistration(submitted(), after(6)).registration;
    const erased = requestErasure(submitted(), { mode: 'keep-days', keepDays: 365 }, after(1));
    expect(unconfirmedErasureDueAt(confirmed, rules)).toBeNull();
    expect(isUnconfirmedErasureDue(confirmed, rules, after(1000))).toBe(false);
    expect(isUnconfirmedErasureDue(erased, rules, after(1000))).toBe(false);
  });

  it('keeps nothing personal, only ids, dates and the reason', () => {
    const erased = eraseUnconfirmed(submitted(), after(21));
    expect(erased).toMatchObject({
      id: 'r1',
      personId: 'p1',
      name: '',
      email: '',
      mobile: null,
      smsOptIn: false,
      address: { street: '', number: '', postcode: '', city: null },
      coordinates: null,
      status: 'erased',
      submittedAt,
      confirmedAt: null,
      dedupeKey: 'erased|r1',
      erasure: { requestedAt: after(21), anonymiseAt: after(21), anonymisedAt: after(21), reason: 'unconfirmed' },
    });
    expect(JSON.stringify(erased)).not.toMatch(/anna|storgatan|0701234567|57\.93/i);
  });

  it('refuses to purge a registration that is not unconfirmed', () => {
    const confirmed = confirmRegistration(submitted(), after(1)).registration;
    expect(() => eraseUnconfirmed(confirmed, after(30))).toThrow(/only an unconfirmed registration/);
  });

  it('does not move the clock of a confirmed registration when its form is sent again', () => {
    const confirmed = confirmRegistration(submitted(), after(1)).registration;
    expect(requestConfirmationAgain(confirmed, after(2))).toBe(confirmed);
  });
});
