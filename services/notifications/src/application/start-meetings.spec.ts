import { randomUUID } from 'node:crypto';
import { createEvent, type EventContract, GroupActivatedV1, MemberJoinedV1, PoliceStartMeetingChangedV1, PoliceStartMeetingScheduledV1 } from '@trygg/contracts';
import { child, instantOf, parseICalendar, property, unescapeText } from '@trygg/testing';
import type { z } from 'zod';
import { wire } from '../../test/fakes';

const groupId = randomUUID();
const meetingId = randomUUID();
const event = <C extends EventContract>(contract: C, payload: z.input<C['payload']>) => createEvent(contract, { municipalityId: 'lilla-edet', correlationId: 'c-1' }, payload);
const meeting = { meetingId, groupId, policeAreaId: 'lpo-lilla-edet', startsAt: '2026-06-17T16:00:00.000Z', endsAt: '2026-06-17T17:30:00.000Z', place: 'Folkets hus, Storgatan 1; sal 2', sequence: 0, proposedBy: 'police' as const };

async function handle(app: ReturnType<typeof wire>, e: ReturnType<typeof event>) {
  await app.facts.execute(e);
  return app.notify.execute(e);
}

/** Two members of the group: Anna with a confirmed mobile and SMS opt-in, Bo with email only. */
async function group(app: ReturnType<typeof wire>) {
  const anna = randomUUID();
  const bo = randomUUID();
  await app.recipients.upsertContact({ id: anna, municipalityId: 'lilla-edet', name: 'Anna', email: 'anna@example.se', mobile: '+46701234567', smsOptIn: true });
  app.recipients.confirmMobile(anna);
  await app.recipients.upsertContact({ id: bo, municipalityId: 'lilla-edet', name: 'Bo', email: 'bo@example.se', mobile: null, smsOptIn: false });
  for (const personId of [anna, bo]) await handle(app, event(MemberJoinedV1, { memberId: randomUUID(), personId, groupId, areaId: 'centrum', subjectFields: {} }));
  return { anna, bo };
}

async function sendAll(app: ReturnType<typeof wire>, ids: string[]) {
  for (const id of ids) await app.send.execute(id);
}

function calendarOf(mail: { attachments?: Array<{ filename: string; content: string; contentType: string }> }) {
  expect(mail.attachments).toHaveLength(1);
  const calendar = parseICalendar(mail.attachments![0]!.content);
  const vevent = child(calendar, 'VEVENT')!;
  return { calendar, vevent, attachment: mail.attachments![0]!, value: (name: string) => property(vevent, name)?.value };
}

describe('start meeting invitations', () => {
  it('mails every member of the group an invitation with a parseable .ics (REQUEST, SEQUENCE 0) and their own RSVP link; SMS only to the opted-in, confirmed number', async () => {
    const app = wire(new Date('2026-06-10T10:00:00Z'));
    const { anna, bo } = await group(app);
    const ids = await handle(app, event(PoliceStartMeetingScheduledV1, meeting));
    expect(ids.map((id) => app.messages.byId.get(id)!).map((m) => [m.recipientId, m.channel, m.template]).sort()).toEqual(
      [
        [anna, 'email', 'start-meeting-invitation'],
        [anna, 'sms', 'start-meeting-invitation-sms'],
        [bo, 'email', 'start-meeting-invitation'],
        [bo, 'sms', 'start-meeting-invitation-sms'],
      ].sort(),
    );
    await sendAll(app, ids);
    expect(app.links.requests.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      [{ kind: 'start-meeting-rsvp', meetingId, personId: anna }, { kind: 'start-meeting-rsvp', meetingId, personId: bo }].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    const mail = app.mailer.sent.find((m) => m.to === 'anna@example.se')!;
    expect(mail.subject).toBe('Inbjudan till uppstartsmöte för grannsamverkan – Lilla Edets kommun');
    expect(mail.text).toContain('När: onsdag 17 juni 2026 kl. 18:00–19:30');
    expect(mail.text).toContain('Var: Folkets hus, Storgatan 1; sal 2');
    expect(mail.text).toContain(`/start-meeting-rsvp/${anna}/`);
    const { calendar, value, attachment } = calendarOf(mail);
    expect(attachment).toMatchObject({ filename: 'uppstartsmote.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST' });
    expect(property(calendar, 'METHOD')?.value).toBe('REQUEST');
    expect(value('UID')).toBe(`${meetingId}@trygg-samverkan`);
    expect(value('SEQUENCE')).toBe('0');
    expect(instantOf(calendar, property(child(calendar, 'VEVENT')!, 'DTSTART')!).toISOString()).toBe(meeting.startsAt);
    expect(instantOf(calendar, property(child(calendar, 'VEVENT')!, 'DTEND')!).toISOString()).toBe(meeting.endsAt);
    expect(unescapeText(value('LOCATION')!)).toBe(meeting.place);
    expect(unescapeText(value('SUMMARY')!)).toBe('Uppstartsmöte grannsamverkan – Lilla Edets kommun');
    // SMS: Anna (opted in, confirmed) only; no .ics, no link in it.
    expect(app.sms.sent).toHaveLength(1);
    expect(app.sms.sent[0]!.message).toBe('Grannsamverkan: uppstartsmöte onsdag 17 juni 2026 kl. 18:00-19:30, Folkets hus, Storgatan 1; sal 2. Inbjudan i din e-post. /Lilla Edets kommun');
    expect(ids.map((id) => app.messages.byId.get(id)!).find((m) => m.recipientId === bo && m.channel === 'sms')!.status).toBe('skipped');
  });

  it('a change sends the same UID with SEQUENCE+1 (REQUEST); a cancellation METHOD:CANCEL, without a link', async () => {
    const app = wire(new Date('2026-06-10T10:00:00Z'));
    await group(app);
    const changed = await handle(app, event(PoliceStartMeetingChangedV1, { ...meeting, place: 'Biblioteket', sequence: 1, status: 'changed' }));
    await sendAll(app, changed);
    const update = calendarOf(app.mailer.sent.find((m) => m.to === 'bo@example.se')!);
    expect(property(update.calendar, 'METHOD')?.value).toBe('REQUEST');
    expect([update.value('UID'), update.value('SEQUENCE'), update.value('LOCATION')]).toEqual([`${meetingId}@trygg-samverkan`, '1', 'Biblioteket']);
    const linksBefore = app.links.requests.length;
    const sentBefore = app.mailer.sent.length;
    const cancelled = await handle(app, event(PoliceStartMeetingChangedV1, { ...meeting, place: 'Biblioteket', sequence: 2, status: 'cancelled' }));
    await sendAll(app, cancelled);
    const mail = app.mailer.sent.slice(sentBefore).find((m) => m.to === 'bo@example.se')!;
    expect(mail.subject).toBe('Uppstartsmötet för grannsamverkan är inställt – Lilla Edets kommun');
    const cancel = calendarOf(mail);
    expect(property(cancel.calendar, 'METHOD')?.value).toBe('CANCEL');
    expect(cancel.attachment.contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
    expect([cancel.value('UID'), cancel.value('SEQUENCE'), cancel.value('STATUS')]).toEqual([`${meetingId}@trygg-samverkan`, '2', 'CANCELLED']);
    expect(app.links.requests.length).toBe(linksBefore);
  });

  it('other mail to the group carries no attachment', async () => {
    const app = wire(new Date('2026-06-10T10:00:00Z'));
    await group(app);
    const ids = await handle(app, event(GroupActivatedV1, { groupId, areaId: 'centrum', contactPersonId: randomUUID(), groupName: 'Solgläntan' }));
    await sendAll(app, ids);
    expect(app.mailer.sent.length).toBeGreaterThan(0);
    expect(app.mailer.sent.every((m) => m.attachments === undefined)).toBe(true);
  });
});
