import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { mongo } from 'mongoose';
import { ContactPersonNominatedV1, type EventContract, MemberJoinedV1, OnboardingStepCompletedV1, OnboardingStepRequestedV1, RegistrationSubmittedV1 } from '@trygg/contracts';
import { calendarOf, header, instantOf, launchChromium, mongoUrl, property, publishEvent, ServiceProcess, SmtpReceiver, TestIdp, testKafka, testMongo, TopicReader, unescapeText, waitFor } from '@trygg/testing';
import type { z } from 'zod';

// A start meeting through the built services on the shared Kafka and FerretDB: police-liaison learns the group from a
// nomination, notifications its members from member-joined; the officer (signed in at a TestIdp) proposes a meeting
// over HTTP; every member gets the invitation with a calendar file that parses back to the meeting, and answers yes
// from the RSVP link in it; a change sends SEQUENCE 1, a cancellation METHOD:CANCEL.
// The shared mail catcher (deploy/local) keeps only the attachments' names and sizes, so this test receives the mail
// itself on its own SMTP port (libs/testing SmtpReceiver) to read the .ics.
// Ports 4960 (police-liaison), 4961 (notifications), 4962 (SMTP); databases `sm_it_*_<run>`.

const run = randomUUID().slice(0, 8);
const ports = { police: 4960, notifications: 4961, smtp: 4962 };
const db = { police: `sm_it_police_${run}`, notifications: `sm_it_notifications_${run}` };
const linksSecret = `start-meeting-int-links-secret-${run}-0123456789`;
const env = {
  police: {
    MONGO_URL: mongoUrl(db.police),
    CONSUMER_GROUP: `sm-it-police-${run}`,
    CONSUMER_FROM_BEGINNING: 'false',
    WEB_PUBLIC_URL: 'http://web.test',
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: linksSecret,
    LOG_LEVEL: 'info',
  } as Record<string, string>,
  notifications: {
    MONGO_URL: mongoUrl(db.notifications),
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    NOTIFICATIONS_PUBLIC_URL: `http://127.0.0.1:${ports.notifications}`,
    CONSUMER_GROUP: `sm-it-notifications-${run}`,
    CONSUMER_FROM_BEGINNING: 'false',
    QUEUE_PREFIX: `sm-it-${run}`,
    RETRY_BASE_DELAY_MS: '200',
    POLICE_LIAISON_URL: `http://127.0.0.1:${ports.police}`,
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: linksSecret,
    LOG_LEVEL: 'info',
  } as Record<string, string>,
};
const police = new ServiceProcess({ service: 'police-liaison', port: ports.police, env: env.police });
const notifications = new ServiceProcess({ service: 'notifications', port: ports.notifications, env: env.notifications });

const smtp = new SmtpReceiver(ports.smtp);

const settle = { timeoutMs: 30_000, intervalMs: 200 };
const groupId = randomUUID();
const members = [
  { personId: randomUUID(), name: 'Anna Ängsgård', email: `anna-${run}@start-meeting.example` },
  { personId: randomUUID(), name: 'Bo Björk', email: `bo-${run}@start-meeting.example` },
];

async function publish<C extends EventContract>(contract: C, payload: z.input<C['payload']>): Promise<void> {
  await publishEvent(testKafka(), contract, { municipalityId: 'lilla-edet', correlationId: `sm-it-${run}` }, payload);
}

const mailsTo = (address: string) => smtp.mailsTo(address);

describe('a start meeting from the officer to the members\' calendars and back (processes, real Kafka and FerretDB)', () => {
  let idp: TestIdp;
  let client: mongo.MongoClient;

  beforeAll(async () => {
    idp = await TestIdp.start();
    env.police['DEV_IDP_URL'] = idp.url;
    env.notifications['DEV_IDP_URL'] = idp.url;
    client = await testMongo();
    await smtp.start();
    await Promise.all([police.start(), notifications.start()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([police.stop(), notifications.stop()]);
    await smtp.stop();
    await client.db(db.police).dropDatabase();
    await client.db(db.notifications).dropDatabase();
    await client.close();
    await idp.close();
  }, 60_000);

  it('schedule → invitation with a parseable .ics to every member → RSVP yes from the link → change (SEQUENCE 1) → cancel (METHOD:CANCEL)', async () => {
    // The group (police-liaison) and its members (notifications), from enrolment's events.
    await publish(ContactPersonNominatedV1, { nominationId: randomUUID(), personId: members[0]!.personId, groupId, areaId: 'centrum', policeAreaId: 'lpo-trollhattan', subjectFields: { name: members[0]!.name } });
    for (const m of members) {
      await publish(RegistrationSubmittedV1, { registrationId: randomUUID(), personId: m.personId, name: m.name, email: m.email, language: 'sv' });
      await publish(MemberJoinedV1, { memberId: randomUUID(), personId: m.personId, groupId, areaId: 'centrum', subjectFields: {} });
    }
    await waitFor('notifications to know both members of the group', async () => ((await client.db(db.notifications).collection('recipients').countDocuments({ groupIds: groupId })) === 2 ? true : undefined), settle);

    const officer = { 'content-type': 'application/json', ...(await idp.officer('lpo-trollhattan')) };
    const start = new Date(Date.now() + 7 * 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    const end = new Date(start.getTime() + 90 * 60_000);
    const body = { startsAt: start.toISOString(), endsAt: end.toISOString(), place: 'Folkets hus, Storgatan 1; sal 2' };

    // A meeting in the past is refused, naming the field.
    const past = await fetch(`${police.url}/groups/${groupId}/start-meetings`, { method: 'POST', headers: officer, body: JSON.stringify({ ...body, startsAt: '2020-01-01T18:00:00+01:00' }) });
    expect([past.status, ((await past.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field)]).toEqual([400, ['startsAt']]);

    // Proposed once police-liaison has heard of the group (its nomination event may still be on its way).
    const scheduled = await waitFor('the meeting to be scheduled', async () => {
      const res = await fetch(`${police.url}/groups/${groupId}/start-meetings`, { method: 'POST', headers: officer, body: JSON.stringify(body) });
      if (res.status === 404) return undefined;
      expect(res.status).toBe(201);
      return ((await res.json()) as { meeting: { id: string; sequence: number; status: string } }).meeting;
    }, settle);
    expect(scheduled).toMatchObject({ status: 'scheduled', sequence: 0 });

    // Every member's invitation: the calendar file parses back to the meeting.
    for (const m of members) {
      const mail = await waitFor(`the invitation to ${m.name}`, async () => mailsTo(m.email).find((x) => x.subject?.startsWith('Inbjudan till uppstartsmöte')), settle);
      const { filename, calendar, vevent, value } = calendarOf(mail);
      expect(filename).toBe('uppstartsmote.ics');
      expect(property(calendar, 'METHOD')?.value).toBe('REQUEST');
      expect(property(calendar, 'VERSION')?.value).toBe('2.0');
      expect(value('UID')).toBe(`${scheduled.id}@trygg-samverkan`);
      expect(value('SEQUENCE')).toBe('0');
      expect(property(vevent, 'DTSTART')!.params['TZID']).toBe('Europe/Stockholm');
      expect(instantOf(calendar, property(vevent, 'DTSTART')!).toISOString()).toBe(start.toISOString());
      expect(instantOf(calendar, property(vevent, 'DTEND')!).toISOString()).toBe(end.toISOString());
      expect(unescapeText(value('LOCATION')!)).toBe(body.place);
      expect(mail.text).toContain(`Hej ${m.name}!`);
    }
    await screenshotInvitation(members[0]!.email);

    // Anna answers yes from her link (the token in the URL is the whole credential).
    const annaMail = mailsTo(members[0]!.email).find((x) => x.subject?.startsWith('Inbjudan'))!;
    const link = /http:\/\/web\.test\/lilla-edet\/uppstartsmote\/([A-Za-z0-9_-]{43})/.exec(annaMail.text ?? '');
    expect(link).not.toBeNull();
    const token = link![1]!;
    const before = await fetch(`${police.url}/start-meeting-rsvps/${token}`);
    expect(await before.json()).toMatchObject({ municipalityId: 'lilla-edet', place: body.place, status: 'scheduled', answer: null });
    const answered = await fetch(`${police.url}/start-meeting-rsvps/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answer: 'yes' }) });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ answer: 'yes' });
    const listed = (await (await fetch(`${police.url}/groups/${groupId}/start-meetings`, { headers: officer })).json()) as { meetings: Array<{ rsvps: Array<{ personId: string; answer: string }>; invited: number }> };
    expect(listed.meetings[0]!.rsvps).toEqual([expect.objectContaining({ personId: members[0]!.personId, answer: 'yes' })]);
    expect(listed.meetings[0]!.invited).toBe(2);
    // Only the token's hash is stored.
    expect(JSON.stringify(await client.db(db.police).collection('start_meetings').findOne({}))).not.toContain(token);

    // A change: the same UID, SEQUENCE 1.
    const changed = await fetch(`${police.url}/start-meetings/${scheduled.id}`, { method: 'PUT', headers: officer, body: JSON.stringify({ ...body, place: 'Biblioteket' }) });
    expect(changed.status).toBe(200);
    const update = await waitFor('the update to Bo', async () => mailsTo(members[1]!.email).find((x) => x.subject?.startsWith('Uppstartsmötet för grannsamverkan är ändrat')), settle);
    const u = calendarOf(update);
    expect([property(u.calendar, 'METHOD')?.value, u.value('UID'), u.value('SEQUENCE'), u.value('LOCATION')]).toEqual(['REQUEST', `${scheduled.id}@trygg-samverkan`, '1', 'Biblioteket']);

    // A cancellation: METHOD:CANCEL, SEQUENCE 2; the RSVP link stops working.
    expect((await fetch(`${police.url}/start-meetings/${scheduled.id}/cancel`, { method: 'POST', headers: officer })).status).toBe(200);
    const cancellation = await waitFor('the cancellation to Bo', async () => mailsTo(members[1]!.email).find((x) => x.subject?.startsWith('Uppstartsmötet för grannsamverkan är inställt')), settle);
    const c = calendarOf(cancellation);
    expect([property(c.calendar, 'METHOD')?.value, c.value('UID'), c.value('SEQUENCE'), c.value('STATUS')]).toEqual(['CANCEL', `${scheduled.id}@trygg-samverkan`, '2', 'CANCELLED']);
    expect((await fetch(`${police.url}/start-meeting-rsvps/${token}`)).status).toBe(410);

    // Audited in police-liaison's trail, the signed-in officer as actor.
    const trail = await client.db(db.police).collection('audit_trail').find({ 'subject.id': scheduled.id }).sort({ _id: 1 }).toArray();
    expect(trail.map((r) => r['action'])).toEqual(['start-meeting-scheduled', 'start-meeting-rsvp', 'start-meeting-changed', 'start-meeting-cancelled']);
  }, 150_000);

  it('recording who came answers the contact person\'s start-meeting step to onboarding: step-completed from police-liaison, approved, the day as evidence', async () => {
    const group = randomUUID();
    const contact = { nominationId: randomUUID(), personId: randomUUID() };
    const instanceId = randomUUID();
    const answers = await new TopicReader(testKafka(), OnboardingStepCompletedV1.type).start();
    try {
      await publish(ContactPersonNominatedV1, { nominationId: contact.nominationId, personId: contact.personId, groupId: group, areaId: 'centrum', policeAreaId: 'lpo-trollhattan', subjectFields: { name: 'Kim Kontakt' } });
      // What onboarding asks once the earlier steps are done (here published as onboarding would).
      await publish(OnboardingStepRequestedV1, { instanceId, stepId: 'start-meeting', stepType: 'meeting-attendance', attempt: 1, subject: { kind: 'contact-person', id: contact.nominationId, personId: contact.personId }, subjectFields: {}, parameters: { meeting: 'start' }, policeAreaId: null, dueAt: null });
      await waitFor('police-liaison to keep the step', async () => ((await client.db(db.police).collection('meeting_steps').countDocuments({ instanceId, status: 'pending' })) === 1 ? true : undefined), settle);

      const coordinator = { 'content-type': 'application/json', ...(await idp.coordinator('lilla-edet')) };
      // A meeting that begins in two seconds: attendance is refused (409 not_started) until it has begun.
      const startsAt = new Date(Date.now() + 2_000);
      const body = { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), place: 'Kommunhuset' };
      const meeting = await waitFor('the meeting to be scheduled', async () => {
        const res = await fetch(`${police.url}/groups/${group}/start-meetings`, { method: 'POST', headers: coordinator, body: JSON.stringify(body) });
        return res.status === 201 ? ((await res.json()) as { meeting: { id: string } }).meeting : undefined;
      }, settle);
      const held = await waitFor('the attendance to be recorded once the meeting has begun', async () => {
        const res = await fetch(`${police.url}/start-meetings/${meeting.id}/attendance`, { method: 'POST', headers: coordinator, body: JSON.stringify({ personIds: [contact.personId] }) });
        if (res.status === 409) return undefined;
        expect(res.status).toBe(200);
        return ((await res.json()) as { meeting: { status: string; attendance: { heldOn: string } } }).meeting;
      }, settle);
      expect(held.status).toBe('held');

      const answer = await answers.waitFor('the answer to onboarding', (m) => m.value?.toString().includes(instanceId) ?? false);
      expect(header(answer, 'producer')).toBe('police-liaison');
      expect(JSON.parse(answer.value!.toString())).toMatchObject({
        type: 'onboarding.step-completed.v1',
        municipalityId: 'lilla-edet',
        payload: { instanceId, stepId: 'start-meeting', stepType: 'meeting-attendance', attempt: 1, outcome: 'approved', actor: { kind: 'staff' }, evidence: { meetingDate: held.attendance.heldOn } },
      });
      expect(await client.db(db.police).collection('meeting_steps').countDocuments({ instanceId, status: 'answered' })).toBe(1);
    } finally {
      await answers.stop();
    }
  }, 120_000);
});

/**
 * The first member's invitation as a mail program shows it — sender, subject, the calendar attachment, the message —
 * rendered in Chromium at phone width: docs/screenshots/start-meeting-invitation.png (the README shows it).
 */
async function screenshotInvitation(address: string): Promise<void> {
  const mail = mailsTo(address).find((x) => x.subject?.startsWith('Inbjudan till uppstartsmöte'))!;
  const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const body = typeof mail.html === 'string' ? mail.html : `<pre style="white-space:pre-wrap;font:16px/1.5 sans-serif">${escape(mail.text ?? '')}</pre>`;
  const attachments = mail.attachments.map((a) => `<strong>Bilaga:</strong> ${escape(a.filename ?? '')} (${escape(a.contentType)})`).join('<br>');
  const frame = `<!doctype html><html lang="sv"><meta charset="utf-8"><body style="margin:0;font:15px/1.4 sans-serif;overflow-wrap:anywhere">
<div style="padding:12px 16px;background:#f3f2f1;border-bottom:1px solid #b1b4b6">
<div><strong>Från:</strong> ${escape(mail.from?.text ?? '')}</div><div><strong>Ämne:</strong> ${escape(mail.subject ?? '')}</div>
<div style="margin-top:6px">${attachments}</div></div><div style="padding:8px 16px">${body}</div></body></html>`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 700 } });
    await page.setContent(frame);
    const file = join(__dirname, '../../../docs/screenshots/start-meeting-invitation.png');
    mkdirSync(dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await browser.close();
  }
}
