import type { SmsProvider, OutgoingSms } from '../application/ports';
import { PermanentDeliveryError } from '../application/ports';

export interface ElksSettings {
  /** e.g. https://api.46elks.com (production) or http://127.0.0.1:1090 (the local SMS gateway). */
  baseUrl: string;
  username: string;
  password: string;
  /** Alphanumeric sender, 3–11 characters, not starting with a digit (validated in config). */
  from: string;
  /** Where the provider POSTs delivery reports; carries the shared secret in the URL. */
  deliveryReportUrl: string | null;
  timeoutMs: number;
}

/**
 * SMS over a 46elks-style HTTP API: form-encoded POST /a1/sms with from/to/message, Basic auth, `dontlog=message`
 * so the text stays out of the provider's history, `whendelivered` for delivery reports.
 * 4xx (bad number, bad sender) → permanent; 5xx, 429, timeouts and network errors → retried.
 */
export class ElksSmsProvider implements SmsProvider {
  constructor(private readonly s: ElksSettings) {}

  async send(sms: OutgoingSms): Promise<{ providerMessageId: string }> {
    const form = new URLSearchParams({ from: this.s.from, to: sms.to, message: sms.message, dontlog: 'message' });
    if (this.s.deliveryReportUrl) form.set('whendelivered', this.s.deliveryReportUrl);
    const res = await fetch(`${this.s.baseUrl.replace(/\/$/, '')}/a1/sms`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${this.s.username}:${this.s.password}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
      signal: AbortSignal.timeout(this.s.timeoutMs),
    });
    const body = await res.text();
    if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
      throw new PermanentDeliveryError(`SMS provider refused (${res.status}): ${body.slice(0, 200)}`);
    }
    if (!res.ok) throw new Error(`SMS provider answered ${res.status}: ${body.slice(0, 200)}`);
    let id: unknown;
    try {
      id = (JSON.parse(body) as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    if (typeof id !== 'string' || !id) throw new Error(`SMS provider answered 2xx without an id: ${body.slice(0, 200)}`);
    return { providerMessageId: id };
  }
}
