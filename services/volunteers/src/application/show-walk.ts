import type { VolunteerStore, WalkRules, WalkStore } from './ports';
import { WalkNotFound } from './errors';
import { walkView, type WalkView } from './walks';

export type WalkDetail = WalkView & { walkers: Array<{ volunteerId: string; name: string | null; basicTraining: boolean; guardianConsent: boolean }> };

/**
 * One walk for the coordinator's walk page: the walk as the list shows it, and the walkers it names — booked or in
 * its check-in/out log — with their names (null once erased) and recorded training / guardian consent. Only a walker
 * of the coordinator's own municipality is named.
 */
export class ShowWalk {
  constructor(
    private readonly walks: WalkStore,
    private readonly volunteers: VolunteerStore,
    private readonly rules: WalkRules,
  ) {}

  async execute(municipalityId: string, walkId: string): Promise<WalkDetail> {
    const walk = await this.walks.findById(municipalityId, walkId);
    if (!walk) throw new WalkNotFound();
    const ids = [...new Set([...walk.bookings.map((b) => b.volunteerId), ...walk.log.map((l) => l.volunteerId)])];
    const walkers = await Promise.all(
      ids.map(async (volunteerId) => {
        const v = await this.volunteers.findById(volunteerId);
        const own = v && v.municipalityId === municipalityId ? v : null;
        return { volunteerId, name: own?.name ?? null, basicTraining: !!own?.qualifications?.basicTrainingAt, guardianConsent: !!own?.qualifications?.guardianConsentAt };
      }),
    );
    return { ...walkView(walk, this.rules.organisation(municipalityId, walk.organisationId)), walkers };
  }
}
