import { ContactReachabilityChangedV1, createEvent, parseEvent, RegistrationConfirmedV1, RegistrationSubmittedV1, ResidentDetailsChangedV1, ResidentErasedV1 } from '@trygg/contracts';
import { changeAddress, markBounced } from '../domain/recipient';
import { wire } from '../../test/fakes';
import { PermanentDeliveryError } from './ports';

const personId = '5a0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e44';
const registrationId = '1b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a55';
const ctx = { municipalityId: 'trollhattan', correlationId: 'c-unreach' };

const submitted = () => createEvent(RegistrationSubmittedV1, ctx, { registrationId, personId, name: 'Åsa', email: 'asa@example.se', language: 'sv' });
const confirmed = () => createEvent(RegistrationConfirmedV1, ctx, { registrationId, personId, mobile: '+46701234567', smsOptIn: false });
const detailsChanged = (email: string) =>
  createEvent(ResidentDetailsChangedV1, ctx, { personId, name: 'Åsa', email, mobile: '+46701234567', smsOptIn: false, emailUpdates: true, language: 'sv' });

async function handle(app: ReturnType<typeof wire>, e: ReturnType<typeof createEvent>) {
  await app.facts.execute(e);
  return app.notify.execute(e);
}

/** A person whose welcome email is queued, and the mail server refusing the address for good. */
async function bouncingPerson() {
  const app = wire();
  await handle(app, submitted());
  await handle(app, confirmed());
  app.mailer.failWith = new PermanentDeliveryError('550 5.1.1 no such user', true);
  const queuedEmails = () => [...app.messages.byId.values()].filter((m) => m.channel === 'email' && m.status === 'queued').map((m) => m.id);
  return { app, queuedEmails };
}

describe('contact reachability (stale contacts), told to enrolment through the recipient’s outbox', () => {
  it('a hard bounce writes one contact-reachability-changed event, ids only, with the mark', async () => {
    const { app, queuedEmails } = await bouncingPerson();
    const [welcome] = queuedEmails();
    expect(await app.send.execute(welcome!)).toBe('bounced');
    expect(app.recipients.outbox).toHaveLength(1);
    const event = parseEvent(JSON.parse(JSON.stringify(app.recipients.outbox[0])), ContactReachabilityChangedV1.type);
    expect(event).toMatchObject({
      type: 'notifications.contact-reachability-changed.v1',
      municipalityId: 'trollhattan',
      correlationId: 'c-unreach',
      causationId: welcome,
      payload: { personId, channel: 'email', reachable: false, reason: 'hard-bounce', changedAt: app.clock().toISOString() },
    });
    expect(JSON.stringify(event)).not.toContain('asa@example.se');
    expect(app.recipients.byId.get(personId)?.emailBouncedAt).toEqual(app.clock());
  });

  it('a second bounce of the same address writes nothing (two mails in flight when the address died)', async () => {
    const { app, queuedEmails } = await bouncingPerson();
    const [first, second] = queuedEmails();
    // Both workers load the recipient before either bounce is recorded: both bounce, one event.
    expect(await Promise.all([app.send.execute(first!), app.send.execute(second!)])).toEqual(['bounced', 'bounced']);
    expect(app.recipients.outbox).toHaveLength(1);
    expect(await app.recipients.markEmailBounced(ctx.municipalityId, personId, new Date(), () => { throw new Error('must not announce'); })).toBe(false);
    expect(app.recipients.outbox).toHaveLength(1);
  });

  it('a changed address clears the mark and writes one event saying the person is reachable again', async () => {
    const { app, queuedEmails } = await bouncingPerson();
    await app.send.execute(queuedEmails()[0]!);
    const change = detailsChanged('ny@example.se');
    await handle(app, change);
    expect(app.recipients.byId.get(personId)).toMatchObject({ email: 'ny@example.se', emailBouncedAt: null, bounceSmsSentAt: null });
    expect(app.recipients.outbox.map((e) => e.payload)).toEqual([
      expect.objectContaining({ reachable: false, reason: 'hard-bounce' }),
      expect.objectContaining({ personId, channel: 'email', reachable: true, reason: 'address-changed' }),
    ]);
    expect(app.recipients.outbox[1]).toMatchObject({ causationId: change.eventId, correlationId: 'c-unreach' });
  });

  it('the same address again, or a new address of a person whose mail worked, writes nothing', async () => {
    const { app, queuedEmails } = await bouncingPerson();
    await app.send.execute(queuedEmails()[0]!);
    await handle(app, detailsChanged('asa@example.se'));
    expect(app.recipients.outbox).toHaveLength(1);
    const fresh = wire();
    await handle(fresh, submitted());
    await handle(fresh, detailsChanged('ny@example.se'));
    expect(fresh.recipients.outbox).toHaveLength(0);
  });

  it('an erased person is not announced: the bounce of a message to them finds nobody', async () => {
    const { app, queuedEmails } = await bouncingPerson();
    const [welcome] = queuedEmails();
    await handle(app, createEvent(ResidentErasedV1, ctx, { personId, erasedAt: '2026-06-10T09:00:00Z' }));
    expect(await app.send.execute(welcome!)).toBe('skipped');
    expect(await app.recipients.markEmailBounced(ctx.municipalityId, personId, new Date(), () => { throw new Error('must not announce'); })).toBe(false);
    expect(app.recipients.outbox).toHaveLength(0);
  });
});

describe('the reachability rules (domain)', () => {
  const at = new Date('2026-06-10T10:00:00Z');
  it('marks and announces only the first bounce of a person’s address', () => {
    expect(markBounced({ id: personId, emailBouncedAt: null }, at)).toEqual({ mark: true, announce: { channel: 'email', reachable: false, reason: 'hard-bounce', changedAt: at } });
    expect(markBounced({ id: personId, emailBouncedAt: at }, at)).toEqual({ mark: false, announce: null });
  });
  it('marks a bounced mailbox but tells nobody', () => {
    expect(markBounced({ id: 'mailbox.trollhattan.coordinator.main', emailBouncedAt: null }, at)).toEqual({ mark: true, announce: null });
  });
  it('clears the marks on a new address, announcing only when the old one was marked', () => {
    expect(changeAddress({ id: personId, email: 'a@x.se', emailBouncedAt: at }, 'b@x.se', at)).toEqual({ clearMarks: true, announce: { channel: 'email', reachable: true, reason: 'address-changed', changedAt: at } });
    expect(changeAddress({ id: personId, email: 'a@x.se', emailBouncedAt: null }, 'b@x.se', at)).toEqual({ clearMarks: true, announce: null });
    expect(changeAddress({ id: personId, email: 'a@x.se', emailBouncedAt: at }, 'a@x.se', at)).toEqual({ clearMarks: false, announce: null });
    expect(changeAddress({ id: personId, email: 'a@x.se', emailBouncedAt: at }, undefined, at)).toEqual({ clearMarks: false, announce: null });
  });
});
