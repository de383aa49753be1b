import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { PermanentDeliveryError } from '../application/ports';
import { SmtpMailer } from './smtp-mailer';

// A real SMTP server in the test that answers what each recipient asks for.
const port = 3427;
const received: ParsedMail[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  closeTimeout: 200,
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith('gone@')) return callback(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
    if (address.address.startsWith('busy@')) return callback(Object.assign(new Error('4.2.1 try later'), { responseCode: 451 }));
    callback();
  },
  onData(stream, _session, callback) {
    simpleParser(stream).then((m) => {
      received.push(m);
      callback();
    }, callback);
  },
});

beforeAll(() => new Promise<void>((done) => server.listen(port, '127.0.0.1', done)));
const mailer = new SmtpMailer(`smtp://127.0.0.1:${port}`, 'Trygg <no-reply@trygg.example>');
afterAll(async () => {
  mailer.close();
  await new Promise<void>((done) => server.close(() => done()));
});
const header = (m: ParsedMail, name: string) => m.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
const mail = (to: string, unsubscribeUrl: string | null = null) => ({ to, subject: 'Ämne', text: 'Hej', html: '<p>Hej</p>', messageId: `m${Math.random().toString(16).slice(2)}`, unsubscribeUrl });

describe('email over SMTP', () => {
  it('sends text and HTML with a deterministic Message-ID, and one-click List-Unsubscribe on non-transactional mail', async () => {
    const sent = await mailer.send(mail('anna@ntf.example', 'http://127.0.0.1:3004/unsubscribe/tok'));
    const m = received.at(-1)!;
    expect(sent.providerMessageId).toBe(m.messageId);
    expect(m.text?.trim()).toBe('Hej');
    expect(m.html).toContain('<p>Hej</p>');
    expect(header(m, 'list-unsubscribe')).toMatch(/^<http:\/\/127\.0\.0\.1:3004\/unsubscribe\/tok>/);
    expect(header(m, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  });

  it('adds no List-Unsubscribe to transactional mail', async () => {
    await mailer.send(mail('bo@ntf.example'));
    expect(header(received.at(-1)!, 'list-unsubscribe')).toBeUndefined();
  });

  it('reports a 5xx to the recipient as a hard bounce (permanent), a 4xx as transient', async () => {
    const hard = await mailer.send(mail('gone@ntf.example')).catch((e: Error) => e);
    expect(hard).toBeInstanceOf(PermanentDeliveryError);
    expect((hard as PermanentDeliveryError).bounce).toBe(true);
    expect((hard as Error).message).toMatch(/^550/);
    const soft = await mailer.send(mail('busy@ntf.example')).catch((e: Error) => e);
    expect(soft).toBeInstanceOf(Error);
    expect(soft).not.toBeInstanceOf(PermanentDeliveryError);
  });
});
