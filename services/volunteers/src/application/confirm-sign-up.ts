import { createEvent, VolunteerContactDetailsRecordedV1, VolunteerRegisteredV1, VolunteerSignedUpV1 } from '@trygg/contracts';
import { type Clock, hashLinkToken, linkTokenState, looksLikeLinkToken, systemClock } from '@trygg/values';
import { confirmSignUp, type Language, type Volunteer } from '../domain/volunteer';
import { LinkRejected } from './errors';
import type { ConfirmationLinks, VolunteerStore } from './ports';

/**
 * The person opened the link of the confirmation email and confirmed (a POST from the web's confirm page; a GET by a
 * link scanner confirms nothing). Only now is the walker signed up: in the confirmation's single document write,
 * notifications gets the contact details (`volunteer-contact-details-recorded`, with the mobile and SMS choice),
 * onboarding only what the volunteer processes declare (`volunteer-signed-up`, the birth year), contact details first,
 * and anyone who counts walkers the ids and organisation (`volunteer-registered`, no contact details).
 * A link is single use and expires; a second, unused link of an already confirmed sign-up answers `confirmed` and
 * changes nothing.
 *
 * The answer names the person (`personId`, the key notifications files the walker's contact details under) and says
 * whether a mobile number was given with SMS chosen (`mobileToConfirm`): the web then offers to confirm the number by
 * a code, as no SMS goes to an unconfirmed number (services/notifications/README.md).
 */
export class ConfirmSignUp {
  constructor(
    private readonly store: VolunteerStore,
    private readonly links: ConfirmationLinks,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(input: { municipalityId: string; token: string }, correlationId: string): Promise<SignUpConfirmed> {
    if (!looksLikeLinkToken(input.token)) throw new LinkRejected('token_invalid');
    const hash = hashLinkToken(input.token);
    const link = await this.links.findByHash(hash);
    if (!link || link.municipalityId !== input.municipalityId) throw new LinkRejected('token_invalid');
    const check = linkTokenState(link, this.clock());
    if (check !== 'ok') throw new LinkRejected(check);
    let confirmed: Volunteer | null = null;
    let erased = false;
    const result = await this.store.change(link.municipalityId, link.volunteerId, (current) => {
      const now = this.clock();
      const next = confirmSignUp(current, now);
      confirmed = current;
      erased = next === 'erased';
      if (next === 'erased' || next === 'already-confirmed') return 'unchanged';
      return { next, events: signedUpEvents(next, correlationId, now) };
    });
    if (result === 'not-found' || erased || confirmed === null) throw new LinkRejected('token_invalid');
    if (!(await this.links.markUsed(hash, this.clock()))) throw new LinkRejected('token_used');
    const walker = confirmed as Volunteer;
    return { status: 'confirmed', language: walker.language, personId: walker.personId, mobileToConfirm: walker.mobile !== null && walker.smsOptIn };
  }
}

export interface SignUpConfirmed {
  status: 'confirmed';
  language: Language;
  personId: string;
  /** A mobile number was given and SMS chosen: the number still has to be confirmed by a code before any SMS. */
  mobileToConfirm: boolean;
}

/** The walker is signed up: notifications gets the contact details, onboarding only the declared subject fields. */
function signedUpEvents(volunteer: Volunteer, correlationId: string, now: Date) {
  const meta = { municipalityId: volunteer.municipalityId, correlationId };
  const contactDetails = createEvent(
    VolunteerContactDetailsRecordedV1,
    meta,
    {
      volunteerId: volunteer.id,
      personId: volunteer.personId,
      occasion: 'sign-up',
      name: volunteer.name ?? '',
      email: volunteer.email ?? '',
      mobile: volunteer.mobile,
      smsOptIn: volunteer.smsOptIn,
      language: volunteer.language,
    },
    now,
  );
  const signedUp = createEvent(
    VolunteerSignedUpV1,
    meta,
    // Only what the volunteer processes declare (the age check's birth year): data minimisation.
    { volunteerId: volunteer.id, personId: volunteer.personId, organisationId: volunteer.organisationId, subjectFields: { birthYear: volunteer.birthYear ?? 0 } },
    now,
  );
  // Ids only, for the municipality's own systems: who is registered with which organisation.
  const registered = createEvent(
    VolunteerRegisteredV1,
    meta,
    { volunteerId: volunteer.id, personId: volunteer.personId, organisationId: volunteer.organisationId, registeredAt: now.toISOString() },
    now,
  );
  // Contact details first: notifications should know the walker before onboarding's first step request.
  return [contactDetails, signedUp, registered];
}
