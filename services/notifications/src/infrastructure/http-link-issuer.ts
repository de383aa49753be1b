import { z } from 'zod';
import { type LinkIssuer, type LinkRequest, LinkUnavailable } from '../application/ports';

const answer = z.object({ url: z.url(), expiresAt: z.string().min(1) });

/**
 * Asks enrolment for a link at send time (POST {ENROLMENT_URL}/internal/links, x-internal-token): secrets never
 * travel in events. 404/409 → the link can never be issued (LinkUnavailable, not retried); anything else that is
 * not 200 (enrolment down, 5xx, timeout, 401 from a misconfiguration) is transient and retried with backoff.
 */
export class HttpLinkIssuer implements LinkIssuer {
  constructor(
    private readonly enrolmentUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 5000,
  ) {}

  async issue(request: LinkRequest): Promise<{ url: string; expiresAt: string }> {
    let res: Response;
    try {
      res = await fetch(`${this.enrolmentUrl.replace(/\/$/, '')}/internal/links`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-internal-token': this.token },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new Error(`enrolment links unreachable: ${(error as Error).message}`);
    }
    const text = await res.text();
    if (res.status === 404 || res.status === 409) throw new LinkUnavailable(`${request.kind} link: ${res.status} ${text.slice(0, 100)}`);
    if (res.status !== 200) throw new Error(`enrolment links answered ${res.status}`);
    const parsed = answer.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error('enrolment links answered 200 without url/expiresAt');
    return parsed.data;
  }
}
