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
