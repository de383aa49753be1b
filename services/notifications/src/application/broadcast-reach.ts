import { type Clock, systemClock } from '@trygg/values';
import { acknowledgementGroups, type Reach, reachOf } from '../domain/broadcast';
import { isContactPersonOf } from '../domain/contact-persons';
import type { Language } from '../domain/template';
import type { AcknowledgementStore, Broadcast, BroadcastStore, MessageStore, RecipientStore } from './ports';
import { hashToken, UnsubscribeLinks } from './unsubscribe-links';

/** The broadcast is not there for this asker (not the municipality's, not to the group, not their group): one answer, 404. */
export class ReachNotVisible extends Error {}

export interface ReachQuestion {
  municipalityId: string;
  broadcastId: string;
  groupId: string;
  contactPersonId: string;
  personIds: string[];
}

/**
 * A contact person's relay page asks which of their group's households an area message reached. Scoped so that a
 * contact person learns about their own group only: the asker must be an active contact person of the group (as
 * notifications knows it from the events), the broadcast must have gone to that group (named, or its area), and only
 * people who are recipients in that group are answered (anyone else asked is left out).
 */
export class ViewBroadcastReach {
  constructor(
    private readonly broadcasts: BroadcastStore,
    private readonly recipients: RecipientStore,
    private readonly messages: MessageStore,
  ) {}

  async execute(q: ReachQuestion): Promise<{ broadcast: Broadcast; people: Array<{ personId: string; reach: Reach }> }> {
    const broadcast = await this.broadcasts.get(q.municipalityId, q.broadcastId);
    if (!broadcast) throw new ReachNotVisible();
    const asker = await this.recipients.get(q.municipalityId, q.contactPersonId);
    if (!asker || !isContactPersonOf(asker, q.groupId)) throw new ReachNotVisible();
    const role = (asker.contactPersonRoles ?? []).find((r) => r.state === 'active' && r.groupId === q.groupId);
    const toGroup = broadcast.filter.groupIds?.includes(q.groupId) || (role?.areaId ? broadcast.filter.areaIds?.includes(role.areaId) : false);
    if (!toGroup) throw new ReachNotVisible();
    const asked = [...new Set(q.personIds)];
    // Read at once: the store coalesces concurrent reads by id into one query.
    const found = await Promise.all(asked.map((id) => this.recipients.get(q.municipalityId, id)));
    const inGroup = asked.filter((_, i) => found[i]?.groupIds.includes(q.groupId));
    const statuses = await this.messages.broadcastStatuses(q.municipalityId, q.broadcastId, inGroup);
    const byPerson = new Map<string, Array<(typeof statuses)[number]['status']>>();
    for (const s of statuses) byPerson.set(s.recipientId, [...(byPerson.get(s.recipientId) ?? []), s.status]);
    return { broadcast, people: inGroup.map((personId) => ({ personId, reach: reachOf(byPerson.get(personId) ?? []) })) };
  }
}

export type AcknowledgeOutcome = { found: false } | { found: true; municipalityId: string; language: Language; subject: string; firstTime: boolean };

/**
 * "Jag har läst": the token (hashed, expiring) names the message that carried it; the acknowledgement is recorded once
 * per recipient and broadcast, whichever of their links is clicked and however often, and counts for the recipient's
 * groups that the broadcast went to.
 */
export class AcknowledgeBroadcast {
  constructor(
    private readonly messages: MessageStore,
    private readonly broadcasts: BroadcastStore,
    private readonly recipients: RecipientStore,
    private readonly acknowledgements: AcknowledgementStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string): Promise<AcknowledgeOutcome> {
    if (!UnsubscribeLinks.isTokenShaped(token)) return { found: false };
    const message = await this.messages.findByAckToken(hashToken(token));
    const now = this.clock();
    if (!message?.ack || !message.broadcastId || message.ack.expiresAt.getTime() <= now.getTime()) return { found: false };
    const broadcast = await this.broadcasts.get(message.municipalityId, message.broadcastId);
    if (!broadcast) return { found: false };
    const recipient = await this.recipients.get(message.municipalityId, message.recipientId);
    const groupIds = recipient ? acknowledgementGroups(recipient, broadcast.filter) : [];
    const firstTime = await this.acknowledgements.record({ municipalityId: message.municipalityId, broadcastId: broadcast.id, recipientId: message.recipientId, groupIds, at: now });
    return { found: true, municipalityId: message.municipalityId, language: message.language, subject: broadcast.subject, firstTime };
  }
}
