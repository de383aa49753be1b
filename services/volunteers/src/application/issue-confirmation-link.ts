import { type Clock, hashLinkToken, systemClock } from '@trygg/values';
import { confirmationLinkExpiry, linkIssued } from '../domain/volunteer';
import { AlreadyConfirmed, WalkerNotFound } from './errors';
import type { ConfirmationLinks, LinkSecrets, VolunteerStore } from './ports';

/**
 * The link of a walker's confirmation email, asked for by notifications when it sends the email
 * (`POST /internal/links`): a fresh random token per call, stored only as its sha256, valid
 * `CONFIRMATION_LINK_VALIDITY_DAYS`; the page is the web's `/<municipality>/trygghetsvandring/bekrafta/<token>`.
 * The walker's `linkExpiresAt` is moved on so the purge never removes a sign-up while a link still works.
 */
export class IssueConfirmationLink {
  constructor(
    private readonly store: VolunteerStore,
    private readonly links: ConfirmationLinks,
    private readonly secrets: LinkSecrets,
    private readonly webPublicUrl: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(volunteerId: string): Promise<{ url: string; expiresAt: string }> {
    const volunteer = await this.store.findById(volunteerId);
    if (!volunteer || volunteer.status === 'erased') throw new WalkerNotFound(volunteerId);
    if (volunteer.status !== 'unconfirmed') throw new AlreadyConfirmed(volunteerId);
    const now = this.clock();
    const expiresAt = confirmationLinkExpiry(now);
    const token = this.secrets();
    // The expiry first: a link that works is never younger than what the purge counts from.
    await this.store.change(volunteer.municipalityId, volunteer.id, (current) => {
      const next = linkIssued(current, expiresAt);
      return next === current ? 'unchanged' : { next, events: [] };
    });
    await this.links.insert({ hash: hashLinkToken(token), volunteerId: volunteer.id, municipalityId: volunteer.municipalityId, createdAt: now, expiresAt, usedAt: null });
    const base = this.webPublicUrl.replace(/\/+$/, '');
    return { url: `${base}/${volunteer.municipalityId}/trygghetsvandring/bekrafta/${token}`, expiresAt: expiresAt.toISOString() };
  }
}
