import { randomUUID } from 'node:crypto';
import {
  createEvent,
  type EventContract,
  GroupActivatedV1,
  MemberJoinedV1,
  OnboardingCompletedV1,
  OnboardingStalledV1,
  OnboardingStepRequestedV1,
  RegistrationSubmittedV1,
  VolunteerContactDetailsRecordedV1,
  VolunteerErasedV1,
} from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import type { z } from 'zod';
import { awaitingId } from '../domain/awaiting';
import { PurgeAwaiting } from './purge-awaiting';
import { wire } from '../../test/fakes';

// Events that address a person notifications has not stored yet wait for that person (Kafka orders only within a
// partition: after a backlog, onboarding's event may come before volunteers' contact details).

const volunteerId = '9e1c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e44';
const walkerPersonId = '4b2c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e55';
const walker = { kind: 'volunteer' as const, id: volunteerId, personId: walkerPersonId };

function event<C extends EventContract>(contract: C, payload: z.input<C['payload']>, municipalityId = 'lilla-edet') {
  return createEvent(contract, { municipalityId, correlationId: 'c-1' }, payload);
}
const contactDetails = () =>
  event(VolunteerContactDetailsRecordedV1, { volunteerId, personId: walkerPersonId, occasion: 'sign-up', name: 'Vera Vandrare', email: 'vera@example.se', mobile: '+46701234567', smsOptIn: true, language: 'sv' });
const approved = () =>
  event(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'lilla-edet/volunteer', processVersion: 1, subject: walker, outcome: 'approved', decidingStepId: null, reason: null });
const meetingRequested = () =>
  event(OnboardingStepRequestedV1, { instanceId: randomUUID(), stepId: 'information-meeting', stepType: 'meeting-attendance', attempt: 1, subject: walker, subjectFields: {}, parameters: { meeting: 'information' }, policeAreaId: null, dueAt: null });

/** What the event handler does: the facts (and what waited for the person), then the rules. */
async function handle(app: ReturnType<typeof wire>, e: ReturnType<typeof event>) {
  const released = await app.facts.execute(e);
  return [...released, ...(await app.notify.execute(e))];
}
const templates = (app: ReturnType<typeof wire>) => [...app.messages.byId.values()].map((m) => `${m.template}/${m.channel}`).sort();

describe('an event for a person notifications has not heard of yet', () => {
  it('sends nothing and parks one awaiting record with the event the rule needs', async () => {
    const app = wire();
    const e = approved();
    expect(await handle(app, e)).toEqual([]);
    expect(app.messages.byId.size).toBe(0);
    expect([...app.awaiting.byId.values()]).toEqual([
      {
        id: awaitingId(e.eventId, 'walker-approved'),
        recipientId: walkerPersonId,
        municipalityId: 'lilla-edet',
        ruleId: 'walker-approved',
        event: { eventId: e.eventId, type: e.type, occurredAt: e.occurredAt, municipalityId: 'lilla-edet', correlationId: 'c-1', causationId: null, payload: e.payload },
        since: app.clock(),
      },
    ]);
  });

  it('runs when the contact details arrive: the walker-approved message is queued once, then the record is gone', async () => {
    const app = wire();
    await handle(app, approved());
    const ids = await handle(app, contactDetails());
    expect(templates(app)).toEqual(['walker-approved/email', 'walker-approved/sms', 'walker-signed-up/email']);
    expect(ids).toHaveLength(3);
    expect([...app.queue.jobs.keys()].sort()).toEqual([...ids].sort());
    expect(app.awaiting.byId.size).toBe(0);
    app.recipients.confirmMobile(walkerPersonId); // the walker typed back the code sent to the number
    const results = await Promise.all(ids.map((id) => app.send.execute(id)));
    expect(results).toEqual(['sent', 'sent', 'sent']);
    const welcome = app.mailer.sent.find((m) => m.subject.startsWith('Välkommen'));
    expect(welcome?.subject).toBe('Välkommen som trygghetsvandrare – Lilla Edets kommun');
    expect(welcome?.text).toContain('Hej Vera Vandrare!');
    expect(app.sms.sent.map((s) => s.message.replace(/http\S+/, '<link>'))).toEqual(['Välkommen som trygghetsvandrare! Du är godkänd. Boka vandringar: <link> /Lilla Edets kommun']);
  });

  it('redelivery of either event still queues the message once', async () => {
    const app = wire();
    const e = approved();
    const details = contactDetails();
    await handle(app, e);
    await handle(app, e); // redelivered before the person is known: the same record
    expect(app.awaiting.byId.size).toBe(1);
    await handle(app, details);
    await handle(app, details); // redelivered contact details: nothing waits any more
    await handle(app, e); // redelivered onboarding event, now the person is known: the same message ids
    expect(templates(app)).toEqual(['walker-approved/email', 'walker-approved/sms', 'walker-signed-up/email']);
    expect(app.queue.jobs.size).toBe(3);
    expect(app.awaiting.byId.size).toBe(0);
  });

  it('a failure while releasing keeps the records; the redelivered contact details run them without a duplicate', async () => {
    const app = wire();
    await handle(app, approved());
    const details = contactDetails();
    const remove = app.awaiting.remove.bind(app.awaiting);
    app.awaiting.remove = () => Promise.reject(new Error('database away'));
    await expect(handle(app, details)).rejects.toThrow('database away');
    expect(app.awaiting.byId.size).toBe(1);
    app.awaiting.remove = remove;
    await handle(app, details);
    expect(templates(app)).toEqual(['walker-approved/email', 'walker-approved/sms', 'walker-signed-up/email']);
    expect(app.awaiting.byId.size).toBe(0);
  });

  it('several waiting events of the person run oldest first, each once', async () => {
    const app = wire();
    await handle(app, meetingRequested());
    await handle(app, approved());
    expect([...app.awaiting.byId.values()].map((r) => r.ruleId)).toEqual(['walker-meeting-requested', 'walker-approved']);
    const ids = await app.facts.execute(contactDetails());
    expect(ids.map((id) => app.messages.byId.get(id)?.template)).toEqual(['walker-meeting-requested', 'walker-approved', 'walker-approved']);
    expect(app.awaiting.byId.size).toBe(0);
  });

  it('runs at once when the person was stored by another consumer between the look-up and the parking', async () => {
    const app = wire();
    const add = app.awaiting.add.bind(app.awaiting);
    app.awaiting.add = async (record) => {
      await add(record);
      // Another consumer writes the contact details and lists the awaiting records before this one existed.
      await app.recipients.upsertContact({ id: walkerPersonId, municipalityId: 'lilla-edet', name: 'Vera Vandrare', email: 'vera@example.se', language: 'sv' });
    };
    const ids = await handle(app, approved());
    expect(ids.map((id) => app.messages.byId.get(id)?.template)).toEqual(['walker-approved', 'walker-approved']);
    expect(app.awaiting.byId.size).toBe(0);
  });

  it('erasure deletes the person’s awaiting records; contact details recorded later do not bring them back', async () => {
    const app = wire();
    await handle(app, approved());
    await handle(app, meetingRequested());
    expect(app.awaiting.byId.size).toBe(2);
    await handle(app, event(VolunteerErasedV1, { volunteerId, personId: walkerPersonId, erasedAt: '2026-06-10T10:00:00Z' }));
    expect(app.awaiting.byId.size).toBe(0);
    await handle(app, contactDetails()); // signs up again
    expect(templates(app)).toEqual(['walker-signed-up/email']);
  });

  it('a record whose rule is gone (the municipality changed its rules) is deleted without sending', async () => {
    const app = wire();
    const e = approved();
    await app.awaiting.add({ id: awaitingId(e.eventId, 'no-such-rule'), recipientId: walkerPersonId, municipalityId: 'lilla-edet', ruleId: 'no-such-rule', event: { ...e, payload: e.payload as Record<string, unknown> }, since: app.clock() });
    expect(await app.facts.execute(contactDetails())).toEqual([]);
    expect(app.messages.byId.size).toBe(0);
    expect(app.awaiting.byId.size).toBe(0);
  });

  it('only the person’s own municipality releases them', async () => {
    const app = wire();
    await handle(app, approved());
    await app.facts.execute(event(RegistrationSubmittedV1, { registrationId: randomUUID(), personId: walkerPersonId, name: 'Vera', email: 'vera@example.se', language: 'sv' }, 'ale'));
    expect(app.awaiting.byId.size).toBe(1);
  });
});

describe('housekeeping of awaiting records', () => {
  it('deletes records older than the bound and keeps younger ones', async () => {
    const app = wire();
    await handle(app, approved());
    const logger = createLogger('test', 'silent');
    const at = (days: number) => () => new Date(app.clock().getTime() + days * 86_400_000);
    expect(await new PurgeAwaiting(app.awaiting, () => app.catalogue.ids(), 7, logger, at(6)).runOnce()).toBe(0);
    expect(app.awaiting.byId.size).toBe(1);
    expect(await app.purgeAwaiting.runOnce()).toBe(0);
    expect(await new PurgeAwaiting(app.awaiting, () => app.catalogue.ids(), 7, logger, at(7.01)).runOnce()).toBe(1);
    expect(app.awaiting.byId.size).toBe(0);
  });
});

describe('rules that do not address one person are not affected', () => {
  it('a mailbox rule sends at once and parks nothing', async () => {
    const app = wire();
    const ids = await handle(app, event(OnboardingStalledV1, { instanceId: randomUUID(), stepId: 'information-meeting', stepType: 'meeting-attendance', attempt: 1, reminder: 1, waitingSince: '2026-06-01T08:00:00+02:00', subject: walker }));
    expect(ids).toHaveLength(1);
    expect(app.awaiting.byId.size).toBe(0);
  });

  it('a group fan-out reaches the members it knows and parks nothing', async () => {
    const app = wire();
    const groupId = randomUUID();
    const member = randomUUID();
    await handle(app, event(RegistrationSubmittedV1, { registrationId: randomUUID(), personId: member, name: 'Mia', email: 'mia@example.se', language: 'sv' }));
    await handle(app, event(MemberJoinedV1, { memberId: randomUUID(), personId: member, groupId, areaId: 'centrum', subjectFields: {} }));
    const ids = await handle(app, event(GroupActivatedV1, { groupId, areaId: 'centrum', contactPersonId: randomUUID(), groupName: 'Solgläntan' }));
    expect(ids.map((id) => app.messages.byId.get(id)?.recipientId)).toEqual([member, member]);
    expect(app.awaiting.byId.size).toBe(0);
  });
});
