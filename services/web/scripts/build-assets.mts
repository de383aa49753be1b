// Build step of the web front (run by `npm run build` after tsc): compiles the municipality-neutral stylesheet
// from govuk-frontend's Sass with a system font, and copies the page templates next to the compiled code.
//   node services/web/scripts/build-assets.mts [repoRoot]
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as sass from 'sass';

const root = process.argv[2] ?? process.cwd();
const out = join(root, 'dist', 'services', 'web');
const started = Date.now();

const result = sass.compile(join(root, 'services', 'web', 'styles', 'app.scss'), {
  loadPaths: [join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
});
if (/GDS Transport|govuk-crown|govuk-crest/i.test(result.css)) throw new Error('the stylesheet must not carry the GOV.UK font, crown or crest');
mkdirSync(join(out, 'assets'), { recursive: true });
writeFileSync(join(out, 'assets', 'app.css'), result.css);
cpSync(join(root, 'services', 'web', 'views'), join(out, 'views'), { recursive: true });
process.stdout.write(`web assets: app.css (${Math.round(result.css.length / 1024)} kB) and views in ${Date.now() - started} ms\n`);
