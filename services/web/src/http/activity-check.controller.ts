import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ACTIVITY_ANSWERS, type ActivityAnswer, ENROLMENT_API, type EnrolmentApi, type LinkProblem } from '../application/enrolment-api';
import { asFormBody, text } from '../domain/form-input';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { Pages, translate } from './pages';
import { isToken, MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { linkProblemPage } from './resident.controller';
import { WebExceptionFilter } from './web-exception.filter';

function asAnswer(value: string): ActivityAnswer | undefined {
  return (ACTIVITY_ANSWERS as readonly string[]).includes(value) ? (value as ActivityAnswer) : undefined;
}

/**
 * The yearly "is the group still active?" check, opened by the contact person from an email link
 * (`/<m>/grannsamverkan/aktiv/<token>`, optionally `?svar=<answer>` from a one-click link). GET shows the question
 * with that answer chosen; only the POST records it.
 */
@Controller(':m/grannsamverkan/aktiv/:token')
@UseFilters(WebExceptionFilter)
export class ActivityCheckController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(ENROLMENT_API) private readonly enrolment: EnrolmentApi,
  ) {}

  @Get()
  async show(@Param('m') id: string, @Param('token') token: string, @Query('svar') svar: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.problem(req, res, municipality, { kind: 'token_invalid' });
    const check = await this.enrolment.activityCheck(municipality.id, token);
    if (check.kind !== 'ok') return this.problem(req, res, municipality, check);
    const t = translate(res);
    if (check.answered) {
      this.pages.message(req, res, { title: t('activity.answered.title'), paragraphs: [t('activity.answered.p1', { group: check.group.name })] }, { municipality });
      return;
    }
    const chosen = typeof svar === 'string' ? asAnswer(svar) : undefined;
    this.pages.render(req, res, 'activity-check.njk', { group: check.group, token, chosen }, { municipality });
  }

  @Post()
  async answer(@Param('m') id: string, @Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const municipality = municipalityOr404(this.municipalities, id);
    if (!isToken(token)) return this.problem(req, res, municipality, { kind: 'token_invalid' });
    const t = translate(res);
    const answer = asAnswer(text(asFormBody(body), 'answer'));
    if (!answer) {
      const check = await this.enrolment.activityCheck(municipality.id, token);
      if (check.kind !== 'ok') return this.problem(req, res, municipality, check);
      this.pages.render(req, res, 'activity-check.njk', { group: check.group, token }, { municipality, status: 400, errors: [{ field: 'answer', text: t('errors.answer.required') }] });
      return;
    }
    const result = await this.enrolment.answerActivityCheck(municipality.id, token, answer);
    if (result.kind !== 'recorded') return this.problem(req, res, municipality, result);
    const group = result.group?.name ?? '';
    this.pages.message(
      req,
      res,
      { title: t('activity.thanks.title'), panel: true, paragraphs: [result.answer === 'active' ? t('activity.thanks.active', { group }) : t('activity.thanks.followUp', { group })] },
      { municipality },
    );
  }

  private problem(req: Request, res: Response, municipality: BrandedMunicipality, problem: LinkProblem): void {
    const t = translate(res);
    if (problem.kind === 'token_used') {
      this.pages.message(req, res, { title: t('activity.answered.title'), paragraphs: [t('activity.used.p1')] }, { municipality, status: 410 });
      return;
    }
    const page = linkProblemPage(problem, t, municipality);
    this.pages.message(req, res, page.content, { municipality, status: page.status });
  }
}
