import { randomUUID } from 'node:crypto';
import { createEvent, type EventContract, VolunteerContactDetailsRecordedV1, WalkCancelledV1, WalkUnderstaffedV1 } from '@trygg/contracts';
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
});
