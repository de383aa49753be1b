import type { Municipality } from '@trygg/municipalities';
import type { MunicipalityDirectory } from '../application/submit-registration';

export class StaticMunicipalityDirectory implements MunicipalityDirectory {
  constructor(private readonly municipalities: ReadonlyMap<string, Municipality>) {}

  exists(municipalityId: string): boolean {
    return this.municipalities.has(municipalityId);
  }
}
