import { Controller, Get, Param, Query } from '@nestjs/common';
import { type BraReviewPersonalData, personalDataParams, personalDataQuery } from '@trygg/http-contracts';
import { parseInput } from '@trygg/service-kit';
import { ShowPersonalData } from '../application/show-personal-data';

/**
 * `GET /internal/personal-data/:personId?municipalityId=`: the person's BRÅ reviews, for the web's "Mina uppgifter"
 * (internal, the web's secret INTERNAL_SECRET_WEB_PERSONAL_DATA, checked by libs/auth's AccessGuard).
 */
@Controller('internal/personal-data')
export class PersonalDataController {
  constructor(private readonly show: ShowPersonalData) {}

  @Get(':personId')
  async personalData(@Param() params: unknown, @Query() query: unknown): Promise<BraReviewPersonalData> {
    const { personId } = parseInput(personalDataParams, params);
    const { municipalityId } = parseInput(personalDataQuery, query);
    return this.show.execute(municipalityId, personId);
  }
}
