import { Conflict, NotFound } from './errors';
import type { EventContext, PlaceRegistration, PlacementView } from './place-registration';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import type { AuditEntry, RegistrationRepository } from './ports';

/** The coordinator places a registration from triage in an area (and a group, or the area's open one), audited. */
export class PlaceFromTriage {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly placer: PlaceRegistration,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(m: string, registrationId: string, target: { areaId: string; groupId: string | null }, staff: StaffMember, context: EventContext): Promise<PlacementView> {
    const registration = await this.registrations.findById(m, registrationId);
    if (!registration) throw new NotFound('registration');
    if (registration.status !== 'confirmed' || registration.placement.kind !== 'triage') throw new Conflict('not_in_triage', 'the registration is not in triage');
    const placement = await this.placer.place(registration, { kind: 'manual', areaId: target.areaId, groupId: target.groupId, actor: staff.name }, context);
    await this.audit.record({
      municipalityId: m,
      actor: staffActor(staff, m),
      action: 'triage-placed',
      subject: { kind: 'registration', id: registrationId },
      correlationId: context.correlationId,
      details: { areaId: target.areaId, groupId: placement.kind === 'placed' ? placement.group.id : null },
    });
    return placement;
  }
}
