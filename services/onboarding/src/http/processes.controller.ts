import { Controller, Get, HttpException, HttpStatus, Param, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { municipalityIdSchema, subjectKindSchema } from '@trygg/contracts';
import { parseInput } from '@trygg/service-kit';
import { GetProcessStats } from '../application/get-process-stats';
import { MongoDefinitionCatalogue } from '../infrastructure/definition-catalogue';
import { DevStaffGuard, StaffMunicipality } from './dev-staff.guard';

const statsParams = z
  .object({ municipality: municipalityIdSchema, kind: subjectKindSchema, version: z.coerce.number().int().positive() })
  .strict();

@Controller('processes')
export class ProcessesController {
  constructor(
    private readonly processStats: GetProcessStats,
    private readonly catalogue: MongoDefinitionCatalogue,
  ) {}

  /** Which processes run (current versions) and which municipalities were refused, with file, path and reason. */
  @Get()
  overview() {
    return this.catalogue.overview();
  }

  /** Per step of one process version: how many instances wait there and the median time spent in it. */
  @Get(':municipality/:kind/:version/stats')
  @UseGuards(DevStaffGuard)
  async stats(@StaffMunicipality() staffMunicipality: string, @Param() params: unknown) {
    const { municipality, kind, version } = parseInput(statsParams, params);
    const stats = municipality === staffMunicipality ? await this.processStats.execute(municipality, kind, version) : undefined;
    if (!stats) throw new HttpException({ statusCode: 404, error: 'not_found', message: 'No such process version' }, HttpStatus.NOT_FOUND);
    return stats;
  }
}
