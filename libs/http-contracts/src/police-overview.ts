import { z } from 'zod';
import { problem } from './common';
import { defineRoute } from './define-route';

/** The approval figures of a municipality or of the whole police area. */
const approvalFigures = {
  /** Cases waiting for the officer now. */
  waiting: z.number().int().nonnegative(),
  /** Of those, the ones past their municipality's target. */
  overdue: z.number().int().nonnegative(),
  /** Cases decided this calendar year (any outcome). */
  decided: z.number().int().nonnegative(),
  /** Median days from opening to decision of those (one decimal); null without any. */
  medianDays: z.number().nonnegative().nullable(),
  /** 90th percentile (nearest rank) of the same; null without any. */
  p90Days: z.number().nonnegative().nullable(),
};

const count = z.number().int().nonnegative();

/** The groups (police-liaison's own projection of enrolment's events) and open observations of a municipality or of the area. */
const groupFigures = {
  /** Groups per status as enrolment names them; every status is present (0 included). */
  byStatus: z.object({ forming: count, 'awaiting-approval': count, active: count, paused: count, closed: count }),
  /** Distinct active contact persons (main and deputies) of the groups that are not closed. */
  activeContactPersons: count,
  /** Groups that are not closed and have no active contact person. */
  groupsWithoutContactPerson: count,
  /** Observations not read yet. */
  openObservations: count,
};

export const policeOverviewSchema = z.object({
  policeAreaId: z.string(),
  /** The calendar year of the decision figures. */
  year: z.number().int(),
  /** One row per municipality of the area, with its approval target. */
  municipalities: z.array(z.object({ municipalityId: z.string(), targetDays: z.number().int().positive(), decidedWithinTarget: z.number().int().nonnegative(), ...approvalFigures })),
  total: z.object(approvalFigures),
  /** Issue 14: the groups by status, active contact persons, groups without one, open observations; per municipality of the area and in total. */
  groups: z.object({ municipalities: z.array(z.object({ municipalityId: z.string(), ...groupFigures })), total: z.object(groupFigures) }),
});

/** The officer's overview of their own police area: counts from police-liaison's own data (cases, its projection of the groups, observations). */
export const policeOverview = defineRoute({
  service: 'police-liaison',
  operationId: 'policeOverview',
  method: 'get',
  path: '/police-areas/:id/overview',
  summary: 'The officer\'s overview of their own police area: cases waiting and overdue, median and 90th-percentile days to a decision this calendar year, against each municipality\'s target; groups by status, active contact persons, groups without one, open observations',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: { policeAreaParam: 'id' } },
  params: z.object({ id: z.string() }),
  responses: {
    200: { description: 'the overview', schema: policeOverviewSchema },
    401: problem('unauthenticated: no valid access token'),
    403: problem('forbidden: not a police officer, or another police area'),
  },
});
