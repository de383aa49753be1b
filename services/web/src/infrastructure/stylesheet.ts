import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '@trygg/values';

/**
 * The compiled stylesheet next to the compiled code (dist/services/web/assets/app.css, written by
 * scripts/build-assets.mts), if built; undefined when running from the sources.
 */
export function loadStylesheet(): string | undefined {
  const file = join(__dirname, '..', '..', 'assets', 'app.css');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** A short hash of the stylesheet for cache-busting links (`dev` without one). */
export function stylesheetVersion(stylesheet: string | undefined): string {
  return stylesheet ? sha256Hex(stylesheet).slice(0, 10) : 'dev';
}
