import { expiryOf, hashToken, type LinkKind, newTokenSecret } from '../domain/link-token';
import { Conflict, NotFound } from './errors';
import type { Clock, LinkTokenStore, RegistrationRepository } from './ports';

export type LinkRequest = { kind: 'confirmation'; registrationId: string } | { kind: 'self-service'; personId: string };

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
    private readonly tokens: LinkTokenStore,
    private readonly publicBaseUrl: string,
    private readonly clock: Clock = () => new Date(),
    private readonly secret: () => string = newTokenSecret,
  ) {}

  async execute(request: LinkRequest): Promise<IssuedLink> {
    const now = this.clock();
    let municipalityId: string;
    let personId: string;
    let registrationId: string | null = null;
    if (request.kind === 'confirmation') {
      const registration = await this.registrations.findByIdAcrossMunicipalities(request.registrationId);
      if (!registration || registration.status === 'erased') throw new NotFound('registration');
      if (registration.status === 'confirmed') throw new Conflict('already_confirmed');
      ({ municipalityId, personId } = registration);
      registrationId = registration.id;
    } else {
      const [live] = (await this.registrations.findByPersonAcrossMunicipalities(request.personId)).filter((r) => r.status !== 'erased');
      if (!live) throw new NotFound('person');
      municipalityId = live.municipalityId;
      personId = request.personId;
    }
    const token = this.secret();
    const kind: LinkKind = request.kind;
    const expiresAt = expiryOf(kind, now);
    await this.tokens.insert({ hash: hashToken(token), kind, municipalityId, personId, registrationId, createdAt: now, expiresAt, usedAt: null });
    const base = this.publicBaseUrl.replace(/\/+$/, '');
    const path = kind === 'confirmation' ? `grannsamverkan/bekrafta/${token}` : `mina-uppgifter/${token}`;
    return { url: `${base}/${municipalityId}/${path}`, expiresAt: expiresAt.toISOString() };
  }
}
