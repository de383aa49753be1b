import { type Clock, hashLinkToken, looksLikeLinkToken, systemClock } from '@trygg/values';
import { recordQualifications, type Volunteer, walkerFactsOf } from '../domain/volunteer';
import { book, checkIn, checkOut, unbook, type Walk } from '../domain/walk';
import { LinkRejected, WalkerNotFound, WalkNotFound, WalkRefused } from './errors';
import type { ErasureAudit, LinkSecrets, StaffActor, VolunteerStore, WalkerLinks, WalkRules, WalkStore } from './ports';

/** How long a walker's link to their walks works (in every reminder and notice a fresh one is issued). */
export const WALKER_LINK_VALIDITY_DAYS = 30;
const DAY_MS = 86_400_000;

/** The walker is not active (onboarding not approved, or ended): no link to walks, no booking. */
export class WalkerNotActive extends Error {}

/**
 * The link to a walker's walks, asked for by notifications when it writes to an active walker (`POST /internal/links`
 * with kind `walker-walks`): a fresh random token per call, stored only as its sha256, valid 30 days, many uses. The
 * page is the web's `/<municipality>/trygghetsvandring/pass/<token>`; the same token is the walker's capability at
 * `/walker/:token/walks/:walkId/…` here.
 */
export class IssueWalkerLink {
  constructor(
    private readonly store: VolunteerStore,
    private readonly links: WalkerLinks,
    private readonly secrets: LinkSecrets,
    private readonly webPublicUrl: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(volunteerId: string): Promise<{ url: string; expiresAt: string }> {
    const volunteer = await this.store.findById(volunteerId);
    if (!volunteer || volunteer.status === 'erased') throw new WalkerNotFound(volunteerId);
    if (volunteer.status !== 'active') throw new WalkerNotActive(volunteerId);
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + WALKER_LINK_VALIDITY_DAYS * DAY_MS);
    const token = this.secrets();
    await this.links.insert({ hash: hashLinkToken(token), volunteerId: volunteer.id, municipalityId: volunteer.municipalityId, createdAt: now, expiresAt });
    return { url: `${this.webPublicUrl.replace(/\/+$/, '')}/${volunteer.municipalityId}/trygghetsvandring/pass/${token}`, expiresAt: expiresAt.toISOString() };
  }
}

/** The walker a link names: 404 `token_invalid` (unknown, or the walker is gone), 410 `token_expired`. */
export async function walkerOfLink(token: string, links: WalkerLinks, volunteers: VolunteerStore, now: Date): Promise<Volunteer> {
  if (!looksLikeLinkToken(token)) throw new LinkRejected('token_invalid');
  const link = await links.findByHash(hashLinkToken(token));
  if (!link) throw new LinkRejected('token_invalid');
  if (link.expiresAt.getTime() <= now.getTime()) throw new LinkRejected('token_expired');
  const volunteer = await volunteers.findById(link.volunteerId);
  if (!volunteer || volunteer.status === 'erased' || volunteer.municipalityId !== link.municipalityId) throw new LinkRejected('token_invalid');
  return volunteer;
}

type WalkerAction = 'book' | 'unbook' | 'check-in' | 'check-out';

/**
 * What a walker does with their walks through the link they hold: book, unbook, check in and out. The link names the
 * walker (and their municipality); only an active walker (onboarding approved) may book; every decision is the
 * walk's rules on the latest walk, written as one version-checked document update, so of two walkers taking the
 * last place at once — in one process or two — exactly one gets it and the other is told `walk_full`.
 */
export class WalkerActions {
  constructor(
    private readonly volunteers: VolunteerStore,
    private readonly links: WalkerLinks,
    private readonly walks: WalkStore,
    private readonly rules: WalkRules,
    private readonly clock: Clock = systemClock,
  ) {}

  async act(token: string, walkId: string, action: WalkerAction): Promise<{ walkId: string; status: 'booked' | 'unbooked' | 'checked-in' | 'checked-out' }> {
    const volunteer = await walkerOfLink(token, this.links, this.volunteers, this.clock());
    const municipalityId = volunteer.municipalityId;

    const result = await this.walks.change<Walk | string>(municipalityId, walkId, (current) => {
      const now = this.clock();
      let next: Walk | string;
      if (action === 'book') {
        const rules = this.rules.organisation(municipalityId, current.organisationId);
        const facts = walkerFactsOf(volunteer, this.rules.defaultOrganisation(municipalityId) ?? '');
        if (!rules) next = 'unknown_organisation';
        else if (!facts) next = 'walker_not_active';
        else next = book(current, facts, rules, now);
      } else if (action === 'unbook') next = unbook(current, volunteer.id, now);
      else if (action === 'check-in') next = checkIn(current, volunteer.id, now);
      else next = checkOut(current, volunteer.id, now);
      return typeof next === 'string' ? { result: next } : { next, events: [], result: next };
    });
    if (result === 'not-found') throw new WalkNotFound();
    if (typeof result === 'string') throw new WalkRefused(result);
    const status = ({ book: 'booked', unbook: 'unbooked', 'check-in': 'checked-in', 'check-out': 'checked-out' } as const)[action];
    return { walkId, status };
  }
}

/** The coordinator records a walker's basic training and a guardian's consent (the walks' rules need them); audited. */
export class RecordQualifications {
  constructor(
    private readonly store: VolunteerStore,
    private readonly audit: ErasureAudit,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(actor: StaffActor, volunteerId: string, change: { basicTraining?: boolean | undefined; guardianConsent?: boolean | undefined }, correlationId: string) {
    const municipalityId = actor.scope;
    let erased = false;
    const result = await this.store.change(municipalityId, volunteerId, (current) => {
      const next = recordQualifications(current, change, actor.subject, this.clock());
      erased = next === 'erased';
      return typeof next === 'string' ? 'unchanged' : { next, events: [] };
    });
    if (result === 'not-found' || erased) throw new WalkerNotFound(volunteerId);
    if (result === 'changed') {
      await this.audit.record({ actor, action: 'walker-qualifications-recorded', subject: { kind: 'volunteer', id: volunteerId }, municipalityId, correlationId, details: { ...change } });
    }
    const volunteer = await this.store.findById(volunteerId);
    return { volunteerId, basicTraining: Boolean(volunteer?.qualifications?.basicTrainingAt), guardianConsent: Boolean(volunteer?.qualifications?.guardianConsentAt) };
  }
}
