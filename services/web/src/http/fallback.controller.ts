import { All, Controller, UseFilters } from '@nestjs/common';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

/** Registered last: any other path is the Swedish 404 page (not JSON). */
@Controller()
@UseFilters(WebExceptionFilter)
export class FallbackController {
  @All('{*path}')
  notFound(): never {
    throw new PageNotFound();
  }
}
