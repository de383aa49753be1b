import { randomUUID } from 'node:crypto';
import {
  createEvent,
  type EventContract,
  GroupActivatedV1,
  MemberJoinedV1,
  OnboardingCompletedV1,
  OnboardingStalledV1,
  OnboardingStepRequestedV1,
  RegistrationConfirmedV1,
  RegistrationSubmittedV1,
  ResidentErasedV1,
} from '@trygg/contracts';
import type { z } from 'zod';
import { LinkUnavailable, PermanentDeliveryError } from './ports';
import { wire } from './fakes.spec-helpers';

const personId = '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22';
const registrationId = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11';
const groupId = '3f1c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e33';

function event<C extends EventContract>(contract: C, payload: z.infer<C['payload']>, municipalityId = 'trollhattan') {
  return createEvent(contract, { municipalityId, correlationId: 'c-1' }, payload);
}

const submitted = (language: 'sv' | 'en' = 'sv', name = 'Åsa <Öberg>') =>
  event(RegistrationSubmittedV1, { registrationId, personId, name, email: 'asa@example.se', language });

async function handle(app: ReturnType<typeof wire>, e: ReturnType<typeof event>) {
  await app.facts.execute(e);
  return app.notify.execute(e);
}

describe('a submitted registration', () => {
  it('remembers the recipient and queues exactly one message, however often the event arrives', async () => {
    const app = wire();
    const e = submitted();
    const first = await handle(app, e);
    const second = await handle(app, e);
    expect(second).toEqual(first);
    expect(app.messages.byId.size).toBe(1);
    expect([...app.queue.jobs.keys()]).toEqual(first);
    expect(app.recipients.byId.get(personId)?.email).toBe('asa@example.se');
    expect(app.messages.byId.get(first[0]!)).toMatchObject({ status: 'queued', channel: 'email', template: 'registration-confirmation', category: 'transactional' });
  });

  it('is mailed once in Swedish with a fresh confirmation link from enrolment, the name escaped in the HTML', async () => {
    const app = wire();
    const [id] = await handle(app, submitted());
    expect(await app.send.execute(id!)).toBe('sent');
    expect(await app.send.execute(id!)).toBe('already-done');
    expect(app.links.requests).toEqual([{ kind: 'confirmation', registrationId }]);
    expect(app.mailer.sent).toHaveLength(1);
    const mail = app.mailer.sent[0]!;
    expect(mail.to).toBe('asa@example.se');
    expect(mail.subject).toBe('Bekräfta din anmälan till grannsamverkan – Trollhättans stad');
    expect(mail.text).toContain('Hej Åsa <Öberg>!');
    expect(mail.text).toContain(`http://127.0.0.1:3000/x/confirmation/${registrationId}/token1`);
    expect(mail.html).toContain('Hej Åsa &lt;Öberg&gt;!');
    expect(mail.html).not.toContain('<Öberg>');
    expect(mail.unsubscribeUrl).toBeNull(); // transactional: no List-Unsubscribe
    expect(app.messages.byId.get(id!)?.history.map((h) => h.status)).toEqual(['queued', 'sending', 'sent']);
  });

  it('is written in English when the resident chose English', async () => {
    const app = wire();
    const [id] = await handle(app, submitted('en', 'Eve'));
    await app.send.execute(id!);
    expect(app.mailer.sent[0]!.subject).toBe('Confirm your neighbourhood watch registration – Trollhättans stad');
  });

  it('waits and retries while enrolment cannot issue the link, without claiming the message', async () => {
    const app = wire();
    const [id] = await handle(app, submitted());
    app.links.failWith = new Error('enrolment links unreachable: ECONNREFUSED');
    await expect(app.send.execute(id!)).rejects.toThrow('ECONNREFUSED');
    expect(app.messages.byId.get(id!)?.status).toBe('queued');
    app.links.failWith = undefined;
    expect(await app.send.execute(id!)).toBe('sent');
  });

  it('is failed, not retried, when the registration is gone or already confirmed (404/409)', async () => {
    const app = wire();
    const [id] = await handle(app, submitted());
    app.links.failWith = new LinkUnavailable('confirmation link: 409 already_confirmed');
    expect(await app.send.execute(id!)).toBe('failed');
    expect(app.messages.byId.get(id!)?.lastError).toMatch(/409/);
    expect(app.mailer.sent).toHaveLength(0);
  });

  it('goes back to the queue when the SMTP server is away, and is sent on the next attempt', async () => {
    const app = wire();
    const [id] = await handle(app, submitted());
    app.mailer.failWith = new Error('connect ECONNREFUSED');
    await expect(app.send.execute(id!)).rejects.toThrow('ECONNREFUSED');
    expect(app.messages.byId.get(id!)).toMatchObject({ status: 'queued', lastError: 'connect ECONNREFUSED' });
    app.mailer.failWith = undefined;
    expect(await app.send.execute(id!)).toBe('sent');
    expect(app.mailer.sent).toHaveLength(1);
  });

  it('is not sent again when an earlier attempt died mid-send (at most once)', async () => {
    const app = wire();
    const [id] = await handle(app, submitted());
    await app.messages.claimForSending(id!, new Date()); // the attempt that died after claiming
    expect(await app.send.execute(id!)).toBe('uncertain');
    expect(app.mailer.sent).toHaveLength(0);
    expect(app.messages.byId.get(id!)?.status).toBe('uncertain');
  });
});

describe('a hard bounce (stale contact)', () => {
  it('marks the address not working, stops further mail, and sends one SMS with a self-service link', async () => {
    const app = wire();
    await handle(app, submitted());
    await handle(app, event(RegistrationConfirmedV1, { registrationId, personId, mobile: '+46701234567', smsOptIn: false }));
    const [welcome] = [...app.messages.byId.values()].filter((m) => m.template === 'registration-confirmed').map((m) => m.id);
    app.mailer.failWith = new PermanentDeliveryError('550 5.1.1 no such user', true);
    expect(await app.send.execute(welcome!)).toBe('bounced');
    expect(app.recipients.byId.get(personId)?.emailBouncedAt).not.toBeNull();

    const bounceSms = [...app.messages.byId.values()].filter((m) => m.template === 'email-bounced');
    expect(bounceSms).toHaveLength(1);
    expect(app.queue.jobs.get(bounceSms[0]!.id)?.channel).toBe('sms');
    expect(await app.send.execute(bounceSms[0]!.id)).toBe('sent');
    expect(app.sms.sent[0]).toMatchObject({ to: '+46701234567' });
    expect(app.sms.sent[0]!.message).toMatch(/^Vi når inte din e-postadress.*\/x\/self-service\//);

    // No more mail to the dead address, and a second bounce sends no second SMS.
    app.mailer.failWith = undefined;
    const [first] = [...app.messages.byId.values()].filter((m) => m.template === 'registration-confirmation').map((m) => m.id);
    expect(await app.send.execute(first!)).toBe('skipped');
    expect(app.messages.byId.get(first!)?.lastError).toBe('address-bounced');
    expect(await app.recipients.claimBounceSms(personId, new Date())).toBe(false);
    // The coordinator sees who cannot be reached.
    expect((await app.recipients.unreachable('trollhattan', 10)).map((r) => r.id)).toEqual([personId]);
  });
});

describe('the events a person should hear about', () => {
  it('confirmed registration: stores mobile and SMS choice, mails "what happens next" with a self-service link', async () => {
    const app = wire();
    await handle(app, submitted());
    const ids = await handle(app, event(RegistrationConfirmedV1, { registrationId, personId, mobile: '+46701234567', smsOptIn: true }));
    expect(app.recipients.byId.get(personId)).toMatchObject({ mobile: '+46701234567', smsOptIn: true });
    expect(await app.send.execute(ids[0]!)).toBe('sent');
    expect(app.mailer.sent[0]!.subject).toMatch(/^Du är med i grannsamverkan – så händer nu/);
    expect(app.links.requests).toContainEqual({ kind: 'self-service', personId });
  });

  it('approved onboarding: email and, for an opted-in mobile, SMS with its segments recorded', async () => {
    const app = wire();
    await handle(app, submitted());
    await handle(app, event(RegistrationConfirmedV1, { registrationId, personId, mobile: '+46701234567', smsOptIn: true }));
    const ids = await handle(app, event(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'ale/contact-person', processVersion: 1, subject: { kind: 'contact-person', id: randomUUID(), personId }, outcome: 'approved', decidingStepId: null, reason: null }));
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(await app.send.execute(id)).toBe('sent');
    expect(app.mailer.sent.at(-1)!.subject).toBe('Din ansökan är godkänd – Trollhättans stad');
    expect(app.sms.sent[0]!.message).toBe('Din ansökan är godkänd. Välkommen! Vi hör av oss om nästa steg. /Trollhättans stad');
    const sms = [...app.messages.byId.values()].find((m) => m.channel === 'sms')!;
    expect(sms).toMatchObject({ status: 'sent', segments: 1, encoding: 'GSM-7', providerMessageId: 's1' });
  });

  it('rejected onboarding without SMS opt-in: the email carries the reason, the SMS is skipped', async () => {
    const app = wire();
    await handle(app, submitted());
    const ids = await handle(app, event(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'ale/contact-person', processVersion: 1, subject: { kind: 'contact-person', id: randomUUID(), personId }, outcome: 'rejected', decidingStepId: null, reason: 'Ofullständiga uppgifter' }));
    const outcomes = await Promise.all(ids.map((id) => app.send.execute(id)));
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(app.mailer.sent[0]!.text).toContain('Motivering: Ofullständiga uppgifter');
  });

  it('withdrawn onboarding sends nothing (no rule matches)', async () => {
    const app = wire();
    await handle(app, submitted());
    expect(await handle(app, event(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'ale/contact-person', processVersion: 1, subject: { kind: 'member', id: randomUUID(), personId }, outcome: 'withdrawn', decidingStepId: null, reason: null }))).toEqual([]);
  });

  it('police approval requested: mails the police area’s mailbox from the municipality data', async () => {
    const app = wire();
    const ids = await handle(
      app,
      event(
        OnboardingStepRequestedV1,
        { instanceId: randomUUID(), stepId: 'police', stepType: 'police-approval', attempt: 1, subject: { kind: 'contact-person', id: randomUUID(), personId }, subjectFields: {}, parameters: {}, policeAreaId: 'lpo-ale-kungalv', dueAt: null },
        'ale',
      ),
    );
    expect(await app.send.execute(ids[0]!)).toBe('sent');
    expect(app.mailer.sent[0]).toMatchObject({ to: 'kommunpolis.lpo-ale-kungalv@polisen.example', subject: 'Nytt kontaktombud att granska – Ale kommun' });
  });

  it('other step types do not mail the police', async () => {
    const app = wire();
    const ids = await handle(
      app,
      event(OnboardingStepRequestedV1, { instanceId: randomUUID(), stepId: 'check', stepType: 'coordinator-check', attempt: 1, subject: { kind: 'member', id: randomUUID(), personId }, subjectFields: {}, parameters: {}, policeAreaId: null, dueAt: null }),
    );
    expect(ids).toEqual([]);
  });

  it('stalled onboarding: mails the coordinator mailbox', async () => {
    const app = wire();
    const ids = await handle(app, event(OnboardingStalledV1, { instanceId: randomUUID(), stepId: 's', stepType: 'bra-review', attempt: 1, reminder: 1, waitingSince: '2026-06-01T08:00:00+02:00', subject: { kind: 'member', id: randomUUID(), personId } }, 'lilla-edet'));
    await app.send.execute(ids[0]!);
    expect(app.mailer.sent[0]).toMatchObject({ to: 'samordnare@lillaedet.example', subject: 'Ett ärende väntar – Lilla Edets kommun' });
  });

  it('group activated: tells each member (municipality wording), with an unsubscribe link and header; SMS waits for the morning', async () => {
    const app = wire(new Date('2026-06-10T20:30:00Z')); // 22:30 in Lilla Edet
    const other = randomUUID();
    for (const p of [personId, other]) {
      await app.recipients.upsertContact({ id: p, municipalityId: 'lilla-edet', name: 'Bo', email: `${p}@example.se`, mobile: '+46701234567', smsOptIn: true });
      await handle(app, event(MemberJoinedV1, { memberId: randomUUID(), personId: p, groupId, areaId: 'centrum', subjectFields: {} }, 'lilla-edet'));
    }
    const ids = await handle(app, event(GroupActivatedV1, { groupId, areaId: 'centrum', contactPersonId: personId, groupName: 'Solgläntan' }, 'lilla-edet'));
    expect(ids).toHaveLength(4);
    const smsJobs = [...app.queue.jobs.values()].filter((j) => j.channel === 'sms');
    expect(smsJobs.map((j) => j.notBefore.toISOString())).toEqual(['2026-06-11T06:00:00.000Z', '2026-06-11T06:00:00.000Z']);
    const emailId = ids.find((id) => app.messages.byId.get(id)!.channel === 'email')!;
    await app.send.execute(emailId);
    const mail = app.mailer.sent[0]!;
    expect(mail.subject).toBe('Grannsamverkan Solgläntan har startat – Lilla Edets kommun');
    expect(mail.unsubscribeUrl).toMatch(/^http:\/\/127\.0\.0\.1:3004\/unsubscribe\/[A-Za-z0-9_-]{43}$/);
    expect(mail.text).toContain(mail.unsubscribeUrl!);
    // Only the hash of the token is stored, on the message that carried it.
    const token = mail.unsubscribeUrl!.split('/').pop()!;
    expect(JSON.stringify([...app.messages.byId.values()])).not.toContain(token);
    expect(app.messages.byId.get(emailId)!.unsubscribe?.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    // One click on the link: no more information messages, transactional ones still go.
    expect(await app.unsubscribe.unsubscribe(token)).toMatchObject({ category: 'information' });
    const recipientId = app.messages.byId.get(emailId)!.recipientId;
    expect(app.recipients.byId.get(recipientId)!.preferences.categories.information).toBe(false);
    const next = ids.find((id) => id !== emailId && app.messages.byId.get(id)!.channel === 'email' && app.messages.byId.get(id)!.recipientId === recipientId);
    expect(next).toBeUndefined(); // (each member has one email)
    const smsId = ids.find((id) => app.messages.byId.get(id)!.channel === 'sms' && app.messages.byId.get(id)!.recipientId === recipientId)!;
    const otherSms = ids.find((id) => app.messages.byId.get(id)!.channel === 'sms' && app.messages.byId.get(id)!.recipientId !== recipientId)!;
    expect(await app.send.execute(otherSms)).toBe('sent');
    expect(app.sms.sent[0]!.message).toMatch(/^Grannsamverkan Solgläntan har startat\. .*\nAvsluta: http:\/\/127\.0\.0\.1:3004\/unsubscribe\/[A-Za-z0-9_-]{43}$/);
    expect(await app.send.execute(smsId)).toBe('skipped');
    expect(app.messages.byId.get(smsId)!.lastError).toBe('opted-out-category');
  });

  it('an expired or unknown unsubscribe token does nothing', async () => {
    const app = wire();
    expect(await app.unsubscribe.unsubscribe('x'.repeat(43))).toBeNull();
    expect(await app.unsubscribe.unsubscribe('../../etc')).toBeNull();
  });

  it('erasure: forgets the recipient and the payloads of their messages; queued ones are skipped', async () => {
    const app = wire();
    const [id] = await handle(app, submitted());
    await handle(app, event(ResidentErasedV1, { personId, erasedAt: '2026-06-10T10:00:00Z' }));
    expect(app.recipients.byId.has(personId)).toBe(false);
    expect(app.messages.byId.get(id!)?.payload).toBeNull();
    expect(await app.send.execute(id!)).toBe('skipped');
    expect(app.mailer.sent).toHaveLength(0);
  });
});
