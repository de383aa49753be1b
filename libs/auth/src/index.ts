export * from './principal';
export * from './trusted-issuers';
export * from './token-verifier';
export * from './internal-secrets';
export * from './access.guard';
export * from './access-matrix';
