/** The link of a confirmation email was refused: unknown (or another municipality's), expired or used. */
export class LinkRejected extends Error {
  constructor(readonly code: 'token_invalid' | 'token_expired' | 'token_used') {
    super(code);
  }
}

/** No such walker (or their sign-up is gone): no link can be issued. */
export class WalkerNotFound extends Error {}

/** The sign-up is confirmed already: no confirmation link is needed any more. */
export class AlreadyConfirmed extends Error {}

/** No such walk in the municipality (or no such walker). */
export class WalkNotFound extends Error {}

/** The rules refuse the action (409 with the code): full, cancelled, not booked, a composition rule … */
export class WalkRefused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** The walk's plan breaks the rules: each bad field (400). */
export class WalkPlanInvalid extends Error {
  constructor(readonly problems: Array<{ field: string; message: string }>) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}
