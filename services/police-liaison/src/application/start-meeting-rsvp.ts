import { randomBytes } from 'node:crypto';
import { hashLinkToken, looksLikeLinkToken, type Clock, systemClock } from '@trygg/values';
import { answer, invitationOf, invite, type MeetingStatus, type RsvpAnswer, type StartMeeting } from '../domain/start-meeting';
import type { DecisionAudit } from './ports';
import type { MeetingStore } from './start-meeting-ports';

/** The link is unknown (404). */
export class RsvpLinkUnknown extends Error {}
/** The link's meeting has ended or was cancelled (410). */
export class RsvpLinkExpired extends Error {}
/** notifications asked for a link to a meeting that is unknown, cancelled or held: it can never be issued (404 not_found). */
export class RsvpMeetingUnavailable extends Error {}

export interface RsvpView {
  municipalityId: string;
  startsAt: string;
  endsAt: string;
  place: string;
  status: MeetingStatus;
  answer: RsvpAnswer | null;
}

/**
 * The members' yes/no. Notifications asks for a person's link when it sends the invitation (secrets never travel in
 * events): a fresh random token (32 bytes, base64url), only its SHA-256 stored on the meeting, valid until the meeting
 * ends (libs/values' link-token rule). Whoever holds the link answers for that person; a later answer replaces theirs.
 */
export class StartMeetingRsvp {
  constructor(
    private readonly meetings: MeetingStore,
    private readonly audit: DecisionAudit,
    private readonly webPublicUrl: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async issueLink(meetingId: string, personId: string): Promise<{ url: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const issued = await this.meetings.change(meetingId, (current) => {
      if (current.status === 'cancelled' || current.status === 'held' || Date.parse(current.endsAt) <= this.clock().getTime()) return { result: null };
      const next = invite(current, personId, hashLinkToken(token));
      return { meeting: next, events: [], result: next };
    });
    if (!issued) throw new RsvpMeetingUnavailable(`no open start meeting ${meetingId}`);
    return { url: `${this.webPublicUrl.replace(/\/$/, '')}/${issued.municipalityId}/uppstartsmote/${token}`, expiresAt: issued.endsAt };
  }

  async describe(token: string): Promise<RsvpView> {
    const { meeting, personId } = await this.open(token);
    return view(meeting, personId);
  }

  async answer(token: string, rsvp: RsvpAnswer, correlationId: string): Promise<RsvpView> {
    const { meeting, personId, tokenHash } = await this.open(token);
    const now = this.clock();
    const answered = await this.meetings.change(meeting.id, (current) => {
      if (!invitationOf(current, tokenHash)) return { result: undefined };
      const next = answer(current, personId, rsvp, now);
      return { meeting: next, events: [], result: next };
    });
    if (!answered) throw new RsvpLinkUnknown('unknown link');
    await this.audit.record({
      actor: { subject: `person:${personId}`, name: 'member', role: 'member', scope: answered.municipalityId },
      action: 'start-meeting-rsvp',
      subject: { kind: 'start-meeting', id: answered.id },
      municipalityId: answered.municipalityId,
      policeAreaId: answered.policeAreaId,
      correlationId,
      details: { answer: rsvp },
    });
    return view(answered, personId);
  }

  private async open(token: string): Promise<{ meeting: StartMeeting; personId: string; tokenHash: string }> {
    if (!looksLikeLinkToken(token)) throw new RsvpLinkUnknown('unknown link');
    const tokenHash = hashLinkToken(token);
    const meeting = await this.meetings.byTokenHash(tokenHash);
    const invitation = meeting ? invitationOf(meeting, tokenHash) : undefined;
    if (!meeting || !invitation) throw new RsvpLinkUnknown('unknown link');
    const now = this.clock();
    if (meeting.status === 'cancelled' || meeting.status === 'held' || Date.parse(invitation.expiresAt) <= now.getTime()) throw new RsvpLinkExpired('the meeting has ended or was cancelled');
    return { meeting, personId: invitation.personId, tokenHash };
  }
}

function view(meeting: StartMeeting, personId: string): RsvpView {
  return { municipalityId: meeting.municipalityId, startsAt: meeting.startsAt, endsAt: meeting.endsAt, place: meeting.place, status: meeting.status, answer: meeting.rsvps[personId]?.answer ?? null };
}
