import { Controller, Get, HttpException, HttpStatus, Param } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { onboarding, type ResponseOf } from '@trygg/http-contracts';
import { parseInput } from '@trygg/service-kit';
import { GetProcessStats } from '../application/get-process-stats';
import { MongoDefinitionCatalogue } from '../infrastructure/definition-catalogue';

@Controller('processes')
export class ProcessesController {
  constructor(
    private readonly processStats: GetProcessStats,
    private readonly catalogue: MongoDefinitionCatalogue,
  ) {}

  /** Which processes run (current versions) and which municipalities were refused, with file, path and reason. */
  @Get()
  overview(): ResponseOf<typeof onboarding.listProcesses, 200> {
    return this.catalogue.overview();
  }

  /**
   * Per step of one process version: how many instances wait there and the median time spent in it. The guard
   * answered 403 unless `:municipality` is the signed-in coordinator's (or municipal role's) own.
   */
  @Get(':municipality/:kind/:version/stats')
  async stats(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<ResponseOf<typeof onboarding.processStats, 200>> {
    const { municipality, kind, version } = parseInput(onboarding.processStats.params, params);
    const stats = principal.municipalityIds.includes(municipality) ? await this.processStats.execute(municipality, kind, version) : undefined;
    if (!stats) throw new HttpException({ statusCode: 404, error: 'not_found', message: 'No such process version' }, HttpStatus.NOT_FOUND);
    return stats;
  }
}
