import type { ParsedMail } from 'mailparser';
import type { SMTPServer } from 'smtp-server';
import { child, type ICalComponent, parseICalendar, property } from './icalendar';
import { waitFor } from './wait';

/**
 * TEST ONLY: an SMTP server of the test's own on 127.0.0.1:`port` that keeps every mail whole, attachments included
 * (parsed with mailparser, as the shared mail catcher does — which keeps only the attachments' names and sizes).
 * For tests that read an attachment such as a start meeting's `.ics`: point the sending service's SMTP_URL at `url`.
 */
export class SmtpReceiver {
  readonly received: ParsedMail[] = [];
  private server?: SMTPServer;

  constructor(readonly port: number) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const [{ SMTPServer: Server }, { simpleParser }] = await Promise.all([import('smtp-server'), import('mailparser')]);
    this.server = new Server({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((done, fail) => {
      this.server!.once('error', fail);
      this.server!.listen(this.port, '127.0.0.1', () => done());
    });
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((done) => server.close(() => done()));
  }

  /** The mails with `address` among their To recipients, in the order received. */
  mailsTo(address: string): ParsedMail[] {
    const wanted = address.toLowerCase();
    return this.received.filter((m) => [m.to].flat().some((to) => to?.value.some((a) => a.address?.toLowerCase() === wanted)));
  }

  /** Waits for the first mail to `address` whose subject starts with `subjectStart`. */
  async waitForMail(address: string, subjectStart: string, timeoutMs = 30_000): Promise<ParsedMail> {
    return waitFor(`the mail "${subjectStart}…" to ${address}`, async () => this.mailsTo(address).find((m) => m.subject?.startsWith(subjectStart)), { timeoutMs, intervalMs: 200 });
  }
}

/** The `text/calendar` attachment of a mail, parsed strictly (libs/testing icalendar.ts), with its first VEVENT. */
export function calendarOf(mail: ParsedMail): { filename: string | undefined; calendar: ICalComponent; vevent: ICalComponent; value: (name: string) => string | undefined } {
  const ics = mail.attachments.find((a) => a.contentType === 'text/calendar');
  if (!ics) throw new Error(`no text/calendar attachment in "${mail.subject}"`);
  const calendar = parseICalendar(ics.content.toString('utf8'));
  const vevent = child(calendar, 'VEVENT');
  if (!vevent) throw new Error(`no VEVENT in the calendar of "${mail.subject}"`);
  return { filename: ics.filename, calendar, vevent, value: (name: string) => property(vevent, name)?.value };
}
