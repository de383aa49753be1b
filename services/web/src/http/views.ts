import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import { PROTECTED_PERSON } from '@trygg/values';

/** services/web/views in the sources, dist/services/web/views once built (the build step copies them). */
export function defaultViewsDir(): string {
  const candidate = join(__dirname, '..', '..', 'views');
  if (existsSync(candidate)) return candidate;
  throw new Error(`page templates not found at ${candidate}: run npm run build`);
}

function formatDate(value: unknown): string {
  if (typeof value !== 'string' && !(value instanceof Date)) return '–';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '–' : date.toISOString().slice(0, 10);
}

/**
 * Server-side templates: our pages plus govuk-frontend's component macros. Autoescape is on, so everything a
 * resident typed is shown as text; nothing is marked safe except our own template fragments.
 */
export class Views {
  private readonly env: nunjucks.Environment;

  constructor(viewsDir: string = defaultViewsDir()) {
    const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader([viewsDir, govukDist], { noCache: false }), {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
    });
    this.env.addFilter('date', formatDate);
    // A person with protected identity comes from the services as "Skyddad person" (libs/values): in the page's language.
    this.env.addFilter('person', function (this: { ctx?: Record<string, unknown> }, name: unknown) {
      const t = this.ctx?.['t'];
      return name === PROTECTED_PERSON && typeof t === 'function' ? (t as (key: string) => string)('staff.protectedPerson') : name;
    });
  }

  render(template: string, context: Record<string, unknown>): string {
    return this.env.render(template, context);
  }
}
