/**
 * Another service refused the call for its own rate limit (429: the resident's network or what the form names sent
 * too much): the pages answer with the same "För många försök" page as the web's own limit.
 */
export class TooManyAttempts extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`rate limited for ${retryAfterSeconds} s`);
    this.name = 'TooManyAttempts';
  }
}

/**
 * Another service answered something its contract (`@trygg/http-contracts`) does not allow: a body that does not
 * match the route's schema for that status, or a status the route does not declare. A fault between the services,
 * not the resident's: logged once by the page filter, and the resident sees the generic error page.
 */
export class MalformedAnswer extends Error {
  constructor(
    readonly service: string,
    readonly operationId: string,
    readonly status: number,
    readonly problems: string[],
  ) {
    super(`${service} ${operationId} answered ${status} with what its contract does not allow: ${problems.join('; ')}`);
    this.name = 'MalformedAnswer';
  }
}
