import { Controller, Get, Inject, Param, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { brandStylesheet } from '../infrastructure/branded-municipalities';
import { MUNICIPALITIES, type Municipalities, municipalityOr404 } from './params';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

export const STYLESHEET = Symbol('STYLESHEET');

/** The compiled stylesheet (built by services/web/scripts/build-assets.mts) and each municipality's colours. */
@Controller('assets')
@UseFilters(WebExceptionFilter)
export class AssetsController {
  constructor(
    @Inject(STYLESHEET) private readonly stylesheet: string | undefined,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
  ) {}

  @Get('app.css')
  app(@Res() res: Response): void {
    if (!this.stylesheet) throw new PageNotFound();
    this.css(res, this.stylesheet);
  }

  @Get('brand/:file')
  brand(@Param('file') file: string, @Res() res: Response): void {
    const id = file.endsWith('.css') ? file.slice(0, -4) : '';
    this.css(res, brandStylesheet(municipalityOr404(this.municipalities, id)));
  }

  private css(res: Response, body: string): void {
    res.setHeader('content-type', 'text/css; charset=utf-8');
    res.setHeader('cache-control', 'public, max-age=3600');
    res.send(body);
  }
}
