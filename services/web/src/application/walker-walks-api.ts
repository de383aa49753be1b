import type { BodyOf, ResponseOf, walkerWalks } from '@trygg/http-contracts';

/**
 * What the walker's walk page needs from the volunteers service through the walker's link (routes of
 * libs/http-contracts/src/walker-walks.ts and walks.ts): their walks, book / unbook / check in / check out, and the
 * after-walk report. Implemented over HTTP in infrastructure/, by an in-memory fake in the tests.
 */
export type WalkerWalksView = ResponseOf<typeof walkerWalks.listWalkerWalks, 200>;
export type WalkerWalk = WalkerWalksView['walks'][number];
export type WalkReport = BodyOf<typeof walkerWalks.reportWalk>;
export type WalkerAction = 'booking' | 'unbooking' | 'check-in' | 'check-out';

/** The link is refused: unknown (404) or expired (410). */
export type WalkerLinkProblem = { kind: 'token_invalid' } | { kind: 'token_expired' };
/** The walk's rules refuse (409 with the code), or the walk is not the walker's municipality's (404 not_found). */
export type WalkerRefusal = { kind: 'refused'; code: string };

export interface WalkerWalksApi {
  list(token: string): Promise<{ kind: 'ok'; view: WalkerWalksView } | WalkerLinkProblem>;
  act(token: string, walkId: string, action: WalkerAction): Promise<{ kind: 'ok' } | WalkerLinkProblem | WalkerRefusal>;
  report(token: string, walkId: string, report: WalkReport): Promise<{ kind: 'ok' } | WalkerLinkProblem | WalkerRefusal | { kind: 'invalid'; fields: string[] }>;
}

export const WALKER_WALKS_API = Symbol('WalkerWalksApi');
