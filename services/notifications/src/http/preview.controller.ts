import { Controller, Get, HttpException, HttpStatus, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { notifications } from '@trygg/http-contracts';
import { parseInput } from '@trygg/service-kit';
import { UnknownMunicipality, UnknownTemplate } from '../domain/catalogue';
import { PreviewTemplate } from '../application/preview-template';

/** GET /preview/:municipality/:template?lang=sv[&format=html] — any template rendered with sample data. */
@Controller('preview')
export class PreviewController {
  constructor(private readonly preview: PreviewTemplate) {}

  @Get(':municipality/:template')
  render(@Param('municipality') municipality: string, @Param('template') template: string, @Query() query: unknown, @Res() res: Response): void {
    const q = parseInput(notifications.previewTemplate.query, query);
    try {
      const result = this.preview.execute(municipality, template, q.lang);
      if (q.format === 'html') {
        if (!result.email) throw new UnknownTemplate('template has no email part');
        res.status(200).type('html').send(result.email.html);
        return;
      }
      res.status(200).json(result);
    } catch (error) {
      if (error instanceof UnknownMunicipality || error instanceof UnknownTemplate) {
        throw new HttpException({ statusCode: 404, error: 'not_found', message: error.message }, HttpStatus.NOT_FOUND);
      }
      throw error;
    }
  }
}
