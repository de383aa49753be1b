import { mobileCountryAllowed } from '@trygg/values';
import type { MunicipalityCatalogue } from '../application/ports';
import type { Area } from '../domain/area';
import type { EnrolmentMunicipality } from './municipality-data';

/** The municipalities' enrolment data, read once at start (municipality-data.ts validates it). */
export class StaticMunicipalityCatalogue implements MunicipalityCatalogue {
  constructor(private readonly data: ReadonlyMap<string, EnrolmentMunicipality>) {}

  exists(municipalityId: string): boolean {
    return this.data.has(municipalityId);
  }

  mobileAllowed(municipalityId: string, e164: string): boolean {
    return mobileCountryAllowed(e164, this.data.get(municipalityId)?.municipality.sms.countries ?? ['SE']);
  }

  areas(municipalityId: string): readonly Area[] {
    return this.data.get(municipalityId)?.areas ?? [];
  }

  area(municipalityId: string, areaId: string): Area | undefined {
    return this.areas(municipalityId).find((a) => a.id === areaId);
  }

  retention(municipalityId: string) {
    const found = this.data.get(municipalityId);
    if (!found) throw new Error(`unknown municipality ${municipalityId}`);
    return found.retention;
  }

  activityCheck(municipalityId: string) {
    const found = this.data.get(municipalityId);
    if (!found) throw new Error(`unknown municipality ${municipalityId}`);
    return found.activityCheck;
  }

  municipalityIds(): string[] {
    return [...this.data.keys()];
  }
}
