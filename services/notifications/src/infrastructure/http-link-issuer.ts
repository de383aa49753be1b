import { z } from 'zod';
import { type LinkIssuer, type LinkRequest, LinkUnavailable } from '../application/ports';

const answer = z.object({ url: z.url(), expiresAt: z.string().min(1) });
/** 409 codes after which the link can never be issued (a finding given to another owner, or closed: its owner email is moot). */
const FINAL_CONFLICTS = ['already_confirmed', 'already_answered', 'reassigned', 'finding_closed'];

/**
 * Asks for a link at send time (POST {ENROLMENT_URL}/internal/links; a walker's confirmation link and an active
 * walker's link to their walk page
 * POST {VOLUNTEERS_URL}/internal/links; a member's RSVP link to a start meeting POST {POLICE_LIAISON_URL}/internal/links), as the internal caller `notifications` with its secret
 * INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS (the same for both): secrets never travel in events.
 * 404 not_found / 409 already_confirmed | already_answered → the link can never be issued (LinkUnavailable, not
 * retried); anything else that is not 200 (the service down, 5xx, timeout, 401 from a misconfiguration) is transient
 * and retried with backoff.
 */
export class HttpLinkIssuer implements LinkIssuer {
  constructor(
    private readonly enrolmentUrl: string,
    /** INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS. */
    private readonly secret: string | undefined,
    private readonly timeoutMs = 5000,
    private readonly volunteersUrl = 'http://127.0.0.1:3002',
    private readonly policeLiaisonUrl = 'http://127.0.0.1:3003',
  ) {}

  async issue(request: LinkRequest): Promise<{ url: string; expiresAt: string }> {
    // A configuration gap, not the message's fault: the send is retried and the reason is in the log.
    if (!this.secret) throw new Error('INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS is not configured: cannot ask for links');
    const rounds = request.kind === 'round-participant' || request.kind === 'finding-owner';
    const [service, base] =
      request.kind === 'walker-confirmation' || request.kind === 'walker-walks' || rounds
        ? ['volunteers', this.volunteersUrl]
        : request.kind === 'start-meeting-rsvp'
          ? ['police-liaison', this.policeLiaisonUrl]
          : ['enrolment', this.enrolmentUrl];
    let res: Response;
    try {
      res = await fetch(`${base.replace(/\/$/, '')}/internal/${rounds ? 'round-links' : 'links'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.secret}`, 'x-internal-caller': 'notifications' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new Error(`${service} links unreachable: ${(error as Error).message}`);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const error = (body as { error?: unknown } | undefined)?.error;
    // Only the agreed answers are final; a 404 without them (a service that has no links endpoint yet, a proxy)
    // is retried like any other outage.
    if ((res.status === 404 && error === 'not_found') || (res.status === 409 && typeof error === 'string' && FINAL_CONFLICTS.includes(error))) {
      throw new LinkUnavailable(`${request.kind} link: ${res.status} ${String(error)}`);
    }
    if (res.status !== 200) throw new Error(`${service} links answered ${res.status}`);
    const parsed = answer.safeParse(body);
    if (!parsed.success) throw new Error(`${service} links answered 200 without url/expiresAt`);
    return parsed.data;
  }
}
