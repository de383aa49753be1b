import { randomUUID } from 'node:crypto';
import { createEvent, type EventContract, FindingAssignedV1, RoundParticipantInvitedV1 } from '@trygg/contracts';
import type { z } from 'zod';
import { wire } from '../../test/fakes';
import { LinkUnavailable } from './ports';

// Safety rounds (volunteers): an invited participant and a finding's owner are mailed in their language, with the
// link volunteers issues at send time (`round-participant`, `finding-owner`); they are contacts named by the event
// (`to: { contact: … }`), never announced as people.

function event<C extends EventContract>(contract: C, payload: z.input<C['payload']>) {
  return { ...createEvent(contract, { municipalityId: 'trollhattan', correlationId: 'c-rounds' }, payload), payload: payload as Record<string, string> };
}

const invited = (language: 'sv' | 'en', email = 'gun@example.se') =>
  event(RoundParticipantInvitedV1, {
    roundId: randomUUID(),
    participantId: randomUUID(),
    participant: { name: 'Gun Grann', email, language },
    organisationKind: 'neighbourhood-watch-group',
    district: 'Kronogården',
    plannedDate: '2026-09-10',
    meetingPoint: 'Kronogårdens torg',
    invitedAt: '2026-08-01T10:00:00.000Z',
  });

const assigned = (language: 'sv' | 'en') =>
  event(FindingAssignedV1, {
    findingId: randomUUID(),
    roundId: randomUUID(),
    owner: { email: 'agare@eidar.example', language },
    district: 'Kronogården',
    roundDate: '2026-09-10',
    place: { kind: 'address', address: 'Kronogårdsvägen 12' },
    placeText: 'Kronogårdsvägen 12',
    category: 'lighting',
    description: 'Trasig gatlykta vid gångtunneln',
    responsibleOrganisation: 'Eidar',
    deadline: '2027-03-10',
    assignedAt: '2026-09-12T08:00:00.000Z',
  });

describe('safety round messages', () => {
  it('an invitation: one email (no SMS) to the participant, in Swedish, with the round and their own answer link', async () => {
    const app = wire();
    const e = invited('sv');
    const ids = await app.notify.execute(e);
    expect(ids).toHaveLength(1);
    expect(app.messages.byId.get(ids[0]!)!.channel).toBe('email');
    expect(await app.send.execute(ids[0]!)).toBe('sent');
    const mail = app.mailer.sent[0]!;
    expect(mail.to).toBe('gun@example.se');
    expect(mail.subject).toBe('Inbjudan till trygghetsrond 2026-09-10 – Trollhättans stad');
    expect(mail.text).toContain('Hej Gun Grann!');
    expect(mail.text).toContain('trygghetsrond i Kronogården den 2026-09-10');
    expect(mail.text).toContain('Vi samlas vid Kronogårdens torg.');
    expect(mail.text).toContain(`/round-participant/${e.payload.participantId}/`);
    expect(app.links.requests).toEqual([{ kind: 'round-participant', municipalityId: 'trollhattan', roundId: e.payload.roundId, participantId: e.payload.participantId }]);
  });

  it('an invitation in English; the same event twice sends once', async () => {
    const app = wire();
    const e = invited('en', 'guest@example.se');
    const ids = [...(await app.notify.execute(e)), ...(await app.notify.execute(e))];
    for (const id of new Set(ids)) await app.send.execute(id);
    expect(app.mailer.sent.map((m) => [m.to, m.subject])).toEqual([['guest@example.se', 'Invitation to a safety round on 2026-09-10 – Trollhättans stad']]);
    expect(app.mailer.sent[0]!.text).toContain('Hello Gun Grann,');
  });

  it('an assigned finding: the owner gets the place, description, deadline and the update link of this assignment', async () => {
    const app = wire();
    const e = assigned('sv');
    const [id] = await app.notify.execute(e);
    expect(await app.send.execute(id!)).toBe('sent');
    const mail = app.mailer.sent[0]!;
    expect(mail.to).toBe('agare@eidar.example');
    expect(mail.subject).toBe('Brist från trygghetsronden i Kronogården – åtgärd senast 2027-03-10');
    expect(mail.text).toContain('Plats: Kronogårdsvägen 12');
    expect(mail.text).toContain('Beskrivning: Trasig gatlykta vid gångtunneln');
    expect(mail.text).toContain(`/finding-owner/${e.payload.findingId}/`);
    expect(app.links.requests).toEqual([{ kind: 'finding-owner', municipalityId: 'trollhattan', findingId: e.payload.findingId, assignedAt: '2026-09-12T08:00:00.000Z' }]);
    const english = assigned('en');
    const [enId] = await app.notify.execute(english);
    await app.send.execute(enId!);
    expect(app.mailer.sent[1]!.subject).toBe('A finding from the safety round in Kronogården – to be fixed by 2027-03-10');
  });

  it('an owner link volunteers will not issue (given to someone else since, or closed): the email fails, not retried', async () => {
    const app = wire();
    app.links.failWith = new LinkUnavailable('finding-owner link: 409 reassigned');
    const [id] = await app.notify.execute(assigned('sv'));
    expect(await app.send.execute(id!)).toBe('failed');
    expect(app.mailer.sent).toHaveLength(0);
  });

  it('the contact is a recipient keyed by the address, not a person (nobody is told when it bounces)', async () => {
    const app = wire();
    const [id] = await app.notify.execute(invited('sv', 'Gun@Example.se'));
    const message = app.messages.byId.get(id!)!;
    expect(message.recipientId).toMatch(/^contact\.trollhattan\.[0-9a-f]{32}$/);
    const [again] = await app.notify.execute(invited('sv', 'gun@example.se'));
    expect(app.messages.byId.get(again!)!.recipientId).toBe(message.recipientId);
  });
});
