import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, relative, isAbsolute } from 'node:path';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { parse } from 'yaml';
import { z } from 'zod';
import { municipalityIdSchema } from '@trygg/contracts';
import { type Municipality, MunicipalityDataError } from '@trygg/municipalities';
import { checkSwedishCoordinate, normalisePostcode } from '../domain/address';
import type { ActivityCheckRules } from '../domain/activity-check';
import type { Area } from '../domain/area';
import type { Retention } from '../domain/registration';

/**
 * The parts of `municipalities/<id>/` that enrolment owns: `areas.yaml` (+ `areas/*.geojson`) and
 * `retention.yaml`. Validated at start; every problem is reported with the file, the path in it and the reason.
 */
const postcode = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const normal = normalisePostcode(String(v));
    if (!normal) ctx.addIssue({ code: 'custom', message: 'must be a postcode NNN NN' });
    return normal ?? '';
  });

const ruleSchema = z
  .object({
    street: z.string().trim().min(1).max(100).optional(),
    postcode: postcode.optional(),
    numbers: z
      .object({ from: z.number().int().min(0), to: z.number().int().min(0), parity: z.enum(['odd', 'even', 'all']).default('all') })
      .strict()
      .refine((n) => n.from <= n.to, 'from must not be greater than to')
      .optional(),
  })
  .strict()
  .refine((r) => r.street !== undefined || r.postcode !== undefined, 'a rule needs a street or a postcode')
  .refine((r) => r.numbers === undefined || r.street !== undefined, 'a number range needs a street');

const areaSchema = z
  .object({
    id: municipalityIdSchema,
    name: z.string().trim().min(1).max(100),
    householdCount: z.number().int().positive().optional(),
    policeAreaId: z.string().min(1).optional(),
    maxHouseholdsPerGroup: z.number().int().positive().optional(),
    polygon: z.string().regex(/^areas\/[a-z0-9-]+\.geojson$/, 'must be a path like areas/<id>.geojson').optional(),
    rules: z.array(ruleSchema).default([]),
  })
  .strict()
  .refine((a) => a.rules.length > 0 || a.polygon !== undefined, 'an area needs rules or a polygon');

const areasFileSchema = z.object({ areas: z.array(areaSchema) }).strict();

const retentionFileSchema = z
  .object({
    residentErasure: z
      .object({
        mode: z.enum(['anonymise-now', 'keep-days']),
        keepDays: z.number().int().min(0).max(3650).default(0),
        text: z.object({ sv: z.string().min(1), en: z.string().min(1).optional() }).strict(),
      })
      .strict()
      .refine((r) => r.mode === 'anonymise-now' || r.keepDays > 0, 'keep-days needs keepDays > 0'),
  })
  .strict();

const activityCheckFileSchema = z
  .object({
    intervalDays: z.number().int().min(30).max(3650),
    reminderAfterDays: z.number().int().min(1).max(90),
    reminders: z.number().int().min(0).max(10),
  })
  .strict();

export const DEFAULT_ACTIVITY_CHECK: ActivityCheckRules = { intervalDays: 365, reminderAfterDays: 14, reminders: 2 };

export interface RetentionRules extends Retention {
  text: { sv: string; en: string };
}

export interface EnrolmentMunicipality {
  municipality: Municipality;
  areas: Area[];
  retention: RetentionRules;
  activityCheck: ActivityCheckRules;
}

const DEFAULT_RETENTION: RetentionRules = {
  mode: 'anonymise-now',
  keepDays: 0,
  text: {
    sv: 'Dina uppgifter tas bort direkt när du ber om det.',
    en: 'Your details are deleted as soon as you ask.',
  },
};

function readYaml(file: string, problems: string[]): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: not valid YAML: ${(error as Error).message}`);
    return undefined;
  }
}

/** Reads a GeoJSON Polygon/MultiPolygon (bare, Feature or one-feature FeatureCollection) and checks it lies in Sweden. */
export function readPolygon(file: string, problems: string[]): Polygon | MultiPolygon | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: not valid JSON: ${(error as Error).message}`);
    return null;
  }
  let geometry = raw as { type?: string; geometry?: unknown; features?: unknown[]; coordinates?: unknown };
  if (geometry?.type === 'FeatureCollection') {
    if (!Array.isArray(geometry.features) || geometry.features.length !== 1) {
      problems.push(`${file}: a FeatureCollection must hold exactly one feature`);
      return null;
    }
    geometry = geometry.features[0] as typeof geometry;
  }
  if (geometry?.type === 'Feature') geometry = geometry.geometry as typeof geometry;
  if (geometry?.type !== 'Polygon' && geometry?.type !== 'MultiPolygon') {
    problems.push(`${file}: must be a GeoJSON Polygon or MultiPolygon (got ${String(geometry?.type)})`);
    return null;
  }
  const rings: unknown[] = geometry.type === 'Polygon' ? [geometry.coordinates] : ((geometry.coordinates as unknown[]) ?? []);
  let index = 0;
  for (const polygon of rings) {
    for (const ring of (polygon as unknown[]) ?? []) {
      const positions = ring as Position[];
      if (!Array.isArray(positions) || positions.length < 4) {
        problems.push(`${file}: coordinates: a ring needs at least 4 positions`);
        return null;
      }
      for (const position of positions) {
        const [lon, lat] = position as [unknown, unknown];
        if (typeof lon !== 'number' || typeof lat !== 'number') {
          problems.push(`${file}: coordinates[${index}]: must be [longitude, latitude] numbers`);
          return null;
        }
        const problem = checkSwedishCoordinate(lon, lat);
        if (problem === 'swapped-lat-lon') {
          problems.push(`${file}: coordinates[${index}] [${lon}, ${lat}]: looks like [latitude, longitude]; GeoJSON is [longitude, latitude]`);
          return null;
        }
        if (problem === 'outside-sweden') {
          problems.push(`${file}: coordinates[${index}] [${lon}, ${lat}]: outside Sweden (is it WGS84 lon/lat? SWEREF 99 TM must be converted first)`);
          return null;
        }
        index++;
      }
    }
  }
  return geometry as Polygon | MultiPolygon;
}

export function loadEnrolmentMunicipality(dir: string, municipality: Municipality, problems: string[]): EnrolmentMunicipality {
  const folder = join(dir, municipality.id);
  const areas: Area[] = [];
  const areasFile = join(folder, 'areas.yaml');
  if (existsSync(areasFile)) {
    const parsed = areasFileSchema.safeParse(readYaml(areasFile, problems));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${areasFile}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    } else {
      const seen = new Set<string>();
      const policeAreas = new Set(municipality.policeAreas.map((p) => p.id));
      parsed.data.areas.forEach((raw, i) => {
        if (seen.has(raw.id)) problems.push(`${areasFile}: areas.${i}.id: "${raw.id}" is used twice`);
        seen.add(raw.id);
        if (raw.policeAreaId !== undefined && !policeAreas.has(raw.policeAreaId)) {
          problems.push(`${areasFile}: areas.${i}.policeAreaId: "${raw.policeAreaId}" is not a police area of municipality.yaml`);
        }
        let polygon: Polygon | MultiPolygon | null = null;
        if (raw.polygon !== undefined) {
          const file = normalize(join(folder, raw.polygon));
          const inside = relative(folder, file);
          if (inside.startsWith('..') || isAbsolute(inside)) problems.push(`${areasFile}: areas.${i}.polygon: must stay inside the municipality folder`);
          else if (!existsSync(file)) problems.push(`${areasFile}: areas.${i}.polygon: ${raw.polygon} not found`);
          else polygon = readPolygon(file, problems);
        }
        areas.push({
          id: raw.id,
          name: raw.name,
          householdCount: raw.householdCount ?? null,
          policeAreaId: raw.policeAreaId ?? municipality.policeAreas[0]?.id ?? '',
          maxHouseholdsPerGroup: raw.maxHouseholdsPerGroup ?? null,
          rules: raw.rules.map((r) => ({ street: r.street ?? null, postcode: r.postcode ?? null, numbers: r.numbers ?? null })),
          polygon,
        });
      });
    }
  }
  let retention = DEFAULT_RETENTION;
  const retentionFile = join(folder, 'retention.yaml');
  if (existsSync(retentionFile)) {
    const parsed = retentionFileSchema.safeParse(readYaml(retentionFile, problems));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${retentionFile}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    } else {
      const r = parsed.data.residentErasure;
      retention = { mode: r.mode, keepDays: r.mode === 'anonymise-now' ? 0 : r.keepDays, text: { sv: r.text.sv, en: r.text.en ?? r.text.sv } };
    }
  }
  let activityCheck = DEFAULT_ACTIVITY_CHECK;
  const activityFile = join(folder, 'activity-check.yaml');
  if (existsSync(activityFile)) {
    const parsed = activityCheckFileSchema.safeParse(readYaml(activityFile, problems));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${activityFile}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    } else activityCheck = parsed.data;
  }
  return { municipality, areas, retention, activityCheck };
}

/** Every municipality's enrolment data; throws one error listing every problem. */
export function loadEnrolmentData(dir: string, municipalities: ReadonlyMap<string, Municipality>): Map<string, EnrolmentMunicipality> {
  const problems: string[] = [];
  const result = new Map<string, EnrolmentMunicipality>();
  for (const municipality of municipalities.values()) result.set(municipality.id, loadEnrolmentMunicipality(dir, municipality, problems));
  if (problems.length) throw new MunicipalityDataError(problems);
  return result;
}
