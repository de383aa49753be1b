import type { RouteContract } from './define-route';
import { braReviewRoutes } from './bra-review';
import { enrolmentRoutes } from './enrolment';
import { notificationsRoutes } from './notifications';
import { onboardingRoutes } from './onboarding';
import { openApiDocument } from './openapi';
import { policeLiaisonRoutes } from './police-liaison';
import { safetyRoundRoutes } from './safety-rounds';
import { volunteersRoutes } from './volunteers';
import { walkReportRoutes } from './walk-reports';

/**
 * Every HTTP endpoint of every service, by service. The web front serves HTML pages only (no JSON API), so it
 * has no routes here; it is a client of enrolment's and notifications' routes.
 */
export const serviceRoutes = {
  enrolment: enrolmentRoutes,
  notifications: notificationsRoutes,
  onboarding: onboardingRoutes,
  'police-liaison': policeLiaisonRoutes,
  'bra-review': braReviewRoutes,
  volunteers: [...volunteersRoutes, ...safetyRoundRoutes, ...walkReportRoutes],
} as const satisfies Record<string, readonly RouteContract[]>;

export type ServiceWithApi = keyof typeof serviceRoutes;

const TITLES: Record<ServiceWithApi, string> = {
  enrolment: 'Trygg Samverkan — enrolment (grannsamverkan: registrations, groups, self-service, coordinator)',
  notifications: 'Trygg Samverkan — notifications (preferences, unsubscribe, delivery log, broadcasts)',
  onboarding: 'Trygg Samverkan — onboarding (process instances, staff answers)',
  'police-liaison': 'Trygg Samverkan — police liaison (police-approval cases)',
  'bra-review': 'Trygg Samverkan — BRÅ review (example step plug-in)',
  volunteers: 'Trygg Samverkan — volunteers (trygghetsvandrare)',
};

/** The version of the HTTP documents: the contracts' version, raised on a breaking change. */
export const API_VERSION = '0.1.0';

/** The OpenAPI 3.1 document of one service (served at /openapi.json, committed as docs/api/<service>.json). */
export function apiDocument(service: ServiceWithApi): Record<string, unknown> {
  return openApiDocument(service, serviceRoutes[service], {
    title: TITLES[service],
    version: API_VERSION,
    description: 'Generated from libs/http-contracts by `npm run api:catalogue` — do not edit by hand.',
  });
}
