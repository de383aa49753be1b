import type { BraReviewPersonalData, NotificationsPersonalData, OnboardingPersonalData, PoliceLiaisonPersonalData, VolunteersPersonalData } from '@trygg/http-contracts';
import type { SelfServiceView } from './enrolment-api';

/**
 * "Mina uppgifter" shows everything every service holds about the person (GDPR Art. 15). Enrolment's part is the
 * self-service view (the link proves who the person is: enrolment resolves the token to the person id and municipality);
 * the other services answer `GET /internal/personal-data/:personId` with the web's own secret. The id asked for is
 * always the one enrolment resolved, never one from the browser.
 */
export const PERSONAL_DATA_SOURCES = ['notifications', 'onboarding', 'police-liaison', 'bra-review', 'volunteers'] as const;
export type PersonalDataSource = (typeof PERSONAL_DATA_SOURCES)[number];

export interface PersonalDataParts {
  notifications: NotificationsPersonalData;
  onboarding: OnboardingPersonalData;
  'police-liaison': PoliceLiaisonPersonalData;
  'bra-review': BraReviewPersonalData;
  volunteers: VolunteersPersonalData;
}

/** The port to the services' personal-data routes; the adapter is infrastructure/http-personal-data-api.ts. */
export interface PersonalDataApi {
  /** What one service holds; throws when the service cannot be reached, answers an error or something malformed. */
  of<S extends PersonalDataSource>(source: S, municipalityId: string, personId: string): Promise<PersonalDataParts[S]>;
}
export const PERSONAL_DATA_API = Symbol('PERSONAL_DATA_API');

/** The whole export: one JSON document, the same data the page shows. A part that could not be fetched is null and named in `missing`. */
export interface PersonalDataExport {
  exportedAt: string;
  municipalityId: string;
  personId: string;
  enrolment: SelfServiceView;
  notifications: NotificationsPersonalData | null;
  onboarding: OnboardingPersonalData | null;
  policeLiaison: PoliceLiaisonPersonalData | null;
  braReview: BraReviewPersonalData | null;
  volunteers: VolunteersPersonalData | null;
  missing: PersonalDataSource[];
}

/** Asks every service at once for what it holds about the link's person; a service that is down is a missing part, never an error page. */
export class GatherPersonalData {
  constructor(
    private readonly api: PersonalDataApi,
    private readonly onFailure: (source: PersonalDataSource, error: Error) => void = () => undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(enrolment: SelfServiceView): Promise<PersonalDataExport> {
    const { municipalityId, personId } = enrolment;
    const missing: PersonalDataSource[] = [];
    const part = async <S extends PersonalDataSource>(source: S): Promise<PersonalDataParts[S] | null> => {
      try {
        return await this.api.of(source, municipalityId, personId);
      } catch (error) {
        this.onFailure(source, error as Error);
        missing.push(source);
        return null;
      }
    };
    const [notifications, onboarding, policeLiaison, braReview, volunteers] = await Promise.all([part('notifications'), part('onboarding'), part('police-liaison'), part('bra-review'), part('volunteers')]);
    return {
      exportedAt: this.clock().toISOString(),
      municipalityId,
      personId,
      enrolment,
      notifications,
      onboarding,
      policeLiaison,
      braReview,
      volunteers,
      missing: PERSONAL_DATA_SOURCES.filter((s) => missing.includes(s)),
    };
  }
}
