import type { Logger } from 'pino';
import { ReceiveStepRequest, type StepRequestBase } from '@trygg/step-worker';
import type { Clock } from '@trygg/values';
import { caseIdFor, type PoliceCase } from '../domain/police-case';
import type { CaseStore, PoliceAreaDirectory } from './ports';

export const POLICE_APPROVAL = 'police-approval';

export interface StepRequest extends StepRequestBase {
  /** The police area the request names (a contact person's, from the nomination), else the municipality's default. */
  policeAreaId: string | null;
}

export class NoPoliceArea extends Error {}

/** Opens a case for each police-approval step request (other step types are not ours), in its police area. */
export class OpenCase extends ReceiveStepRequest<StepRequest, PoliceCase> {
  constructor(cases: CaseStore, areas: PoliceAreaDirectory, logger: Logger, clock?: Clock) {
    super(
      cases,
      {
        stepType: POLICE_APPROVAL,
        open: (request, now) => {
          const policeAreaId = request.policeAreaId ?? areas.defaultAreaOf(request.municipalityId);
          if (!policeAreaId) throw new NoPoliceArea(`no police area for ${request.municipalityId}: the request names none and the municipality is unknown`);
          const { municipalityId, instanceId, stepId, stepType, attempt, subject, subjectFields, dueAt } = request;
          const id = caseIdFor(instanceId, stepId, attempt);
          const protectedIdentity = request.protectedIdentity === true;
          return { id, municipalityId, policeAreaId, instanceId, stepId, stepType, attempt, subject, subjectFields, protectedIdentity, dueAt, status: 'pending', decision: null, openedAt: now.toISOString() };
        },
        opened: { message: 'police-approval case opened', fields: (c) => ({ caseId: c.id, policeAreaId: c.policeAreaId, instanceId: c.instanceId }) },
      },
      logger,
      clock,
    );
  }
}
