import type { Group } from '../domain/group';
import { checkToken, hashToken, type LinkToken, looksLikeToken } from '../domain/link-token';
import { LinkRejected } from './errors';
import type { Clock } from '@trygg/values';
import type { GroupRepository, LinkTokenStore } from './ports';

/**
 * The activity-check link of the contact person's email (token kind activity-check; valid 30 days; single use):
 * its token, the group and the check it answers (404 token_invalid / 410 token_expired, token_used).
 */
export async function resolveActivityCheckLink(
  municipalityId: string,
  raw: string,
  ports: { groups: GroupRepository; tokens: LinkTokenStore; clock: Clock },
): Promise<{ hash: string; token: LinkToken; group: Group }> {
  if (!looksLikeToken(raw)) throw new LinkRejected('token_invalid');
  const hash = hashToken(raw);
  const token = await ports.tokens.findByHash(hash);
  if (!token || token.kind !== 'activity-check' || token.municipalityId !== municipalityId || !token.groupId) throw new LinkRejected('token_invalid');
  const check = checkToken(token, ports.clock());
  if (check !== 'ok') throw new LinkRejected(check);
  const group = await ports.groups.findById(municipalityId, token.groupId);
  if (!group || group.activityCheck?.checkId !== token.checkId) throw new LinkRejected('token_invalid');
  return { hash, token, group };
}
