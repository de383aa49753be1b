import { waitFor } from './wait';

export interface CaughtMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  date: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Reads what the local SMTP server (deploy/local/mail-catcher) received. */
export class MailCatcherClient {
  constructor(readonly baseUrl = process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080') {}

  async messagesTo(address: string): Promise<CaughtMail[]> {
    const res = await fetch(`${this.baseUrl}/api/messages?to=${encodeURIComponent(address)}`);
    if (!res.ok) throw new Error(`mail catcher answered ${res.status}`);
    return (await res.json()) as CaughtMail[];
  }

  async waitForMailTo(address: string, timeoutMs = 30_000): Promise<CaughtMail> {
    return waitFor(`a mail to ${address}`, async () => (await this.messagesTo(address))[0], { timeoutMs, intervalMs: 200 });
  }
}
