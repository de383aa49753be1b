import type { Municipality } from '@trygg/municipalities';
import type { MunicipalityNames } from '../application/send-email';

export class StaticMunicipalityNames implements MunicipalityNames {
  constructor(private readonly municipalities: ReadonlyMap<string, Municipality>) {}

  nameOf(municipalityId: string): string {
    return this.municipalities.get(municipalityId)?.name ?? municipalityId;
  }
}
