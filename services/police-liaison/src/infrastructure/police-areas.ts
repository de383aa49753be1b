import type { Municipality } from '@trygg/municipalities';
import type { PoliceAreaDirectory } from '../application/ports';

/** From municipality.yaml: the first police area listed is the default one. */
export class MunicipalityPoliceAreas implements PoliceAreaDirectory {
  constructor(private readonly municipalities: ReadonlyMap<string, Municipality>) {}

  defaultAreaOf(municipalityId: string): string | undefined {
    return this.municipalities.get(municipalityId)?.policeAreas[0]?.id;
  }
}
