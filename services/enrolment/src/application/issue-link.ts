import { expiryOf, hashToken, type LinkKind } from '../domain/link-token';
import { Conflict, NotFound } from './errors';
import { type Clock, systemClock } from '@trygg/values';
import type { GroupRepository, LinkSecretGenerator, LinkTokenStore, RegistrationRepository } from './ports';

export type LinkRequest =
  | { kind: 'confirmation'; registrationId: string }
  | { kind: 'self-service'; personId: string }
  | { kind: 'activity-check'; checkId: string }
  | { kind: 'email-change'; personId: string; changeId: string };

export interface IssuedLink {
  url: string;
  expiresAt: string;
}

/**
 * Issues the links notifications puts in emails (cross-team agreement, API.md): a fresh random token per call,
 * stored only as its sha256. The token itself never travels in events and is never stored.
 */
export class IssueLink {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly secret: LinkSecretGenerator,
    private readonly webPublicUrl: string,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(request: LinkRequest): Promise<IssuedLink> {
    const now = this.clock();
    let municipalityId: string;
    let personId: string;
    let registrationId: string | null = null;
    let groupId: string | null = null;
    let checkId: string | null = null;
    let changeId: string | null = null;
    if (request.kind === 'activity-check') {
      const group = await this.groups.findByActivityCheckAcrossMunicipalities(request.checkId);
      const check = group?.activityCheck;
      if (!group || !check || check.checkId !== request.checkId || group.contactPersonId === null) throw new NotFound('activity check');
      if (check.answeredAt !== null) throw new Conflict('already_answered');
      ({ municipalityId } = group);
      personId = group.contactPersonId;
      groupId = group.id;
      checkId = check.checkId;
    } else if (request.kind === 'confirmation') {
      const registration = await this.registrations.findByIdAcrossMunicipalities(request.registrationId);
      if (!registration || registration.status === 'erased') throw new NotFound('registration');
      if (registration.status === 'confirmed') throw new Conflict('already_confirmed');
      ({ municipalityId, personId } = registration);
      registrationId = registration.id;
    } else if (request.kind === 'email-change') {
      // Only for the change still pending (a newer request replaces it) and not yet expired.
      const [pending] = (await this.registrations.findByPersonAcrossMunicipalities(request.personId)).filter(
        (r) => r.status !== 'erased' && r.emailChange?.changeId === request.changeId && r.emailChange.expiresAt.getTime() > now.getTime(),
      );
      if (!pending) throw new NotFound('email change');
      municipalityId = pending.municipalityId;
      personId = request.personId;
      changeId = request.changeId;
    } else {
      const [live] = (await this.registrations.findByPersonAcrossMunicipalities(request.personId)).filter((r) => r.status !== 'erased');
      if (!live) throw new NotFound('person');
      municipalityId = live.municipalityId;
      personId = request.personId;
    }
    const token = this.secret();
    const kind: LinkKind = request.kind;
    const expiresAt = expiryOf(kind, now);
    await this.tokens.insert({ hash: hashToken(token), kind, municipalityId, personId, registrationId, groupId, checkId, ...(changeId ? { changeId } : {}), createdAt: now, expiresAt, usedAt: null });
    const base = this.webPublicUrl.replace(/\/+$/, '');
    const paths: Record<LinkKind, string> = {
      confirmation: `grannsamverkan/bekrafta/${token}`,
      'self-service': `mina-uppgifter/${token}`,
      'activity-check': `grannsamverkan/aktiv/${token}`,
      'email-change': `ny-e-post/${token}`,
    };
    const path = paths[kind];
    return { url: `${base}/${municipalityId}/${path}`, expiresAt: expiresAt.toISOString() };
  }
}
