import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@trygg/audit';
import { RegistrationConfirmedV1, RegistrationSubmittedV1, ResidentDetailsChangedV1, createEvent } from '@trygg/contracts';
import { wire } from '../../test/fakes';
import { ConfirmMobileCode } from './confirm-mobile-code';
import type { MobileCodeQuota, StaffViewAudit } from './ports';
import { RequestMobileCode } from './request-mobile-code';

class CountingQuota implements MobileCodeQuota {
  readonly counts = new Map<string, number>();
  async take(number: string, day: string, max: number) {
    const key = `${number}|${day}`;
    const n = this.counts.get(key) ?? 0;
    if (n >= max) return false;
    this.counts.set(key, n + 1);
    return true;
  }
}

class RecordingAudit implements StaffViewAudit {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry) {
    this.entries.push(entry);
  }
}

const ctx = { municipalityId: 'ale', correlationId: 'c-1' };

async function setUp() {
  const app = wire();
  const personId = randomUUID();
  const registrationId = randomUUID();
  await app.facts.execute(createEvent(RegistrationSubmittedV1, ctx, { registrationId, personId, name: 'Åsa', email: 'asa@example.se', language: 'sv' }));
  await app.facts.execute(createEvent(RegistrationConfirmedV1, ctx, { registrationId, personId, mobile: '+46701234567', smsOptIn: true }));
  const quota = new CountingQuota();
  const audit = new RecordingAudit();
  let next = 0;
  const codes = ['111111', '222222', '333333', '444444'];
  const request = new RequestMobileCode(app.recipients, quota, app.messages, app.queue, audit, app.clock, () => ({ code: codes[next++]!, salt: `salt-${next}` }));
  const confirm = new ConfirmMobileCode(app.recipients, audit, app.clock);
  return { app, personId, quota, audit, request, confirm };
}

describe('Bekräfta ditt mobilnummer (use cases)', () => {
  it('sends the code through the SMS queue, keeps only its hash, and a right answer lets SMS go to the number', async () => {
    const { app, personId, request, confirm, audit } = await setUp();
    const result = await request.execute('ale', personId, 'c-2');
    expect(result).toEqual({ sent: true, expiresAt: new Date(app.clock().getTime() + 10 * 60_000) });
    const [job] = [...app.queue.jobs.entries()].filter(([, j]) => j.channel === 'sms');
    expect(job).toBeDefined();
    expect(JSON.stringify(app.recipients.byId.get(personId))).not.toContain('111111');

    // The worker sends it (unconfirmed by nature), then forgets the code.
    expect(await app.send.execute(job![0])).toBe('sent');
    expect(app.sms.sent).toEqual([expect.objectContaining({ to: '+46701234567', message: expect.stringContaining('111111') })]);
    expect(app.messages.byId.get(job![0])!.payload).toBeNull();

    expect(await confirm.execute('ale', personId, '111111', 'c-3')).toEqual({ outcome: 'confirmed', attemptsLeft: 0 });
    expect(app.recipients.byId.get(personId)!.mobileConfirmed).toEqual({ number: '+46701234567', at: app.clock() });
    expect(audit.entries.map((e) => e.action)).toEqual(['mobile-code-sent', 'mobile-confirmed']);
    expect(audit.entries[1]).toMatchObject({ actor: { subject: `person:${personId}` }, subject: { kind: 'recipient', id: personId }, municipalityId: 'ale' });
    expect(JSON.stringify(audit.entries)).not.toMatch(/4670|111111/);
    expect(await request.execute('ale', personId, 'c-4')).toEqual({ sent: false, reason: 'already-confirmed' });
  });

  it('at most 3 codes per number and day; a new code replaces the old one', async () => {
    const { personId, request, confirm } = await setUp();
    for (let i = 0; i < 3; i++) expect(await request.execute('ale', personId, 'c')).toMatchObject({ sent: true });
    expect(await request.execute('ale', personId, 'c')).toEqual({ sent: false, reason: 'too-many-codes' });
    expect(await confirm.execute('ale', personId, '111111', 'c')).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
    expect(await confirm.execute('ale', personId, '333333', 'c')).toEqual({ outcome: 'confirmed', attemptsLeft: 0 });
  });

  it('five wrong answers void the code, audited', async () => {
    const { personId, request, confirm, audit } = await setUp();
    await request.execute('ale', personId, 'c');
    for (let i = 0; i < 4; i++) expect((await confirm.execute('ale', personId, '999999', 'c'))!.outcome).toBe('wrong');
    expect(await confirm.execute('ale', personId, '999999', 'c')).toEqual({ outcome: 'too-many-attempts', attemptsLeft: 0 });
    expect(await confirm.execute('ale', personId, '111111', 'c')).toEqual({ outcome: 'no-code', attemptsLeft: 0 });
    expect(audit.entries.map((e) => e.action).at(-1)).toBe('mobile-code-voided');
  });

  it('a changed mobile number is unconfirmed again, and a queued code for the old number is not sent', async () => {
    const { app, personId, request, confirm } = await setUp();
    await request.execute('ale', personId, 'c');
    const [messageId] = [...app.queue.jobs.keys()];
    expect((await confirm.execute('ale', personId, '111111', 'c'))!.outcome).toBe('confirmed');
    await request.execute('ale', personId, 'c'); // already confirmed: nothing
    await app.facts.execute(
      createEvent(ResidentDetailsChangedV1, ctx, { personId, name: 'Åsa', email: 'asa@example.se', mobile: '+46709876543', smsOptIn: true, emailUpdates: true, language: 'sv' }),
    );
    expect(app.recipients.byId.get(personId)!.mobileConfirmed).toBeNull();
    expect(await app.send.execute(messageId!)).toBe('skipped');
    expect(app.messages.byId.get(messageId!)!.lastError).toBe('mobile-changed');
    expect(app.sms.sent).toHaveLength(0);
  });

  it('no number, no code; unknown person: null', async () => {
    const { app, request, confirm } = await setUp();
    const other = randomUUID();
    await app.recipients.upsertContact({ id: other, municipalityId: 'ale', name: 'Bo', email: 'bo@example.se' });
    expect(await request.execute('ale', other, 'c')).toEqual({ sent: false, reason: 'no-mobile' });
    expect(await request.execute('ale', randomUUID(), 'c')).toBeNull();
    expect(await confirm.execute('lilla-edet', other, '111111', 'c')).toBeNull();
  });
});
