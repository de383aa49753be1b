import { ContactReachabilityChangedV1, createEvent } from '@trygg/contracts';
import type { AnnounceReachability } from './ports';

/**
 * `notifications.contact-reachability-changed.v1` for a recipient (a person: its id is the personId), caused by
 * `causationId` (the event or message that led to it). Ids only: the address stays here.
 */
export function announceReachability(context: { correlationId: string; causationId: string | null }): AnnounceReachability {
  return (recipient, change) =>
    createEvent(
      ContactReachabilityChangedV1,
      { municipalityId: recipient.municipalityId, correlationId: context.correlationId, causationId: context.causationId },
      { personId: recipient.id, channel: change.channel, reachable: change.reachable, reason: change.reason, changedAt: change.changedAt.toISOString() },
      change.changedAt,
    );
}
