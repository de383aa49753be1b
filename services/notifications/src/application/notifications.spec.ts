import { randomUUID } from 'node:crypto';
import {
  ActivityCheckRequestedV1,
  ContactPersonNominatedV1,
  createEvent,
  EmailChangeRequestedV1,
  type EventContract,
  GroupActivatedV1,
  MemberJoinedV1,
  MemberLeftV1,
  OnboardingCompletedV1,
  OnboardingStalledV1,
  OnboardingStepRequestedV1,
  PoliceDecisionRecordedV1,
  RegistrationConfirmedV1,
  RegistrationSubmittedV1,
  ResidentDetailsChangedV1,
  ResidentErasedV1,
  VolunteerContactDetailsRecordedV1,
  VolunteerSignUpReceivedV1,
  VolunteerErasedV1,
} from '@trygg/contracts';
import type { z } from 'zod';
import { LinkUnavailable, PermanentDeliveryError } from './ports';
import { wire } from '../../test/fakes';
import { announceReachability } from './reachability-events';

const personId = '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22';
const registrationId = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11';
const groupId = '3f1c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e33';

function event<C extends EventContract>(contract: C, payload: z.input<C['payload']>, municipalityId = 'trollhattan') {
  return createEvent(contract, { municipalityId, correlationId: 'c-1' }, payload);
}

const submitted = (language: 'sv' | 'en' = 'sv', name = "Åsa & Bo O'Öberg") =>
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
    expect(mail.text).toContain("Hej Åsa & Bo O'Öberg!");
    expect(mail.text).toContain(`http://127.0.0.1:3000/x/confirmation/${registrationId}/token1`);
    expect(mail.html).toContain('Hej Åsa &amp; Bo O&#39;Öberg!');
    expect(mail.html).not.toContain("O'Öberg");
    expect(mail.unsubscribeUrl).toBeNull(); // transactional: no List-Unsubscribe
    expect(app.messages.byId.get(id!)?.history.map((h) => h.status)).toEqual(['queued', 'sending', 'sent']);
  });

  it('never makes a link of a name that holds one (an event from before the name rule): only the confirmation link is clickable', async () => {
    const app = wire();
    const [id] = await handle(app, submitted());
    // The contracts refuse such a name today; a message stored earlier may still carry one.
    const hostile = 'Anna\n\nLogga in: https://bankid-verify.com/login <a href="https://evil.example">BankID</a>';
    app.messages.byId.get(id!)!.payload!['name'] = hostile;
    expect(await app.send.execute(id!)).toBe('sent');
    const mail = app.mailer.sent[0]!;
    expect([...mail.html.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((m) => m[1])).toEqual([`http://127.0.0.1:3000/x/confirmation/${registrationId}/token1`]);
    expect(mail.html).toContain('Hej Anna Logga in: https://bankid-verify.com/login &lt;a href=&quot;https://evil.example&quot;&gt;BankID&lt;/a&gt;!');
    expect(mail.text).toContain('Hej Anna Logga in: https://bankid-verify.com/login'); // one line: no paragraph of its own
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

  it('never goes back to the queue once the SMTP server took it, even when recording `sent` fails (at most once)', async () => {
    const app = wire();
    const [id] = await handle(app, submitted());
    const recordSent = app.messages.recordSent.bind(app.messages);
    app.messages.recordSent = async () => {
      throw new Error('database away');
    };
    await expect(app.send.execute(id!)).rejects.toThrow('database away');
    expect(app.mailer.sent).toHaveLength(1);
    expect(app.messages.byId.get(id!)?.status).toBe('sending');
    app.messages.recordSent = recordSent;
    expect(await app.send.execute(id!)).toBe('uncertain'); // the retry does not send it again
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
    app.recipients.confirmMobile(personId);
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
    expect(await app.recipients.claimBounceSms('trollhattan', personId, new Date())).toBe(false);
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

  it('a member approved: the member welcome in Swedish by email with the self-service link, and one SMS segment', async () => {
    const app = wire();
    await handle(app, submitted('sv', 'Åsa'));
    await handle(app, event(RegistrationConfirmedV1, { registrationId, personId, mobile: '+46701234567', smsOptIn: true }));
    app.recipients.confirmMobile(personId);
    const ids = await handle(app, event(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'trollhattan/member', processVersion: 1, subject: { kind: 'member', id: randomUUID(), personId }, outcome: 'approved', decidingStepId: null, reason: null }));
    expect(ids.map((id) => app.messages.byId.get(id)?.template)).toEqual(['member-approved', 'member-approved']);
    for (const id of ids) expect(await app.send.execute(id)).toBe('sent');
    const mail = app.mailer.sent.at(-1)!;
    expect(mail).toMatchObject({ to: 'asa@example.se', subject: 'Välkommen till grannsamverkan – Trollhättans stad', unsubscribeUrl: null });
    expect(mail.text).toContain('Du är med i grannsamverkan i Trollhättans stad');
    expect(mail.text).toContain('Är gruppen redan igång hör gruppens kontaktombud av sig till dig.');
    expect(mail.text).toContain('Har gruppen inte startat än får du ett meddelande från oss när den startar.');
    expect(mail.text).toContain(`/x/self-service/${personId}/token`);
    expect(app.links.requests.at(-1)).toEqual({ kind: 'self-service', personId });
    expect(app.sms.sent[0]!.message).toBe('Välkommen till grannsamverkan! Du är nu med i en grupp i ditt område. Vi har mejlat dig mer. /Trollhättans stad');
    const sms = [...app.messages.byId.values()].find((m) => m.channel === 'sms')!;
    expect(sms).toMatchObject({ status: 'sent', segments: 1, encoding: 'GSM-7', providerMessageId: 's1' });
  });

  it('a member rejected without SMS opt-in: a kind email with the reason and whom to write to, the SMS is skipped', async () => {
    const app = wire();
    await handle(app, submitted());
    const ids = await handle(app, event(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'trollhattan/member', processVersion: 1, subject: { kind: 'member', id: randomUUID(), personId }, outcome: 'rejected', decidingStepId: 'rules', reason: 'Adressen ligger utanför området.' }));
    expect(ids.map((id) => app.messages.byId.get(id)?.template)).toEqual(['member-rejected', 'member-rejected']);
    const outcomes = await Promise.all(ids.map((id) => app.send.execute(id)));
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(app.mailer.sent[0]!.subject).toBe('Besked om din anmälan till grannsamverkan – Trollhättans stad');
    expect(app.mailer.sent[0]!.text).toContain('Skälet är: Adressen ligger utanför området.');
    expect(app.mailer.sent[0]!.text).toMatch(/Skriv till \S+@\S+, så hjälper vi dig\./);
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
      app.recipients.confirmMobile(p);
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
    // List-Unsubscribe: notifications' one-click URL; the footer: the web page "Dina utskick" with the same token.
    expect(mail.unsubscribeUrl).toMatch(/^http:\/\/127\.0\.0\.1:3004\/unsubscribe\/[A-Za-z0-9_-]{43}$/);
    const token = mail.unsubscribeUrl!.split('/').pop()!;
    expect(mail.text).toContain(`http://127.0.0.1:3000/lilla-edet/utskick/${token}`);
    expect(mail.html).toContain(`http://127.0.0.1:3000/lilla-edet/utskick/${token}`);
    expect(mail.text).not.toContain(mail.unsubscribeUrl!);
    // Only the hash of the token is stored, on the message that carried it.
    expect(JSON.stringify([...app.messages.byId.values()])).not.toContain(token);
    expect(app.messages.byId.get(emailId)!.unsubscribe?.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    // One click on the link: no more information messages, transactional ones still go.
    expect(await app.oneClick.execute(token)).toMatchObject({ category: 'information' });
    const recipientId = app.messages.byId.get(emailId)!.recipientId;
    expect(app.recipients.byId.get(recipientId)!.preferences.categories.information).toBe(false);
    const next = ids.find((id) => id !== emailId && app.messages.byId.get(id)!.channel === 'email' && app.messages.byId.get(id)!.recipientId === recipientId);
    expect(next).toBeUndefined(); // (each member has one email)
    const smsId = ids.find((id) => app.messages.byId.get(id)!.channel === 'sms' && app.messages.byId.get(id)!.recipientId === recipientId)!;
    const otherSms = ids.find((id) => app.messages.byId.get(id)!.channel === 'sms' && app.messages.byId.get(id)!.recipientId !== recipientId)!;
    expect(await app.send.execute(otherSms)).toBe('sent');
    expect(app.sms.sent[0]!.message).toMatch(/^Grannsamverkan Solgläntan har startat\. .*\nAvsluta: http:\/\/127\.0\.0\.1:3000\/lilla-edet\/utskick\/[A-Za-z0-9_-]{43}$/);
    expect(await app.send.execute(smsId)).toBe('skipped');
    expect(app.messages.byId.get(smsId)!.lastError).toBe('opted-out-category');
  });

  it('an expired or unknown unsubscribe token does nothing', async () => {
    const app = wire();
    expect(await app.oneClick.execute('x'.repeat(43))).toBeNull();
    expect(await app.oneClick.execute('../../etc')).toBeNull();
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

  it('a provider reply quoting the address or number is stored without them, and erasure forgets error texts', async () => {
    const app = wire();
    const [id] = await handle(app, submitted());
    app.mailer.failWith = new PermanentDeliveryError('550 5.1.1 <asa@example.se>: mailbox full, call 070-123 45 67', false);
    expect(await app.send.execute(id!)).toBe('failed');
    const failed = app.messages.byId.get(id!)!;
    expect(failed.lastError).toBe('550 5.1.1 <[email]>: mailbox full, call [number]');
    expect(JSON.stringify(failed.history)).not.toMatch(/asa@example|070-123/);

    await handle(app, event(ResidentErasedV1, { personId, erasedAt: '2026-06-10T10:00:00Z' }));
    const erased = app.messages.byId.get(id!)!;
    expect(erased.lastError).toBeNull();
    expect(erased.history.map((h) => h.detail)).toEqual(erased.history.map(() => null));
    expect(erased.history.map((h) => h.status)).toEqual(['queued', 'sending', 'failed']);
  });
});

const checkId = '5a2e9c61-0d4b-4f7e-9c3a-1e2f3a4b5c66';

const activityCheck = (reminder = 0, municipalityId = 'trollhattan') =>
  event(ActivityCheckRequestedV1, { groupId, checkId, contactPersonId: personId, groupName: 'Solgläntan', reminder }, municipalityId);

const detailsChanged = (changes: Partial<z.infer<typeof ResidentDetailsChangedV1.payload>> = {}) =>
  event(ResidentDetailsChangedV1, { personId, name: 'Åsa Öberg', email: 'asa@example.se', mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv', ...changes });

describe('the yearly activity check (contact person)', () => {
  it('mails the contact person in Swedish with three one-click answers on a link enrolment issues for the check', async () => {
    const app = wire();
    await handle(app, submitted());
    const ids = await handle(app, activityCheck());
    expect(ids).toHaveLength(1);
    expect(app.messages.byId.get(ids[0]!)).toMatchObject({ channel: 'email', template: 'activity-check', category: 'reminders', link: 'activity-check' });
    expect(await app.send.execute(ids[0]!)).toBe('sent');
    expect(app.links.requests).toEqual([{ kind: 'activity-check', checkId }]);
    const mail = app.mailer.sent[0]!;
    const url = `http://127.0.0.1:3000/x/activity-check/${checkId}/token1`;
    expect(mail.subject).toBe('Är grannsamverkan Solgläntan fortfarande igång? – Trollhättans stad');
    for (const answer of ['active', 'active-list-outdated', 'not-active']) {
      expect(mail.text).toContain(`${url}?svar=${answer}\n`);
      expect(mail.html).toContain(`<a href="${url}?svar=${answer}">`);
    }
    expect(mail.html).toContain(`?svar=not-active">Nej, gruppen är inte längre igång</a>`); // the link says what it answers
  });

  it('is a reminder-category message: it carries an unsubscribe link and List-Unsubscribe', async () => {
    const app = wire();
    await handle(app, submitted());
    const [id] = await handle(app, activityCheck());
    await app.send.execute(id!);
    expect(app.mailer.sent[0]!.unsubscribeUrl).toMatch(/^http:\/\/127\.0\.0\.1:3004\/unsubscribe\//);
    const token = app.mailer.sent[0]!.unsubscribeUrl!.split('/').pop()!;
    expect(app.mailer.sent[0]!.text).toContain(`http://127.0.0.1:3000/trollhattan/utskick/${token}`);
  });

  it('a later reminder says it is a reminder, in the contact person’s language', async () => {
    const app = wire();
    await handle(app, submitted('en', 'Eve'));
    const ids = await handle(app, activityCheck(2));
    expect(app.messages.byId.get(ids[0]!)?.template).toBe('activity-check-reminder');
    await app.send.execute(ids[0]!);
    expect(app.mailer.sent[0]!.subject).toBe('Reminder: is neighbourhood watch Solgläntan still active? – Trollhättans stad');
    expect(app.mailer.sent[0]!.text).toContain('?svar=not-active');
  });

  it('is skipped for a contact person who turned reminders off', async () => {
    const app = wire();
    await handle(app, submitted());
    const prefs = app.recipients.byId.get(personId)!.preferences;
    await app.recipients.setPreferences(personId, 'trollhattan', { ...prefs, categories: { ...prefs.categories, reminders: false } }, app.clock());
    const [id] = await handle(app, activityCheck());
    expect(await app.send.execute(id!)).toBe('skipped');
    expect(app.messages.byId.get(id!)?.lastError).toBe('opted-out-category');
    expect(app.links.requests).toEqual([]);
  });

  it('is failed, not retried, when enrolment says the check is already answered', async () => {
    const app = wire();
    await handle(app, submitted());
    const [id] = await handle(app, activityCheck(1));
    app.links.failWith = new LinkUnavailable('activity-check link: 409 already_answered');
    expect(await app.send.execute(id!)).toBe('failed');
    expect(app.mailer.sent).toHaveLength(0);
  });

  it('sends nothing for a contact person notifications has never heard of', async () => {
    const app = wire();
    expect(await handle(app, activityCheck())).toEqual([]);
  });
});

describe('a resident corrected their details (self-service)', () => {
  it('stores the new email, mobile, SMS choice, email choice and language, and sends nothing itself', async () => {
    const app = wire();
    await handle(app, submitted());
    const ids = await handle(app, detailsChanged({ email: 'ny@example.se', mobile: '+46709876543', smsOptIn: true, emailUpdates: false, language: 'en' }));
    expect(ids).toEqual([]);
    expect(app.recipients.byId.get(personId)).toMatchObject({ name: 'Åsa Öberg', email: 'ny@example.se', mobile: '+46709876543', smsOptIn: true, emailUpdates: false, language: 'en' });
  });

  it('creates the recipient when notifications had not heard of the person', async () => {
    const app = wire();
    await handle(app, detailsChanged());
    expect(app.recipients.byId.get(personId)).toMatchObject({ municipalityId: 'trollhattan', email: 'asa@example.se' });
  });

  it('does not keep an SMS choice without a mobile', async () => {
    const app = wire();
    await handle(app, detailsChanged({ mobile: null, smsOptIn: true }));
    expect(app.recipients.byId.get(personId)?.smsOptIn).toBe(false);
  });

  it('a new email address clears the hard-bounce mark of the old one, and mail goes out again', async () => {
    const app = wire();
    await handle(app, submitted());
    await app.recipients.markEmailBounced('trollhattan', personId, new Date(), announceReachability({ correlationId: 'c-1', causationId: null }));
    await app.recipients.claimBounceSms('trollhattan', personId, new Date());
    await handle(app, detailsChanged({ email: 'ny@example.se' }));
    expect(app.recipients.byId.get(personId)).toMatchObject({ emailBouncedAt: null, bounceSmsSentAt: null });
    const [id] = await handle(app, activityCheck());
    expect(await app.send.execute(id!)).toBe('sent');
    expect(app.mailer.sent[0]!.to).toBe('ny@example.se');
  });

  it('the same email address keeps its hard-bounce mark', async () => {
    const app = wire();
    await handle(app, submitted());
    await app.recipients.markEmailBounced('trollhattan', personId, new Date(), announceReachability({ correlationId: 'c-1', causationId: null }));
    await handle(app, detailsChanged({ email: 'asa@example.se', language: 'en' }));
    expect(app.recipients.byId.get(personId)?.emailBouncedAt).not.toBeNull();
  });

  it('no "news by email": information email is skipped, while reminders still go', async () => {
    const app = wire();
    await handle(app, submitted());
    await handle(app, event(MemberJoinedV1, { memberId: randomUUID(), personId, groupId, areaId: 'centrum', subjectFields: {} }));
    await handle(app, detailsChanged({ emailUpdates: false }));
    const [news] = await handle(app, event(GroupActivatedV1, { groupId, areaId: 'centrum', contactPersonId: personId, groupName: 'Solgläntan' }));
    expect(await app.send.execute(news!)).toBe('skipped');
    expect(app.messages.byId.get(news!)?.lastError).toBe('no-email-updates');
    const [check] = await handle(app, activityCheck());
    expect(await app.send.execute(check!)).toBe('sent');
  });
});

describe('leaving a group', () => {
  const left = (reason: 'self' | 'contact-person' | 'coordinator' | 'erased' | 'onboarding-rejected') => event(MemberLeftV1, { memberId: randomUUID(), personId, groupId, reason });

  it('by their own choice: the group is removed from the recipient, who gets a receipt with a self-service link', async () => {
    const app = wire();
    await handle(app, submitted());
    await handle(app, event(MemberJoinedV1, { memberId: randomUUID(), personId, groupId, areaId: 'centrum', subjectFields: {} }));
    const [id] = await handle(app, left('self'));
    expect(app.recipients.byId.get(personId)?.groupIds).toEqual([]);
    expect(await app.send.execute(id!)).toBe('sent');
    expect(app.mailer.sent[0]!.subject).toBe('Du har lämnat grannsamverkansgruppen – Trollhättans stad');
    expect(app.links.requests).toEqual([{ kind: 'self-service', personId }]);
    expect(app.mailer.sent[0]!.unsubscribeUrl).toBeNull();
  });

  it('removed by the contact person or the coordinator: a notice that says so', async () => {
    const app = wire();
    await handle(app, submitted());
    for (const reason of ['contact-person', 'coordinator'] as const) {
      const [id] = await handle(app, left(reason));
      expect(app.messages.byId.get(id!)?.template).toBe('member-removed');
    }
  });

  it('because the person was erased: nothing is sent', async () => {
    const app = wire();
    await handle(app, submitted());
    expect(await handle(app, left('erased'))).toEqual([]);
  });

  it('because the member onboarding rejected them: nothing more is sent (member-rejected already told them), the group is removed', async () => {
    const app = wire();
    await handle(app, submitted());
    await handle(app, event(MemberJoinedV1, { memberId: randomUUID(), personId, groupId, areaId: 'centrum', subjectFields: {} }));
    expect(await handle(app, left('onboarding-rejected'))).toEqual([]);
    expect(app.recipients.byId.get(personId)?.groupIds).toEqual([]);
  });
});

describe('a police decision on a contact person', () => {
  const decision = (outcome: 'approve' | 'reject' | 'needs-info' | 'revoked') =>
    event(
      PoliceDecisionRecordedV1,
      {
        caseId: randomUUID(),
        policeAreaId: 'lpo-ale-kungalv',
        instanceId: randomUUID(),
        stepId: 'police',
        attempt: 1,
        subject: { kind: 'contact-person', id: randomUUID(), personId },
        outcome,
        reason: 'Vi behöver veta vilket område du ska ansvara för.',
        decidedBy: 'polis-123',
        decidedAt: '2026-06-10T10:00:00+02:00',
      },
      'ale',
    );

  it('needs-info: the applicant gets the police’s reason by email and, opted in, SMS; the coordinator is mailed', async () => {
    const app = wire();
    await handle(app, event(RegistrationSubmittedV1, { registrationId, personId, name: 'Åsa', email: 'asa@example.se', language: 'sv' }, 'ale'));
    await handle(app, event(RegistrationConfirmedV1, { registrationId, personId, mobile: '+46701234567', smsOptIn: true }, 'ale'));
    app.recipients.confirmMobile(personId);
    const ids = await handle(app, decision('needs-info'));
    expect(ids.map((id) => `${app.messages.byId.get(id)!.template}/${app.messages.byId.get(id)!.channel}`).sort()).toEqual([
      'police-needs-info-coordinator/email',
      'police-needs-info/email',
      'police-needs-info/sms',
    ]);
    for (const id of ids) expect(await app.send.execute(id)).toBe('sent');
    const toApplicant = app.mailer.sent.find((m) => m.to === 'asa@example.se')!;
    expect(toApplicant.subject).toBe('Polisen behöver fler uppgifter om din ansökan – Ale kommun');
    expect(toApplicant.text).toContain('Polisen skriver: Vi behöver veta vilket område du ska ansvara för.');
    expect(toApplicant.text).not.toContain('polis-123');
    expect(app.mailer.sent.find((m) => m.to === 'samordnare@ale.example')!.subject).toBe('Polisen behöver fler uppgifter om ett kontaktombud – Ale kommun');
    expect(app.sms.sent[0]!.message).toMatch(/^Polisen behöver fler uppgifter/);
  });

  it('approve and reject send nothing here: onboarding.completed.v1 tells the applicant', async () => {
    const app = wire();
    await handle(app, event(RegistrationSubmittedV1, { registrationId, personId, name: 'Åsa', email: 'asa@example.se', language: 'sv' }, 'ale'));
    expect(await handle(app, decision('needs-info'))).toHaveLength(3); // the same applicant is reachable (email, SMS, coordinator)
    expect(await handle(app, decision('approve'))).toEqual([]);
    expect(await handle(app, decision('reject'))).toEqual([]);
  });
});

describe('a police revocation of a contact person', () => {
  const revoked = () =>
    event(
      PoliceDecisionRecordedV1,
      {
        caseId: randomUUID(),
        policeAreaId: 'lpo-ale-kungalv',
        instanceId: randomUUID(),
        stepId: 'police-approval',
        attempt: 1,
        subject: { kind: 'contact-person', id: randomUUID(), personId },
        outcome: 'revoked',
        reason: 'Uppdraget sköts inte enligt överenskommelsen.',
        decidedBy: 'polis-123',
        decidedAt: '2026-12-01T10:00:00+01:00',
      },
      'ale',
    );
  const sent = (app: ReturnType<typeof wire>, ids: string[]) => ids.map((id) => `${app.messages.byId.get(id)!.template}/${app.messages.byId.get(id)!.channel}`).sort();

  it('tells the person (email and, opted in, SMS) with the police’s reason, as the rejection does, and the coordinator mailbox; never the officer', async () => {
    const app = wire();
    await handle(app, event(RegistrationSubmittedV1, { registrationId, personId, name: 'Åsa', email: 'asa@example.se', language: 'sv' }, 'ale'));
    await handle(app, event(RegistrationConfirmedV1, { registrationId, personId, mobile: '+46701234567', smsOptIn: true }, 'ale'));
    app.recipients.confirmMobile(personId);
    const ids = await handle(app, revoked());
    expect(sent(app, ids)).toEqual(['contact-person-revoked-coordinator/email', 'contact-person-revoked/email', 'contact-person-revoked/sms']);
    for (const id of ids) expect(await app.send.execute(id)).toBe('sent');
    const toPerson = app.mailer.sent.find((m) => m.to === 'asa@example.se')!;
    expect(toPerson.subject).toBe('Ditt uppdrag som kontaktombud har upphört – Ale kommun');
    expect(toPerson.text).toContain('Skälet är: Uppdraget sköts inte enligt överenskommelsen.');
    expect(toPerson.text).toContain('Du är fortfarande med i gruppen som granne.');
    const toCoordinator = app.mailer.sent.find((m) => m.to === 'samordnare@ale.example')!;
    expect(toCoordinator.subject).toBe('Polisen har återkallat ett kontaktombud – Ale kommun');
    expect(toCoordinator.text).toContain('Polisen skriver: Uppdraget sköts inte enligt överenskommelsen.');
    for (const m of app.mailer.sent) expect(m.text).not.toContain('polis-123');
    expect(app.sms.sent.map((m) => m.message)).toEqual([expect.stringMatching(/^Vi har mejlat dig ett besked om ditt uppdrag som kontaktombud/)]);
    expect(app.sms.sent[0]!.message).not.toContain('Uppdraget');
  });

  it('in the person’s language (en)', async () => {
    const app = wire();
    await handle(app, event(RegistrationSubmittedV1, { registrationId, personId, name: 'Eve', email: 'eve@example.se', language: 'en' }, 'ale'));
    const ids = await handle(app, revoked());
    expect(sent(app, ids)).toContain('contact-person-revoked/email');
    for (const id of ids.filter((i) => app.messages.byId.get(i)!.channel === 'email')) expect(await app.send.execute(id)).toBe('sent');
    const toPerson = app.mailer.sent.find((m) => m.to === 'eve@example.se')!;
    expect(toPerson.subject).toBe('Your role as contact person has ended – Ale kommun');
    expect(toPerson.text).toContain('The reason: Uppdraget sköts inte enligt överenskommelsen.');
  });
});

describe('a contact person nomination', () => {
  it('tells the nominee in their language that the review has started', async () => {
    const app = wire();
    await handle(app, submitted('en', 'Eve'));
    const [id] = await handle(app, event(ContactPersonNominatedV1, { nominationId: randomUUID(), personId, groupId, areaId: 'centrum', policeAreaId: 'lpo-trollhattan', subjectFields: {} }));
    expect(await app.send.execute(id!)).toBe('sent');
    expect(app.mailer.sent[0]).toMatchObject({ to: 'asa@example.se', subject: 'You are nominated as contact person – Trollhättans stad', unsubscribeUrl: null });
  });
});

describe('a contact person (kontaktombud) in onboarding', () => {
  const nominationId = '5a1c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e66';
  const contactPerson = { kind: 'contact-person' as const, id: nominationId, personId };
  const completed = (outcome: 'approved' | 'rejected' | 'withdrawn', reason: string | null = null) =>
    event(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'lilla-edet/contact-person', processVersion: 1, subject: contactPerson, outcome, decidingStepId: outcome === 'approved' ? null : 'police-approval', reason }, 'lilla-edet');
  const stepRequested = (stepId: string, stepType: string, parameters: Record<string, unknown>) =>
    event(OnboardingStepRequestedV1, { instanceId: randomUUID(), stepId, stepType, attempt: 1, subject: contactPerson, subjectFields: { name: 'Kim Kontakt' }, parameters, policeAreaId: 'lpo-trollhattan', dueAt: null }, 'lilla-edet');
  const known = async (language: 'sv' | 'en' = 'sv') => {
    const app = wire();
    await handle(app, event(RegistrationSubmittedV1, { registrationId, personId, name: 'Kim Kontakt', email: 'kim@example.se', language }, 'lilla-edet'));
    await handle(app, event(RegistrationConfirmedV1, { registrationId, personId, mobile: '+46701234567', smsOptIn: true }, 'lilla-edet'));
    app.recipients.confirmMobile(personId);
    app.mailer.sent.length = 0;
    return app;
  };

  it('approved: the contact-person text in Swedish (police approval, the group starts, the household list link), one SMS segment', async () => {
    const app = await known();
    const ids = await handle(app, completed('approved'));
    expect(ids.map((id) => app.messages.byId.get(id)?.template)).toEqual(['contact-person-approved', 'contact-person-approved']);
    for (const id of ids) expect(await app.send.execute(id)).toBe('sent');
    const mail = app.mailer.sent[0]!;
    expect(mail).toMatchObject({ to: 'kim@example.se', subject: 'Du är godkänd som kontaktombud – Lilla Edets kommun', unsubscribeUrl: null });
    expect(mail.text).toContain('Polisen har godkänt dig, och du är kontaktombud för grannsamverkan i Lilla Edets kommun.');
    expect(mail.text).toContain('Är du gruppens första kontaktombud startar gruppen nu.');
    expect(mail.text).toContain(`/x/self-service/${personId}/token`);
    expect(mail.text).not.toContain('Välkommen till grannsamverkan');
    expect(app.sms.sent[0]!.message).toBe('Du är godkänd som kontaktombud för grannsamverkan. Tack! Vi har mejlat dig vad som händer nu. /Lilla Edets kommun');
    expect([...app.messages.byId.values()].find((m) => m.channel === 'sms')).toMatchObject({ segments: 1, encoding: 'GSM-7' });
  });

  it('approved in English for a contact person who chose English', async () => {
    const app = await known('en');
    const ids = await handle(app, completed('approved'));
    await Promise.all(ids.map((id) => app.send.execute(id)));
    expect(app.mailer.sent[0]!.subject).toBe('You are approved as contact person – Lilla Edets kommun');
  });

  it('rejected: kind wording with the reason, still in the group, whom to write to; the SMS does not carry the reason', async () => {
    const app = await known();
    const ids = await handle(app, completed('rejected', 'Polisen kan inte godkänna uppdraget just nu.'));
    expect(ids.map((id) => app.messages.byId.get(id)?.template)).toEqual(['contact-person-rejected', 'contact-person-rejected']);
    await Promise.all(ids.map((id) => app.send.execute(id)));
    const mail = app.mailer.sent[0]!;
    expect(mail.subject).toBe('Besked om uppdraget som kontaktombud – Lilla Edets kommun');
    expect(mail.text).toContain('Tyvärr kan du inte bli kontaktombud just nu.');
    expect(mail.text).toContain('Skälet är: Polisen kan inte godkänna uppdraget just nu.');
    expect(mail.text).toContain('Du är fortfarande med i gruppen som granne.');
    expect(mail.text).toMatch(/Skriv till \S+@\S+, så hjälper vi dig\./);
    expect(app.sms.sent[0]!.message).toMatch(/^Vi har mejlat dig ett besked om uppdraget som kontaktombud\. Frågor: \S+@\S+ \/Lilla Edets kommun$/);
  });

  it('withdrawn (e.g. a step timed out) sends nothing', async () => {
    const app = await known();
    expect(await handle(app, completed('withdrawn', 'Steget police-approval fick inget svar.'))).toEqual([]);
  });

  it('the agreement and the start meeting steps: an email each saying what the step is and that the municipality gets in touch; nothing for staff steps', async () => {
    const app = await known();
    expect(await handle(app, stepRequested('coordinator-check', 'coordinator-review', {}))).toEqual([]);
    const agreement = await handle(app, stepRequested('agreement', 'agreement', { agreementId: 'kontaktombud-overenskommelse', agreementVersion: '2026-1' }));
    const meeting = await handle(app, stepRequested('start-meeting', 'meeting-attendance', { meeting: 'start' }));
    expect([...agreement, ...meeting].map((id) => app.messages.byId.get(id)?.template)).toEqual(['contact-person-agreement-requested', 'contact-person-meeting-requested']);
    for (const id of [...agreement, ...meeting]) expect(await app.send.execute(id)).toBe('sent');
    expect(app.mailer.sent.map((m) => m.subject)).toEqual(['Nästa steg: överenskommelsen för kontaktombud – Lilla Edets kommun', 'Nästa steg: uppstartsmöte för grannsamverkan – Lilla Edets kommun']);
    expect(app.mailer.sent[0]!.text).toContain('Vi hör av oss och går igenom överenskommelsen tillsammans med dig, och du godkänner den då.');
    expect(app.mailer.sent[1]!.text).toContain('ett uppstartsmöte med kommunen och polisen');
    expect(app.mailer.sent[1]!.text).toContain('Vi hör av oss med tid och plats för mötet.');
    expect(app.sms.sent).toHaveLength(0); // steps by email only
  });
});

describe('a member’s steps that wait for them (Trollhättan: the rules, a new group’s information meeting)', () => {
  it('each gets an email saying what the step is and that the municipality gets in touch', async () => {
    const app = wire();
    await handle(app, submitted('sv', 'Åsa'));
    const member = { kind: 'member' as const, id: randomUUID(), personId };
    const step = (stepId: string, stepType: string, parameters: Record<string, unknown>) =>
      event(OnboardingStepRequestedV1, { instanceId: randomUUID(), stepId, stepType, attempt: 1, subject: member, subjectFields: {}, parameters, policeAreaId: null, dueAt: null });
    expect(await handle(app, step('verify-email', 'email-verification', {}))).toEqual([]);
    const ids = [...(await handle(app, step('rules', 'agreement', { agreementId: 'grannsamverkan-regler', agreementVersion: '2026-1' }))), ...(await handle(app, step('information-meeting', 'meeting-attendance', { meeting: 'information' })))];
    for (const id of ids) expect(await app.send.execute(id)).toBe('sent');
    expect(app.mailer.sent.map((m) => m.subject)).toEqual(['Nästa steg: reglerna för grannsamverkan – Trollhättans stad', 'Nästa steg: informationsmöte om grannsamverkan – Trollhättans stad']);
    expect(app.mailer.sent[0]!.text).toContain('Vi hör av oss och går igenom reglerna med dig');
  });
});

describe('a walker (trygghetsvandrare)', () => {
  const volunteerId = '9e1c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e44';
  const walkerPersonId = '4b2c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e55';
  const walker = { kind: 'volunteer' as const, id: volunteerId, personId: walkerPersonId };
  const contactDetails = (changes: Partial<z.infer<typeof VolunteerContactDetailsRecordedV1.payload>> = {}) =>
    event(
      VolunteerContactDetailsRecordedV1,
      { volunteerId, personId: walkerPersonId, occasion: 'sign-up', name: 'Vera Vandrare', email: 'vera@example.se', mobile: '+46701234567', smsOptIn: true, language: 'sv', ...changes },
      'lilla-edet',
    );
  const completed = (outcome: 'approved' | 'rejected' | 'withdrawn', subject: { kind: 'volunteer' | 'contact-person' | 'member'; id: string; personId: string } = walker, reason: string | null = null) =>
    event(OnboardingCompletedV1, { instanceId: randomUUID(), processId: `lilla-edet/${subject.kind}`, processVersion: 1, subject, outcome, decidingStepId: outcome === 'approved' ? null : 'age', reason }, 'lilla-edet');
  const stepRequested = (stepId: string, stepType: string, parameters: Record<string, unknown>, subject: { kind: 'volunteer' | 'contact-person' | 'member'; id: string; personId: string } = walker) =>
    event(OnboardingStepRequestedV1, { instanceId: randomUUID(), stepId, stepType, attempt: 1, subject, subjectFields: {}, parameters, policeAreaId: null, dueAt: null }, 'lilla-edet');
  const sendAll = async (app: ReturnType<typeof wire>, ids: string[]) => Promise.all(ids.map((id) => app.send.execute(id)));

  it('before confirming: stored with name, email and language only (no mobile) and sent one confirmation email with volunteers\' link, nothing by SMS', async () => {
    const app = wire();
    const ids = await handle(app, event(VolunteerSignUpReceivedV1, { volunteerId, personId: walkerPersonId, name: 'Vera Vandrare', email: 'vera@example.se', language: 'en' }, 'lilla-edet'));
    expect(app.recipients.byId.get(walkerPersonId)).toMatchObject({ name: 'Vera Vandrare', email: 'vera@example.se', language: 'en' });
    expect(app.recipients.byId.get(walkerPersonId)?.mobile ?? null).toBeNull();
    expect(ids).toHaveLength(1);
    expect(app.messages.byId.get(ids[0]!)).toMatchObject({ template: 'walker-sign-up-confirmation', channel: 'email', link: 'walker-confirmation' });
    expect(await app.send.execute(ids[0]!)).toBe('sent');
    expect(app.links.requests.at(-1)).toEqual({ kind: 'walker-confirmation', volunteerId });
    const mail = app.mailer.sent[0]!;
    expect(mail).toMatchObject({ to: 'vera@example.se', subject: 'Confirm your sign-up as a safety walker – Lilla Edets kommun', unsubscribeUrl: null });
    expect(mail.text).toContain(`/x/walker-confirmation/${volunteerId}/token`);
    expect(app.sms.sent).toEqual([]);
  });

  it('is stored as a recipient from the contact-details event and gets a sign-up receipt in Swedish with the municipality’s contact', async () => {
    const app = wire();
    const ids = await handle(app, contactDetails());
    expect(app.recipients.byId.get(walkerPersonId)).toMatchObject({ municipalityId: 'lilla-edet', name: 'Vera Vandrare', email: 'vera@example.se', mobile: '+46701234567', smsOptIn: true, language: 'sv' });
    expect(ids).toHaveLength(1);
    expect(await app.send.execute(ids[0]!)).toBe('sent');
    const mail = app.mailer.sent[0]!;
    expect(mail).toMatchObject({ to: 'vera@example.se', subject: 'Tack för din anmälan som trygghetsvandrare – Lilla Edets kommun', unsubscribeUrl: null });
    expect(mail.text).toContain('Hej Vera Vandrare!');
    expect(mail.text).toContain('informationsmöte');
    expect(mail.text).toMatch(/Skriv till \S+@\S+\./);
  });

  it('approved: the walker gets the walker welcome in Swedish by email and, opted in, SMS — not the neighbourhood-watch text', async () => {
    const app = wire();
    await handle(app, contactDetails());
    app.recipients.confirmMobile(walkerPersonId);
    const ids = await handle(app, completed('approved'));
    expect(ids).toHaveLength(2);
    expect((await sendAll(app, ids)).sort()).toEqual(['sent', 'sent']);
    expect(app.messages.byId.get(ids[0]!)?.template).toBe('walker-approved');
    expect(app.mailer.sent[0]!.subject).toBe('Välkommen som trygghetsvandrare – Lilla Edets kommun');
    expect(app.mailer.sent[0]!.text).toContain('Du är godkänd som trygghetsvandrare i Lilla Edets kommun');
    // Both carry the walker's own walk page, issued by volunteers for the outcome's volunteer (link kind walker-walks).
    expect(app.sms.sent[0]!.message).toMatch(new RegExp(`^Välkommen som trygghetsvandrare! Du är godkänd\\. Boka vandringar: \\S+/walker-walks/${volunteerId}/\\S+ /Lilla Edets kommun$`));
    expect(app.mailer.sent[0]!.text).toContain(`/walker-walks/${volunteerId}/`);
    expect(app.links.requests).toContainEqual({ kind: 'walker-walks', volunteerId });
    expect(app.mailer.sent.map((m) => m.subject).filter((s) => /grannsamverkan|kontaktombud/.test(s))).toEqual([]);
  });

  it('approved in English for a walker who chose English', async () => {
    const app = wire();
    await handle(app, contactDetails({ language: 'en', mobile: null, smsOptIn: false }));
    const ids = await handle(app, completed('approved'));
    expect((await sendAll(app, ids)).sort()).toEqual(['sent', 'skipped']);
    expect(app.mailer.sent[0]!.subject).toBe('Welcome as a safety walker – Lilla Edets kommun');
  });

  it('rejected: a kind email with the reason; the SMS only says an email came', async () => {
    const app = wire();
    await handle(app, contactDetails());
    app.recipients.confirmMobile(walkerPersonId);
    const ids = await handle(app, completed('rejected', walker, 'Du behöver ha fyllt 20 år.'));
    await sendAll(app, ids);
    expect(app.messages.byId.get(ids[0]!)?.template).toBe('walker-rejected');
    expect(app.mailer.sent[0]!.subject).toBe('Besked om din anmälan som trygghetsvandrare – Lilla Edets kommun');
    expect(app.mailer.sent[0]!.text).toContain('Skälet är: Du behöver ha fyllt 20 år.');
    expect(app.sms.sent[0]!.message).not.toContain('20 år');
  });

  it('withdrawn sends nothing', async () => {
    const app = wire();
    await handle(app, contactDetails());
    expect(await handle(app, completed('withdrawn'))).toEqual([]);
  });

  it('is told what to do at each step that waits for them: information meeting, record extract, agreement — and nothing for the age check', async () => {
    const app = wire();
    await handle(app, contactDetails());
    expect(await handle(app, stepRequested('age', 'age-check', { minimumAge: 20, field: 'birthYear' }))).toEqual([]);
    const meeting = await handle(app, stepRequested('information-meeting', 'meeting-attendance', { meeting: 'information' }));
    const extract = await handle(app, stepRequested('record-extract', 'document-check', { document: 'police-record-extract' }));
    const agreement = await handle(app, stepRequested('walker-agreement', 'agreement', { agreementId: 'trygghetsvandrare', agreementVersion: '2026-1' }));
    await sendAll(app, [...meeting, ...extract, ...agreement]);
    expect(app.mailer.sent.map((m) => m.subject)).toEqual([
      'Nästa steg: informationsmöte för trygghetsvandrare – Lilla Edets kommun',
      'Nästa steg: visa ett utdrag ur belastningsregistret – Lilla Edets kommun',
      'Nästa steg: överenskommelsen för trygghetsvandrare – Lilla Edets kommun',
    ]);
    expect(app.mailer.sent[1]!.text).toContain('Vi sparar aldrig utdraget');
    expect(app.sms.sent).toHaveLength(0); // steps by email only
  });

  it('steps of a contact person’s or member’s process do not get walker texts', async () => {
    const app = wire();
    await handle(app, event(RegistrationSubmittedV1, { registrationId, personId, name: 'Åsa', email: 'asa@example.se', language: 'sv' }, 'lilla-edet'));
    const ids = [
      ...(await handle(app, stepRequested('agreement', 'agreement', {}, { kind: 'contact-person', id: randomUUID(), personId }))),
      ...(await handle(app, stepRequested('meeting', 'meeting-attendance', { meeting: 'information' }, { kind: 'member', id: randomUUID(), personId }))),
    ];
    expect(ids.map((id) => app.messages.byId.get(id)?.template)).toEqual(['contact-person-agreement-requested', 'member-meeting-requested']);
  });

  it('a person stored in another municipality is not found by its events: the event waits, nothing is sent', async () => {
    const app = wire();
    await handle(app, submitted()); // stored in Trollhättan
    const ids = await handle(app, stepRequested('agreement', 'agreement', {}, { kind: 'contact-person', id: randomUUID(), personId }));
    expect(ids).toEqual([]);
    expect([...app.awaiting.byId.values()].map((a) => a.municipalityId)).toEqual(['lilla-edet']);
  });

  it('erased: the walker leaves the store, queued messages are skipped, and later events send nothing', async () => {
    const app = wire();
    const [receipt] = await handle(app, contactDetails());
    await handle(app, event(VolunteerErasedV1, { volunteerId, personId: walkerPersonId, erasedAt: '2026-06-10T10:00:00Z' }, 'lilla-edet'));
    expect(app.recipients.byId.has(walkerPersonId)).toBe(false);
    expect(app.messages.byId.get(receipt!)?.payload).toBeNull();
    expect(await app.send.execute(receipt!)).toBe('skipped');
    expect(await handle(app, completed('approved'))).toEqual([]);
    expect(app.mailer.sent).toHaveLength(0);
    expect(app.sms.sent).toHaveLength(0);
  });
});

describe('an email change asked for in self-service (issue 13)', () => {
  const changeId = '5a2e9c61-0d4b-4f7e-9c3a-1e2f3a4b5c77';
  const change = (language: 'sv' | 'en' = 'sv') => event(EmailChangeRequestedV1, { changeId, personId, name: 'Åsa Öberg', newEmail: 'ny@example.se', language });

  it('mails the link to the new address and the notice to the old one, each once; the stored address stays', async () => {
    const app = wire();
    await handle(app, submitted());
    const requested = change();
    const ids = await handle(app, requested);
    expect(await handle(app, requested)).toEqual(ids);
    const byTemplate = new Map([...app.messages.byId.values()].filter((m) => m.template.startsWith('email-change')).map((m) => [m.template, m]));
    expect([...byTemplate.keys()].sort()).toEqual(['email-change-confirm', 'email-change-notice']);
    for (const m of byTemplate.values()) expect(await app.send.execute(m.id)).toBe('sent');
    const confirm = app.mailer.sent.find((m) => m.subject.startsWith('Bekräfta din nya e-postadress'))!;
    expect(confirm.to).toBe('ny@example.se');
    expect(confirm.text).toContain('/x/email-change/' + changeId + '/');
    expect(app.links.requests).toContainEqual({ kind: 'email-change', personId, changeId });
    const notice = app.mailer.sent.find((m) => m.subject.startsWith('Din e-postadress håller på att ändras'))!;
    expect(notice.to).toBe('asa@example.se');
    expect(notice.text).not.toContain('ny@example.se');
    expect(app.recipients.byId.get(personId)!.email).toBe('asa@example.se');
  });

  it('in English; a hard bounce of the new address does not mark the stored one', async () => {
    const app = wire();
    await handle(app, submitted('en'));
    await handle(app, change('en'));
    const confirm = [...app.messages.byId.values()].find((m) => m.template === 'email-change-confirm')!;
    app.mailer.failWith = new PermanentDeliveryError('550 5.1.1 <ny@example.se>: no such user', true);
    expect([await app.send.execute(confirm.id), app.messages.byId.get(confirm.id)!.lastError]).toEqual(['bounced', '550 5.1.1 <[email]>: no such user']);
    expect(app.recipients.byId.get(personId)!.emailBouncedAt).toBeNull();
    app.mailer.failWith = undefined;
    const notice = [...app.messages.byId.values()].find((m) => m.template === 'email-change-notice')!;
    expect(await app.send.execute(notice.id)).toBe('sent');
    expect(app.mailer.sent.at(-1)!.subject).toMatch(/^Your email address is being changed/);
  });

  it('after erasure the message to the new address has no address left and is skipped', async () => {
    const app = wire();
    await handle(app, submitted());
    await handle(app, change());
    const confirm = [...app.messages.byId.values()].find((m) => m.template === 'email-change-confirm')!;
    await handle(app, event(ResidentErasedV1, { personId, erasedAt: '2026-06-10T10:00:00Z' }));
    expect(await app.send.execute(confirm.id)).toBe('skipped');
    expect(app.mailer.sent).toHaveLength(0);
  });
});

