import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_APPROVAL_TARGET_DAYS, defaultMunicipalitiesDir, type Municipality } from '@trygg/municipalities';
import type { AreaMessageTargets } from '../application/area-messages';
import type { AreaPoliceAreas } from '../application/observations';
import type { ApprovalTargets, PoliceAreaDirectory } from '../application/ports';

/**
 * From municipality.yaml: the first police area listed is the default one; `police.approvalTargetDays` the target. An area of `areas.yaml` may name its own
 * `policeAreaId` (the rule enrolment places groups and nominations by; enrolment validates the file at its start):
 * only that field is read here.
 */
export class MunicipalityPoliceAreas implements PoliceAreaDirectory, ApprovalTargets, AreaPoliceAreas, AreaMessageTargets {
  private readonly areaPoliceAreas = new Map<string, string>();
  /** Each municipality's areas in file order (id and name), for the officer's area messages. */
  private readonly areas = new Map<string, Array<{ id: string; name: string }>>();

  constructor(
    private readonly municipalities: ReadonlyMap<string, Municipality>,
    dir: string = defaultMunicipalitiesDir(),
  ) {
    for (const m of municipalities.values()) {
      const file = join(dir, m.id, 'areas.yaml');
      if (!existsSync(file)) continue;
      const raw = parse(readFileSync(file, 'utf8')) as { areas?: Array<{ id?: unknown; name?: unknown; policeAreaId?: unknown }> } | null;
      const named: Array<{ id: string; name: string }> = [];
      for (const area of raw?.areas ?? []) {
        if (typeof area.id === 'string') named.push({ id: area.id, name: typeof area.name === 'string' ? area.name : area.id });
        if (typeof area.id === 'string' && typeof area.policeAreaId === 'string') this.areaPoliceAreas.set(`${m.id}/${area.id}`, area.policeAreaId);
      }
      this.areas.set(m.id, named);
    }
  }

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

  policeAreaOf(municipalityId: string, areaId: string): string | undefined {
    if (!this.municipalities.has(municipalityId)) return undefined;
    return this.areaPoliceAreas.get(`${municipalityId}/${areaId}`) ?? this.defaultAreaOf(municipalityId);
  }

  areasOf(municipalityId: string): Array<{ id: string; name: string; policeAreaId: string }> | undefined {
    if (!this.municipalities.has(municipalityId)) return undefined;
    return (this.areas.get(municipalityId) ?? []).map((a) => ({ ...a, policeAreaId: this.policeAreaOf(municipalityId, a.id)! }));
  }

  municipalityName(municipalityId: string): string | undefined {
    return this.municipalities.get(municipalityId)?.name;
  }
}
