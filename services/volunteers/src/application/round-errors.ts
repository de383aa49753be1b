/** No such round in the municipality (or another municipality's). */
export class RoundNotFound extends Error {}

/** No such finding in the municipality (or another municipality's). */
export class FindingNotFound extends Error {}

/** A participant's or owner's link was refused: unknown (or replaced by a newer assignment) or expired. */
export class RoundLinkRefused extends Error {
  constructor(readonly code: 'token_invalid' | 'token_expired') {
    super(code);
  }
}

/** Notifications asked for a round link that cannot be issued: the round/participant/finding is gone, given to another owner, or closed. */
export class LinkNotIssued extends Error {
  constructor(readonly code: 'not_found' | 'reassigned' | 'finding_closed') {
    super(code);
  }
}
