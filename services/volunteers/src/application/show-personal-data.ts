import type { VolunteersPersonalData } from '@trygg/http-contracts';
import type { VolunteerStore } from './ports';

/**
 * "Mina uppgifter" (GDPR Art. 15): the person's walker records — contact details, birth year, organisation, languages,
 * availability, status and its dates. The staff-written status reason is an internal note and is left out; an erased
 * record shows its empty fields and status.
 */
export class ShowPersonalData {
  constructor(private readonly volunteers: Pick<VolunteerStore, 'ofPerson'>) {}

  async execute(municipalityId: string, personId: string): Promise<VolunteersPersonalData> {
    const walkers = await this.volunteers.ofPerson(municipalityId, personId);
    return {
      walkers: walkers.map((v) => ({
        id: v.id,
        name: v.name,
        email: v.email,
        mobile: v.mobile,
        smsOptIn: v.smsOptIn,
        language: v.language,
        birthYear: v.birthYear,
        organisationId: v.organisationId,
        spokenLanguages: v.spokenLanguages ?? [],
        otherLanguages: v.otherLanguages ?? null,
        availability: v.availability ?? [],
        status: v.status,
        signedUpAt: v.signedUpAt,
        decidedAt: v.decidedAt,
      })),
    };
  }
}
