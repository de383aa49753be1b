/** Errors the use cases raise on purpose; the HTTP edge maps each to its status and stable code (API.md). */
export class UnknownMunicipality extends Error {
  constructor(readonly municipalityId: string) {
    super(`unknown municipality ${municipalityId}`);
  }
}

export type LinkProblem = 'token_invalid' | 'token_expired' | 'token_used';

export class LinkRejected extends Error {
  constructor(readonly code: LinkProblem) {
    super(code);
  }
}

export class NotFound extends Error {
  constructor(readonly what: string) {
    super(`${what} not found`);
  }
}

export class Conflict extends Error {
  constructor(readonly code: string, message: string = code) {
    super(message);
  }
}

/** A field-level problem found by a use case (after the schema passed), e.g. an unknown area id. */
export class FieldRejected extends Error {
  constructor(readonly field: string, readonly code: string) {
    super(`${field}: ${code}`);
  }
}
