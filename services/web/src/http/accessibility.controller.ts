import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FEEDBACK_SINK, type FeedbackSink } from '../application/feedback';
import { EnrolmentUnavailable } from '../application/enrolment-api';
import { asFormBody, text } from '../domain/form-input';
import { validateFeedbackForm } from '../domain/other-forms';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { Pages, shownErrors, translate } from './pages';
import { MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { WebExceptionFilter } from './web-exception.filter';

export const ACCESSIBILITY_OPTIONS = Symbol('ACCESSIBILITY_OPTIONS');
export interface AccessibilityOptions {
  /** Receives feedback sent from the page that belongs to no municipality. */
  defaultRecipient: string;
  /** When the statement was last reviewed (YYYY-MM-DD). */
  statementDate: string;
}

/**
 * The accessibility statement (tillgänglighetsredogörelse, DOS-lagen 2018:1937), linked from every page's footer,
 * with a feedback form. Feedback is mailed to the municipality's contact address; the web stores nothing.
 */
@Controller()
@UseFilters(WebExceptionFilter)
export class AccessibilityController {
  constructor(
    private readonly pages: Pages,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(FEEDBACK_SINK) private readonly feedback: FeedbackSink,
    @Inject(ACCESSIBILITY_OPTIONS) private readonly options: AccessibilityOptions,
  ) {}

  @Get('tillganglighet')
  general(@Req() req: Request, @Res() res: Response): void {
    this.show(req, res, undefined, {}, 200, []);
  }

  @Get(':m/tillganglighet')
  forMunicipality(@Param('m') id: string, @Req() req: Request, @Res() res: Response): void {
    this.show(req, res, municipalityOr404(this.municipalities, id), {}, 200, []);
  }

  @Post('tillganglighet')
  sendGeneral(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(req, res, undefined, body);
  }

  @Post(':m/tillganglighet')
  sendForMunicipality(@Param('m') id: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(req, res, municipalityOr404(this.municipalities, id), body);
  }

  private show(req: Request, res: Response, m: BrandedMunicipality | undefined, values: Record<string, unknown>, status: number, errors: Array<{ field: string; text: string }>): void {
    const t = translate(res);
    this.pages.render(
      req,
      res,
      'accessibility.njk',
      {
        values,
        owner: m ? m.name : t('site.name'),
        contactEmail: m ? m.contactEmail : this.options.defaultRecipient,
        statementDate: this.options.statementDate,
        formAction: m ? `/${m.id}/tillganglighet` : '/tillganglighet',
      },
      { ...(m ? { municipality: m } : {}), status, errors },
    );
  }

  private async send(req: Request, res: Response, m: BrandedMunicipality | undefined, body: unknown): Promise<void> {
    const t = translate(res);
    const recipient = m ? m.contactEmail : this.options.defaultRecipient;
    const thanks = () =>
      this.pages.message(req, res, { title: t('a11y.feedback.thanks.title'), paragraphs: [t('a11y.feedback.thanks.p1', { recipient })] }, m ? { municipality: m } : {});
    if (text(asFormBody(body), 'website')) return thanks();
    const result = validateFeedbackForm(body);
    if (!result.ok) return this.show(req, res, m, result.values, 400, shownErrors(t, result.errors));
    try {
      await this.feedback.send({
        to: recipient,
        municipalityName: m ? m.name : t('site.name'),
        message: result.value.feedback,
        ...(result.value.replyEmail ? { replyTo: result.value.replyEmail } : {}),
        page: req.path,
      });
    } catch (error) {
      throw new EnrolmentUnavailable(`feedback mail: ${(error as Error).message}`);
    }
    thanks();
  }
}
