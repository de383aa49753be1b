import { createEvent, RegistrationSubmittedV1 } from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import { NotifyRegistrationSubmitted } from './notify-registration-submitted';
import { PermanentDeliveryError } from './ports';
import { SendEmail } from './send-email';
import { InMemoryMessages, InMemoryRecipients, RecordingMailer, RecordingQueue } from './fakes.spec-helpers';

const event = createEvent(
  RegistrationSubmittedV1,
  { municipalityId: 'trollhattan', correlationId: 'c-1' },
  {
    registrationId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11',
    personId: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22',
    name: 'Åsa <Öberg>',
    email: 'asa@example.se',
    language: 'sv',
  },
);

function setup() {
  const recipients = new InMemoryRecipients();
  const messages = new InMemoryMessages();
  const queue = new RecordingQueue();
  const mailer = new RecordingMailer();
  const notify = new NotifyRegistrationSubmitted(recipients, messages, queue);
  const send = new SendEmail(messages, recipients, mailer, { nameOf: () => 'Trollhättans stad' }, createLogger('test', 'silent'));
  return { recipients, messages, queue, mailer, notify, send };
}

describe('a submitted registration', () => {
  it('remembers the recipient and queues exactly one message, however often the event arrives', async () => {
    const { recipients, messages, queue, notify } = setup();
    const first = await notify.execute(event);
    const second = await notify.execute(event);
    expect(second).toBe(first);
    expect(messages.byId.size).toBe(1);
    expect([...queue.ids]).toEqual([first]);
    expect(recipients.byId.get(event.payload.personId)?.email).toBe('asa@example.se');
    expect(messages.byId.get(first)).toMatchObject({ status: 'queued', channel: 'email', template: 'registration-received' });
  });

  it('is mailed once in Swedish, with the name escaped in the HTML and a plain-text part', async () => {
    const { notify, send, mailer, messages } = setup();
    const id = await notify.execute(event);
    expect(await send.execute(id)).toBe('sent');
    expect(await send.execute(id)).toBe('already-done');
    expect(mailer.sent).toHaveLength(1);
    const [mail] = mailer.sent;
    expect(mail!.to).toBe('asa@example.se');
    expect(mail!.subject).toBe('Vi har tagit emot din anmälan till grannsamverkan – Trollhättans stad');
    expect(mail!.text).toContain('Hej Åsa <Öberg>!');
    expect(mail!.html).toContain('Hej Åsa &lt;Öberg&gt;!');
    expect(mail!.html).not.toContain('<Öberg>');
    expect(messages.byId.get(id)?.status).toBe('sent');
  });

  it('goes back to the queue when the SMTP server is away, and is sent on the next attempt', async () => {
    const { notify, send, mailer, messages } = setup();
    const id = await notify.execute(event);
    mailer.failWith = new Error('connect ECONNREFUSED');
    await expect(send.execute(id)).rejects.toThrow('ECONNREFUSED');
    expect(messages.byId.get(id)).toMatchObject({ status: 'queued', lastError: 'connect ECONNREFUSED' });
    mailer.failWith = undefined;
    expect(await send.execute(id)).toBe('sent');
    expect(mailer.sent).toHaveLength(1);
  });

  it('is marked failed, not retried, when the server refuses the address for good', async () => {
    const { notify, send, mailer, messages } = setup();
    const id = await notify.execute(event);
    mailer.failWith = new PermanentDeliveryError('550 no such user');
    expect(await send.execute(id)).toBe('failed');
    expect(messages.byId.get(id)).toMatchObject({ status: 'failed', lastError: '550 no such user' });
  });

  it('is not sent again when an earlier attempt died mid-send (at most once)', async () => {
    const { notify, send, mailer, messages } = setup();
    const id = await notify.execute(event);
    await messages.claimForSending(id, new Date()); // the attempt that died after claiming
    expect(await send.execute(id)).toBe('uncertain');
    expect(mailer.sent).toHaveLength(0);
    expect(messages.byId.get(id)?.status).toBe('uncertain');
  });

  it('is written in English when the resident chose English', async () => {
    const { recipients, messages, queue, send, mailer } = setup();
    const english = { ...event, eventId: '11111111-1111-4111-8111-111111111111', payload: { ...event.payload, language: 'en' as const } };
    const id = await new NotifyRegistrationSubmitted(recipients, messages, queue).execute(english);
    await send.execute(id);
    expect(mailer.sent[0]!.subject).toMatch(/^We have received your neighbourhood watch registration/);
  });
});
