import { DEFAULT_APPROVAL_TARGET_DAYS, type Municipality } from '@trygg/municipalities';
import type { ApprovalTargets, PoliceAreaDirectory } from '../application/ports';

/** From municipality.yaml: the first police area listed is the default one; `police.approvalTargetDays` the target. */
export class MunicipalityPoliceAreas implements PoliceAreaDirectory, ApprovalTargets {
  constructor(private readonly municipalities: ReadonlyMap<string, Municipality>) {}

  defaultAreaOf(municipalityId: string): string | undefined {
    return this.municipalities.get(municipalityId)?.policeAreas[0]?.id;
  }

  municipalityIds(): string[] {
    return [...this.municipalities.keys()];
  }

  targetDaysOf(municipalityId: string): number {
    return this.municipalities.get(municipalityId)?.police.approvalTargetDays ?? DEFAULT_APPROVAL_TARGET_DAYS;
  }

  timeZoneOf(municipalityId: string): string {
    return this.municipalities.get(municipalityId)?.timezone ?? 'Europe/Stockholm';
  }
}
