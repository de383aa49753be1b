import { Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ENROLMENT_API, type EnrolmentApi, type LinkProblem } from '../application/enrolment-api';
import { Pages, translate } from './pages';
import { isToken, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { linkProblemPage } from './resident.controller';
import { WebExceptionFilter } from './web-exception.filter';

/**
 * The link sent to a new email address asked for under "Mina uppgifter": opening it (GET) changes nothing — mail
 * scanners open links too — and the button posts; then the new address is the person's (enrolment `POST /email-changes`).
 */
@Controller(':m/ny-e-post/:token')
@UseFilters(WebExceptionFilter)
export class EmailChangeController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) private readonly enrolment: EnrolmentApi,
  ) {}

  @Get()
  page(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): void {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.problem(req, res, municipality.id, { kind: 'token_invalid' });
    this.pages.render(req, res, 'email-change.njk', { token }, { municipality });
  }

  @Post()
  async confirm(@Param('m') id: string, @Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.problem(req, res, municipality.id, { kind: 'token_invalid' });
    const result = await this.enrolment.confirmEmailChange(municipality.id, token);
    const t = translate(res);
    if (result.kind === 'duplicate') {
      this.pages.message(req, res, { title: t('emailChange.duplicate.title'), paragraphs: [t('emailChange.duplicate.p1')] }, { municipality, status: 409 });
      return;
    }
    if (result.kind !== 'changed') return this.problem(req, res, municipality.id, result);
    this.pages.message(req, res, { title: t('emailChange.done.title'), panel: true, paragraphs: [t('emailChange.done.p1')] }, { municipality });
  }

  private problem(req: Request, res: Response, id: string, problem: LinkProblem): void {
    const municipality = municipalityOr404(this.municipalities, id);
    const page = linkProblemPage(problem, translate(res), municipality);
    this.pages.message(req, res, page.content, { municipality, status: page.status });
  }
}
