import { join } from 'node:path';
import { defaultMunicipalitiesDir, loadMunicipalities, MunicipalityDataError } from '@trygg/municipalities';
import { AA_NORMAL_TEXT, contrastRatio, shade } from '../domain/contrast';

/** What a page needs to know about a municipality: its name, brand colour and public contact. */
export interface BrandedMunicipality {
  id: string;
  name: string;
  primaryColor: string;
  /** A darker shade for hover and borders. */
  darkColor: string;
  contactEmail: string;
  /** The police areas that cover it (their officers decide its cases). */
  policeAreas: ReadonlyArray<{ id: string; name: string }>;
}

/**
 * Reads `municipalities/<id>/municipality.yaml` and checks each brand colour: white header text on it must reach
 * WCAG AA (4.5:1). A colour that does not stops the start with the file, the path and the measured ratio.
 */
export function loadBrandedMunicipalities(dir: string = defaultMunicipalitiesDir()): Map<string, BrandedMunicipality> {
  const municipalities = loadMunicipalities(dir);
  const problems: string[] = [];
  const result = new Map<string, BrandedMunicipality>();
  for (const m of municipalities.values()) {
    const colour = m.branding.primaryColor.toLowerCase();
    const ratio = contrastRatio(colour, '#ffffff');
    if (ratio < AA_NORMAL_TEXT) {
      problems.push(
        `${join(dir, m.id, 'municipality.yaml')}: branding.primaryColor: ${colour} gives white text a contrast of ${ratio.toFixed(2)}:1; WCAG AA needs ${AA_NORMAL_TEXT}:1 (choose a darker colour)`,
      );
      continue;
    }
    result.set(m.id, { id: m.id, name: m.name, primaryColor: colour, darkColor: shade(colour, 0.25), contactEmail: m.contact.email, policeAreas: m.policeAreas });
  }
  if (problems.length) throw new MunicipalityDataError(problems);
  return result;
}

/** The brand colours as CSS custom properties, served as /assets/brand/<id>.css (no inline styles: strict CSP). */
export function brandStylesheet(m: BrandedMunicipality): string {
  return [
    ':root {',
    `  --app-brand-colour: ${m.primaryColor};`,
    `  --app-brand-dark: ${m.darkColor};`,
    `  --govuk-brand-colour: ${m.primaryColor};`,
    `  --govuk-surface-border-colour: ${m.primaryColor};`,
    '}',
    '',
  ].join('\n');
}
