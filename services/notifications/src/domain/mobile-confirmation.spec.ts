import { answerChallenge, cleanCode, hashCode, isMobileConfirmed, type MobileFacts, mobileChangeResets, startChallenge } from './mobile-confirmation';
import { defaultPreferences, reachability, type Recipient } from './recipient';

const now = new Date('2026-06-10T10:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const facts = (over: Partial<MobileFacts> = {}): MobileFacts => ({ mobile: '+46701234567', mobileConfirmed: null, mobileChallenge: null, ...over });
const open = (over: Partial<MobileFacts> = {}) => {
  const started = startChallenge(facts(over), { code: '987650', salt: 'salt' }, now);
  if (!started.ok) throw new Error('not started');
  return facts({ ...over, mobileChallenge: started.challenge });
};

describe('confirming a mobile number by code', () => {
  it('keeps only the salted hash of the code, valid 10 minutes', () => {
    const started = startChallenge(facts(), { code: '987650', salt: 'salt' }, now);
    expect(started).toEqual({ ok: true, challenge: { number: '+46701234567', salt: 'salt', codeHash: hashCode('salt', '987650'), expiresAt: minutes(10), wrongAttempts: 0 } });
    expect(JSON.stringify(started)).not.toContain('987650');
  });

  it('sends no code without a number, nor to a number already confirmed', () => {
    expect(startChallenge(facts({ mobile: null }), { code: '1', salt: 's' }, now)).toEqual({ ok: false, reason: 'no-mobile' });
    expect(startChallenge(facts({ mobileConfirmed: { number: '+46701234567', at: now } }), { code: '1', salt: 's' }, now)).toEqual({ ok: false, reason: 'already-confirmed' });
  });

  it('confirms the number with the right code (spaces allowed) and closes the challenge', () => {
    const answer = answerChallenge(open(), ' 987 650 ', minutes(9));
    expect(answer).toEqual({ outcome: 'confirmed', attemptsLeft: 0, set: { mobileConfirmed: { number: '+46701234567', at: minutes(9) }, mobileChallenge: null } });
    expect(isMobileConfirmed({ mobile: '+46701234567', mobileConfirmed: answer.set!.mobileConfirmed! })).toBe(true);
  });

  it('counts wrong answers and voids the code at the fifth', () => {
    let current = open();
    for (let left = 4; left >= 1; left--) {
      const answer = answerChallenge(current, '000000', minutes(1));
      expect(answer).toMatchObject({ outcome: 'wrong', attemptsLeft: left });
      current = { ...current, ...answer.set };
    }
    const fifth = answerChallenge(current, '000000', minutes(1));
    expect(fifth).toEqual({ outcome: 'too-many-attempts', attemptsLeft: 0, set: { mobileChallenge: null } });
    expect(answerChallenge({ ...current, ...fifth.set }, '987650', minutes(1)).outcome).toBe('no-code');
  });

  it('refuses an expired code, even the right one', () => {
    expect(answerChallenge(open(), '987650', minutes(10))).toEqual({ outcome: 'expired', attemptsLeft: 0, set: { mobileChallenge: null } });
  });

  it('a code sent to an earlier number does not confirm the new one', () => {
    expect(answerChallenge({ ...open(), mobile: '+46709999999' }, '987650', minutes(1)).outcome).toBe('no-code');
  });

  it('not a code at all counts as a wrong answer', () => {
    expect(cleanCode('12345a')).toBeNull();
    expect(answerChallenge(open(), 'abcdef', minutes(1)).outcome).toBe('wrong');
  });

  it('a changed number resets the confirmation; the same number or no mobile field keeps it', () => {
    expect(mobileChangeResets({ mobile: '+46701234567' }, '+46709999999')).toBe(true);
    expect(mobileChangeResets({ mobile: '+46701234567' }, null)).toBe(true);
    expect(mobileChangeResets({ mobile: '+46701234567' }, '+46701234567')).toBe(false);
    expect(mobileChangeResets({ mobile: '+46701234567' }, undefined)).toBe(false);
  });
});

describe('reachability by SMS', () => {
  const recipient = (over: Partial<Recipient> = {}): Recipient => ({
    id: 'p',
    municipalityId: 'ale',
    name: 'Bo',
    email: 'bo@example.se',
    emailBouncedAt: null,
    mobile: '+46701234567',
    mobileConfirmed: null,
    mobileChallenge: null,
    smsOptIn: true,
    emailUpdates: true,
    language: 'sv',
    groupIds: [],
    areaIds: [],
    preferences: defaultPreferences(),
    bounceSmsSentAt: null,
    ...over,
  });

  it.each(['transactional', 'urgent', 'information', 'reminders'] as const)('refuses an unconfirmed number for %s messages', (category) => {
    expect(reachability(recipient(), 'sms', category)).toEqual({ ok: false, reason: 'mobile-unconfirmed' });
    expect(reachability(recipient({ mobileConfirmed: { number: '+46709999999', at: now } }), 'sms', category)).toEqual({ ok: false, reason: 'mobile-unconfirmed' });
    expect(reachability(recipient({ mobileConfirmed: { number: '+46701234567', at: now } }), 'sms', category)).toEqual({ ok: true });
  });

  it('email does not need a confirmed mobile', () => {
    expect(reachability(recipient(), 'email', 'transactional')).toEqual({ ok: true });
  });
});
