import { ListPendingWork } from '@trygg/step-worker';
import type { PoliceCase } from '../domain/police-case';
import type { CaseStore, DecisionAudit } from './ports';

/** The action of a view of the pending case list in the audit trail. */
export const CASES_VIEWED = 'cases-viewed';

/**
 * The officer's pending cases of their police area, oldest first. Each view is audited (`cases-viewed`, the officer
 * as actor, subject the list of the police area): one record per municipality of the area, with its number of cases.
 */
export class ListPendingCases extends ListPendingWork<PoliceCase> {
  constructor(cases: CaseStore, audit: DecisionAudit) {
    super(cases, audit, CASES_VIEWED);
  }
}
