import type { EventEnvelope } from '@trygg/contracts';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { checkToken, hashToken, looksLikeToken } from '../domain/link-token';
import { dedupeKeyOf, type Language } from '../domain/registration';
import { residentActor } from './audit-actors';
import { Conflict, LinkRejected } from './errors';
import { residentDetailsChanged } from './resident-details-event';
import type { EventContext } from './place-registration';
import type { AuditEntry, LinkTokenStore, RegistrationRepository } from './ports';

/**
 * The link sent to a new email address was opened: the address the person asked for in self-service (CorrectOwnDetails)
 * becomes their address on every live registration, with one resident-details-changed (notifications then mails the
 * new address). The link is single use and valid 3 days; a newer request or a change already made leaves nothing to
 * confirm (token_invalid). Audited, ids only.
 */
export class ConfirmEmailChange {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly tokens: LinkTokenStore,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(input: { municipalityId: string; token: string }, context: EventContext): Promise<{ status: 'changed'; language: Language }> {
    if (!looksLikeToken(input.token)) throw new LinkRejected('token_invalid');
    const hash = hashToken(input.token);
    const token = await this.tokens.findByHash(hash);
    if (!token || token.kind !== 'email-change' || token.municipalityId !== input.municipalityId || !token.changeId) throw new LinkRejected('token_invalid');
    const check = checkToken(token, this.clock());
    if (check !== 'ok') throw new LinkRejected(check);
    const changeId = token.changeId;
    const pending = (await this.registrations.findByPerson(token.municipalityId, token.personId)).filter((r) => r.status !== 'erased' && r.emailChange?.changeId === changeId);
    const email = pending[0]?.emailChange?.email;
    if (!email) throw new LinkRejected('token_invalid');
    for (const registration of pending) {
      const other = await this.registrations.findByDedupeKey(token.municipalityId, dedupeKeyOf(token.municipalityId, email, registration.address));
      if (other && other.id !== registration.id) throw new Conflict('duplicate_registration', 'a registration with this email at this address already exists');
    }
    const now = this.clock();
    if (!(await this.tokens.markUsed(hash, now))) throw new LinkRejected('token_used');

    let language: Language = pending[0]!.language;
    let detailsEvent = false;
    for (const registration of pending) {
      let carries = false;
      await this.registrations.update(token.municipalityId, registration.id, (current) => {
        carries = false;
        if (current.status === 'erased' || current.emailChange?.changeId !== changeId) return null;
        const next = { ...current, email, emailChange: null, dedupeKey: dedupeKeyOf(current.municipalityId, email, current.address) };
        language = next.language;
        const events: EventEnvelope[] = [];
        if (!detailsEvent) {
          carries = true;
          events.push(residentDetailsChanged(next, context.correlationId, now));
        }
        return { next, events };
      });
      if (carries) detailsEvent = true;
    }
    await this.audit.record({
      municipalityId: token.municipalityId,
      actor: residentActor(token.personId, token.municipalityId),
      action: 'email-change-confirmed',
      correlationId: context.correlationId,
      subject: { kind: 'person', id: token.personId },
      details: { registrations: pending.length },
    });
    return { status: 'changed', language };
  }
}
