/**
 * The onboarding service as the coordinator's group page needs it: the day of a contact-person nomination's start
 * meeting, as recorded on its `meeting-attendance` step (by the coordinator over onboarding's API, or by the police
 * through police-liaison). Every call carries the signed-in coordinator's access token; onboarding checks it again.
 */
export interface OnboardingApi {
  /**
   * The day (YYYY-MM-DD) the nomination's start meeting was attended, or null: no such step, not answered yet, no
   * instance. Best effort for a page that is enrolment's view: onboarding away, refusing or answering outside its
   * contract also gives null (logged by the adapter), never an error page.
   */
  startMeetingDate(accessToken: string, nominationId: string): Promise<string | null>;
}

export const ONBOARDING_API = Symbol('ONBOARDING_API');
