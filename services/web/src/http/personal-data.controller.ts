import { Controller, Get, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ENROLMENT_API, type EnrolmentApi } from '../application/enrolment-api';
import { GatherPersonalData } from '../application/personal-data';
import { Pages } from './pages';
import { MUNICIPALITIES, type Municipalities } from './params';
import { loadSelfService } from './self-service.controller';
import { WebExceptionFilter } from './web-exception.filter';

/**
 * "Alla dina uppgifter" from "Mina uppgifter" (GDPR Art. 15): everything every service holds about the link's person,
 * as one readable page and as one JSON document to download. Enrolment resolves the link to the person (the id asked
 * of the other services comes from there, never from the browser); a service that cannot answer is named on the page
 * and in the document (`missing`), the rest is still shown.
 */
@Controller(':m/mina-uppgifter/:token/alla-uppgifter')
@UseFilters(WebExceptionFilter)
export class PersonalDataController {
  constructor(
    readonly pages: Pages,
    @Inject(MUNICIPALITIES) readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) readonly enrolment: EnrolmentApi,
    private readonly gather: GatherPersonalData,
  ) {}

  @Get()
  async page(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await loadSelfService(this, id, token, req, res);
    if (!loaded.ok) return;
    const data = await this.gather.execute(loaded.view);
    res.setHeader('cache-control', 'no-store');
    this.pages.render(req, res, 'self-all-data.njk', { data, base: loaded.base }, { municipality: loaded.municipality });
  }

  @Get('ladda-ner')
  async download(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const loaded = await loadSelfService(this, id, token, req, res);
    if (!loaded.ok) return;
    const data = await this.gather.execute(loaded.view);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-disposition', `attachment; filename="mina-uppgifter-${loaded.municipality.id}-${data.exportedAt.slice(0, 10)}.json"`);
    res.type('application/json').send(JSON.stringify(data, null, 2));
  }
}
