import { onboarding } from '@trygg/http-contracts';
import type { Logger } from '@trygg/observability';
import type { OnboardingApi } from '../application/onboarding-api';
import { meetingDateOf } from '../domain/start-meeting';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

class OnboardingUnavailable extends Error {
  constructor(reason: string) {
    super(`onboarding is unavailable: ${reason}`);
    this.name = 'OnboardingUnavailable';
  }
}

/**
 * onboarding over HTTP with the coordinator's bearer token: `GET /instances?subjectKind=contact-person&subjectId=`
 * (instanceBySubject), the answer parsed with the route's schema. Anything but a 200 (404: no instance; 401/403/5xx,
 * no answer, a malformed answer: logged as a warning) is "no date known".
 */
export class HttpOnboardingApi implements OnboardingApi {
  constructor(
    private readonly baseUrl: string,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly timeoutMs = 3_000,
  ) {}

  async startMeetingDate(accessToken: string, nominationId: string): Promise<string | null> {
    const route = onboarding.instanceBySubject;
    try {
      const res = await requestRoute(route, {
        baseUrl: this.baseUrl,
        path: pathOf(route, {}, new URLSearchParams({ subjectKind: 'contact-person', subjectId: nominationId })),
        headers: { authorization: `Bearer ${accessToken}` },
        timeoutMs: this.timeoutMs,
        unavailable: (message) => new OnboardingUnavailable(message),
      });
      const body = await answerBody(res);
      if (res.status === 404) return null;
      if (res.status !== 200) {
        this.logger.warn({ operationId: route.operationId, status: res.status }, 'no start meeting date: onboarding refused');
        return null;
      }
      return meetingDateOf(parseAnswer(route, 200, body).steps);
    } catch (error) {
      this.logger.warn({ operationId: route.operationId, err: error instanceof Error ? error.message : String(error) }, 'no start meeting date: onboarding did not answer as agreed');
      return null;
    }
  }
}
