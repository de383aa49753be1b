import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@trygg/audit';
import { createLogger } from '@trygg/observability';
import { createEvent, ResidentErasedV1 } from '@trygg/contracts';
import { wire } from '../../test/fakes';
import { AcknowledgeBroadcast, ReachNotVisible, ViewBroadcastReach } from './broadcast-reach';
import { PreviewTemplate } from './preview-template';
import { type BroadcastCommand, NoRecipients, SendBroadcast } from './send-broadcast';

const groupId = randomUUID();
const sender = { actor: { subject: 'dev#officer', name: 'Olle Polis', role: 'police-officer', scope: 'lilla-edet' }, correlationId: 'c-1' };
const command = (over: Partial<BroadcastCommand> = {}): BroadcastCommand => ({
  subject: 'Inbrott i området',
  body: 'Flera inbrott den här veckan. Håll utkik.',
  category: 'information',
  channels: ['email', 'sms'],
  filter: { groupIds: [groupId] },
  ...over,
});

/** The fakes at 22:30 in Lilla Edet (quiet hours 21–08), with `members` recipients in the group. */
async function setUp(members: number) {
  const app = wire(new Date('2026-06-10T20:30:00Z'));
  const audit: AuditEntry[] = [];
  const log = { record: async (e: AuditEntry) => void audit.push(e) };
  const send = new SendBroadcast(app.catalogue, app.recipients, app.messages, app.broadcasts, app.queue, log, createLogger('test', 'silent'), 7, app.clock);
  for (let i = 0; i < members; i++) {
    const id = randomUUID();
    await app.recipients.upsertContact({ id, municipalityId: 'lilla-edet', name: `M${i}`, email: `${id}@example.se`, mobile: '+46701234567', smsOptIn: true });
    await app.recipients.joinGroup(id, 'lilla-edet', groupId, 'centrum');
  }
  return { app, send, audit };
}

describe('SendBroadcast', () => {
  it('accepts without writing any message, audits the sender, and refuses a broadcast that reaches nobody', async () => {
    const { app, send, audit } = await setUp(3);
    const b = await send.accept('lilla-edet', command(), 'dev#officer', sender);
    expect(b).toMatchObject({ status: 'fanning-out', recipients: 3, messages: 6 });
    expect(app.messages.byId.size).toBe(0);
    expect(audit).toEqual([expect.objectContaining({ action: 'broadcast-sent', actor: sender.actor, subject: { kind: 'broadcast', id: b.id }, details: expect.objectContaining({ recipients: 3, groups: groupId }) })]);
    await expect(send.accept('lilla-edet', command({ filter: { groupIds: [randomUUID()] } }), 'dev#officer', sender)).rejects.toBeInstanceOf(NoRecipients);
    await expect(send.accept('ale', command(), 'dev#officer', sender)).rejects.toBeInstanceOf(NoRecipients); // another municipality's group
  });

  it('fans out in pages, one message per recipient and channel, and a second run (resumed after a crash) duplicates nothing', async () => {
    const { app, send } = await setUp(20); // pages of 7: 7 + 7 + 6
    const b = await send.accept('lilla-edet', command(), 'dev#officer', sender);
    await send.fanOut(b, 'c-1');
    expect(app.messages.byId.size).toBe(40);
    expect(app.queue.jobs.size).toBe(40);
    expect((await app.broadcasts.get('lilla-edet', b.id))).toMatchObject({ status: 'fanned-out', recipients: 20, messages: 40 });
    // The process died before it marked the broadcast done: the next start runs it again.
    app.broadcasts.byId.get(b.id)!.status = 'fanning-out';
    expect(await send.resumeUnfinished()).toBe(1);
    expect(app.messages.byId.size).toBe(40);
    expect(app.queue.jobs.size).toBe(40);
    const perRecipient = new Map<string, number>();
    for (const m of app.messages.byId.values()) perRecipient.set(`${m.recipientId}/${m.channel}`, (perRecipient.get(`${m.recipientId}/${m.channel}`) ?? 0) + 1);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(await send.resumeUnfinished()).toBe(0);
  });

  it('an information SMS waits for the morning; an urgent one goes through quiet hours; email goes at once', async () => {
    const { app, send } = await setUp(1);
    const info = await send.accept('lilla-edet', command(), 'dev#officer', sender);
    await send.fanOut(info, 'c-1');
    const urgent = await send.accept('lilla-edet', command({ category: 'urgent' }), 'dev#officer', sender);
    await send.fanOut(urgent, 'c-2');
    const when = (broadcastId: string, channel: string) => [...app.messages.byId.values()].find((m) => m.broadcastId === broadcastId && m.channel === channel)!.notBefore.toISOString();
    expect(when(info.id, 'sms')).toBe('2026-06-11T06:00:00.000Z');
    expect(when(urgent.id, 'sms')).toBe('2026-06-10T20:30:00.000Z');
    expect(when(info.id, 'email')).toBe('2026-06-10T20:30:00.000Z');
  });
});

describe('the preview of an area message', () => {
  const preview = new PreviewTemplate(wire().catalogue, 'https://trygg.example');

  it('shows the real title and text in the email and the SMS, with the SMS encoding and segments', () => {
    const p = preview.execute('lilla-edet', 'area-message', 'sv', { subject: 'Inbrott på Storgatan', body: 'Håll utkik i kväll.' });
    expect(p.email!.subject).toContain('Inbrott på Storgatan');
    expect(p.email!.text).toContain('Håll utkik i kväll.');
    expect(p.sms!.text).toContain('Håll utkik i kväll.');
    expect(p.sms!.encoding).toBe('GSM-7'); // å ä ö are GSM-7
    expect(p.sms!.segments).toBeGreaterThanOrEqual(1);
    // As sent: the email's "Jag har läst" link before the unsubscribe footer; the SMS carries "Kvittera" only where
    // it costs no extra part.
    expect(p.email!.text).toMatch(/har läst meddelandet: \S+\/lilla-edet\/kvittera\/\S+[\s\S]*Avsluta/);
    const fits = preview.execute('lilla-edet', 'area-message', 'sv', { subject: 'Inbrott', body: 'x'.repeat(60) });
    expect(fits.sms!.text).toContain('Kvittera: ');
    expect(fits.sms!.segments).toBe(2);
    const full = preview.execute('lilla-edet', 'area-message', 'sv', { subject: 'Inbrott', body: 'x'.repeat(150) });
    expect(full.sms!.segments).toBe(2);
    expect(full.sms!.text).not.toContain('Kvittera');
  });

  it('counts UCS-2 segments when the text has a character outside GSM-7, and more segments for a long text', () => {
    const short = preview.execute('lilla-edet', 'area-message', 'sv', { subject: 'Inbrott', body: 'Kort.' }).sms!;
    const emoji = preview.execute('lilla-edet', 'area-message', 'sv', { subject: 'Inbrott', body: 'Kort 🚨.' }).sms!;
    expect(emoji.encoding).toBe('UCS-2');
    expect(emoji.segments).toBeGreaterThan(short.segments);
    const long = preview.execute('lilla-edet', 'area-message', 'sv', { subject: 'Inbrott', body: 'x'.repeat(600) }).sms!;
    expect(long.encoding).toBe('GSM-7');
    expect(long.segments).toBe(Math.ceil(long.units / 153));
  });
});

describe('SendBroadcast: audience, relay, reach and acknowledgements', () => {
  /** Three members in the group; the first is its approved contact person; the third has no email and no mobile. */
  async function relaySetUp() {
    const { app, send } = await setUp(2);
    const [cp, reachable] = [...app.recipients.byId.keys()];
    const unreachable = randomUUID();
    await app.recipients.upsertContact({ id: unreachable, municipalityId: 'lilla-edet', name: 'Utan kontakt' });
    await app.recipients.joinGroup(unreachable, 'lilla-edet', groupId, 'centrum');
    await app.recipients.recordContactPersonFact(cp!, 'lilla-edet', { kind: 'nominated', nominationId: randomUUID(), groupId, areaId: 'centrum' });
    await app.recipients.recordContactPersonFact(cp!, 'lilla-edet', { kind: 'group-activated', groupId, areaId: 'centrum' });
    return { app, send, cp: cp!, reachable: reachable!, unreachable };
  }

  it('contact-persons audience: only the group\'s active contact persons get it', async () => {
    const { app, send, cp } = await relaySetUp();
    const b = await send.accept('lilla-edet', command({ audience: 'contact-persons', channels: ['email'] }), 'dev#officer', sender);
    await send.fanOut(b, 'c-1');
    expect([...app.messages.byId.values()].map((m) => m.recipientId)).toEqual([cp]);
    await expect(send.accept('lilla-edet', command({ audience: 'contact-persons', filter: { groupIds: [randomUUID()] } }), 'dev#officer', sender)).rejects.toBeInstanceOf(NoRecipients);
  });

  it('a relay reaches members directly, gives the contact person the relay link, answers reach per person, and counts an acknowledgement once', async () => {
    const { app, send, cp, reachable, unreachable } = await relaySetUp();
    const b = await send.accept('lilla-edet', command({ delivery: 'relay', channels: ['email'], category: 'urgent' }), 'dev#officer', sender);
    await send.fanOut(b, 'c-1');
    expect(app.messages.byId.size).toBe(3);
    for (const id of app.queue.jobs.keys()) await app.send.execute(id);
    const toCp = app.mailer.sent.find((m) => m.text.includes('/grupp/'))!;
    expect(toCp.text).toContain(`/grupp/${groupId}/utskick/${b.id}`);
    expect(app.mailer.sent).toHaveLength(2); // the household without email gets nothing
    expect(app.links.requests).toEqual([{ kind: 'self-service', personId: cp }]);

    const reach = new ViewBroadcastReach(app.broadcasts, app.recipients, app.messages);
    const stranger = randomUUID();
    const answer = await reach.execute({ municipalityId: 'lilla-edet', broadcastId: b.id, groupId, contactPersonId: cp, personIds: [reachable, unreachable, stranger] });
    expect(answer.people).toEqual([{ personId: reachable, reach: 'reached' }, { personId: unreachable, reach: 'not-reached' }]);
    // Only the group's own contact person may ask, only about a group the message went to.
    await expect(reach.execute({ municipalityId: 'lilla-edet', broadcastId: b.id, groupId, contactPersonId: reachable, personIds: [unreachable] })).rejects.toBeInstanceOf(ReachNotVisible);
    await expect(reach.execute({ municipalityId: 'ale', broadcastId: b.id, groupId, contactPersonId: cp, personIds: [unreachable] })).rejects.toBeInstanceOf(ReachNotVisible);

    const acks = app.acknowledgements;
    const acknowledge = new AcknowledgeBroadcast(app.messages, app.broadcasts, app.recipients, acks, app.clock);
    const token = /\/kvittera\/([A-Za-z0-9_-]+)/.exec(toCp.text)![1]!;
    expect(await acknowledge.execute(token)).toMatchObject({ found: true, firstTime: true, subject: 'Inbrott i området' });
    expect(await acknowledge.execute(token)).toMatchObject({ found: true, firstTime: false });
    expect(await acknowledge.execute('x'.repeat(43))).toEqual({ found: false });
    expect(await acks.counts('lilla-edet', b.id)).toEqual({ total: 1, groups: [{ groupId, count: 1 }] });
    // The token is kept only as its hash.
    expect(JSON.stringify([...app.messages.byId.values()])).not.toContain(token);
    // Erased with the person: their acknowledgement goes.
    await app.facts.execute(createEvent(ResidentErasedV1, { municipalityId: 'lilla-edet', correlationId: 'c-erase' }, { personId: cp, erasedAt: new Date().toISOString() }));
    expect(await acks.counts('lilla-edet', b.id)).toEqual({ total: 0, groups: [] });
  });

  it('a command without audience and delivery (another caller of accept) stays a direct message to members', async () => {
    const { app, send } = await relaySetUp();
    const b = await send.accept('lilla-edet', command({ channels: ['email'] }), 'dev#officer', sender);
    expect(b).toMatchObject({ audience: 'members', delivery: 'direct', recipients: 3 });
    await send.fanOut(b, 'c-1');
    expect([...app.messages.byId.values()].every((m) => m.link === null)).toBe(true);
  });
});
