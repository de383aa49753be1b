import { randomUUID } from 'node:crypto';
import { createEvent, type EventContract, VolunteerContactDetailsRecordedV1, WalkCancelledV1, WalkInvitationDueV1, WalkReminderDueV1, WalkUnderstaffedV1 } from '@trygg/contracts';
import type { z } from 'zod';
import { wire } from '../../test/fakes';

// Walks (volunteers): the coordinator mailbox hears of an understaffed walk; each walker booked on a cancelled walk is
// told — a rule to a list of persons (`to: { persons: payload.bookedPersonIds }`).

function event<C extends EventContract>(contract: C, payload: z.input<C['payload']>) {
  return createEvent(contract, { municipalityId: 'lilla-edet', correlationId: 'c-walks' }, payload);
}

const walk = {
  walkId: randomUUID(),
  seriesId: null,
  organisationId: 'lilla-edets-forsamling',
  startsAt: '2026-06-12T19:00:00.000Z',
  endsAt: '2026-06-12T23:00:00.000Z',
  meetingPoint: 'Lilla Edets station',
  localDate: '2026-06-12',
  localStartTime: '21:00',
  localEndTime: '01:00',
};

async function walker(app: ReturnType<typeof wire>, name: string, language: 'sv' | 'en' = 'sv') {
  const personId = randomUUID();
  await app.facts.execute(event(VolunteerContactDetailsRecordedV1, { volunteerId: randomUUID(), personId, occasion: 'sign-up', name, email: `${name.toLowerCase()}@example.se`, mobile: null, smsOptIn: false, language }));
  return personId;
}

/** A walker with a mobile and SMS chosen; `confirmed`: the number confirmed by code. */
async function smsWalker(app: ReturnType<typeof wire>, name: string, confirmed: boolean) {
  const personId = randomUUID();
  const volunteerId = randomUUID();
  await app.facts.execute(event(VolunteerContactDetailsRecordedV1, { volunteerId, personId, occasion: 'sign-up', name, email: `${name.toLowerCase()}@example.se`, mobile: '+46701234567', smsOptIn: true, language: 'sv' }));
  if (confirmed) app.recipients.confirmMobile(personId);
  return { personId, volunteerId };
}

describe('walk notices', () => {
  it('an understaffed walk: one email to the coordinator mailbox, in Swedish, with the local time and meeting point', async () => {
    const app = wire();
    const ids = await app.notify.execute(event(WalkUnderstaffedV1, { ...walk, bookedWalkers: 1, requiredWalkers: 2, problems: ['too_few_walkers'] }));
    expect(ids).toHaveLength(1);
    expect(await app.send.execute(ids[0]!)).toBe('sent');
    const mail = app.mailer.sent[0]!;
    expect(mail.to).toBe('samordnare@lillaedet.example');
    expect(mail.subject).toBe('För få vandrare 2026-06-12 – Lilla Edets kommun');
    expect(mail.text).toContain('2026-06-12 kl. 21:00–01:00 från Lilla Edets station');
    expect(mail.text).toContain('Bokade: 1 av minst 2.');
  });

  it('a cancelled walk: each booked walker in their language; one not yet known waits and is told when they arrive; nobody twice', async () => {
    const app = wire();
    const [anna, bo] = [await walker(app, 'Anna'), await walker(app, 'Bo', 'en')];
    const later = randomUUID();
    const ids = await app.notify.execute(event(WalkCancelledV1, { ...walk, reason: 'Storm', bookedPersonIds: [anna, bo, later] }));
    expect(ids.map((id) => app.messages.byId.get(id)!).map((m) => [m.recipientId, m.channel])).toEqual([
      [anna, 'email'],
      [anna, 'sms'],
      [bo, 'email'],
      [bo, 'sms'],
    ]);
    for (const id of ids) await app.send.execute(id);
    expect(app.mailer.sent.map((m) => [m.to, m.subject])).toEqual([
      ['anna@example.se', 'Vandringen 2026-06-12 är inställd – Lilla Edets kommun'],
      ['bo@example.se', 'The walk on 2026-06-12 is cancelled – Lilla Edets kommun'],
    ]);
    expect(app.mailer.sent[0]!.text).toContain('Anledning: Storm');
    expect(app.sms.sent).toEqual([]); // no confirmed mobile: no SMS
    expect([...app.awaiting.byId.values()].map((r) => r.recipientId)).toEqual([later]);

    // The third walker's contact details arrive: they are told now, and nobody twice.
    await app.facts.execute(event(VolunteerContactDetailsRecordedV1, { volunteerId: randomUUID(), personId: later, occasion: 'sign-up', name: 'Cia', email: 'cia@example.se', mobile: null, smsOptIn: false, language: 'sv' }));
    const cancellations = [...app.messages.byId.values()].filter((m) => m.template === 'walk-cancelled');
    expect(cancellations.map((m) => m.recipientId).sort()).toEqual([anna, anna, bo, bo, later, later].sort());
    expect(app.awaiting.byId.size).toBe(0);
  });

  it('the day-before reminder: one message — SMS to a confirmed, opted-in mobile, else email — with time, meeting point and the walk page', async () => {
    const app = wire();
    const texted = await smsWalker(app, 'Sara', true);
    const unconfirmed = await smsWalker(app, 'Ulf', false);
    const reminder = (w: { personId: string; volunteerId: string }) => event(WalkReminderDueV1, { ...walk, ...w });
    const first = reminder(texted);
    const [smsId] = await app.notify.execute(first);
    const [emailId] = await app.notify.execute(reminder(unconfirmed));
    expect([app.messages.byId.get(smsId!)!.channel, app.messages.byId.get(emailId!)!.channel]).toEqual(['sms', 'email']);
    expect(app.messages.byId.get(smsId!)!.category).toBe('reminders');
    // The same event again (redelivery): the same message, nothing new.
    expect(await app.notify.execute(first)).toEqual([smsId]);
    expect(app.messages.byId.size).toBe(2);
    await app.send.execute(smsId!);
    await app.send.execute(emailId!);
    expect(app.sms.sent).toHaveLength(1);
    expect(app.sms.sent[0]!.message).toContain('Påminnelse: vandring 2026-06-12 kl. 21:00, samling Lilla Edets station.');
    expect(app.sms.sent[0]!.message).toContain(`/walker-walks/${texted.volunteerId}/`);
    expect(app.mailer.sent.map((m) => [m.to, m.subject])).toEqual([['ulf@example.se', 'Påminnelse: vandring 2026-06-12 kl. 21:00 – Lilla Edets kommun']]);
    expect(app.mailer.sent[0]!.text).toContain(`/walker-walks/${unconfirmed.volunteerId}/`);
    expect(app.links.requests).toEqual([{ kind: 'walker-walks', volunteerId: texted.volunteerId }, { kind: 'walker-walks', volunteerId: unconfirmed.volunteerId }]);
  });

  it('quiet hours: a reminder or invitation SMS made at night waits for the morning; an email goes', async () => {
    const app = wire(new Date('2026-06-10T21:30:00Z')); // 23:30 in Stockholm
    const texted = await smsWalker(app, 'Nora', true);
    const [id] = await app.notify.execute(event(WalkInvitationDueV1, { ...walk, ...texted, placesLeft: 2 }));
    const message = app.messages.byId.get(id!)!;
    expect([message.channel, message.category]).toEqual(['sms', 'information']);
    expect(message.notBefore.getTime()).toBeGreaterThan(Date.parse('2026-06-10T21:30:00Z'));
  });

  it('an invitation to an understaffed walk carries the walk page to book from', async () => {
    const app = wire();
    const personId = await walker(app, 'Ines');
    const volunteerId = randomUUID();
    const [id] = await app.notify.execute(event(WalkInvitationDueV1, { ...walk, personId, volunteerId, placesLeft: 2 }));
    expect(await app.send.execute(id!)).toBe('sent');
    const mail = app.mailer.sent[0]!;
    expect(mail.subject).toBe('Vi behöver fler vandrare 2026-06-12 – Lilla Edets kommun');
    expect(mail.text).toContain(`Boka här: http://127.0.0.1:3000/x/walker-walks/${volunteerId}/`);
  });

  it('a walk volunteers cancelled as unstaffed: its own text, not the coordinator\'s, once per walker', async () => {
    const app = wire();
    const anna = await walker(app, 'Anna');
    const ids = await app.notify.execute(event(WalkCancelledV1, { ...walk, reason: 'unstaffed', cause: 'unstaffed', bookedPersonIds: [anna] }));
    expect(ids.map((id) => app.messages.byId.get(id)!.template)).toEqual(['walk-cancelled-unstaffed', 'walk-cancelled-unstaffed']);
    for (const id of ids) await app.send.execute(id);
    expect(app.mailer.sent).toHaveLength(1);
    expect(app.mailer.sent[0]!.text).toContain('är inställd: det var inte tillräckligt många vandrare bokade');
    expect(app.mailer.sent[0]!.text).not.toContain('Anledning');
  });
});
