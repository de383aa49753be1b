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
