import type { BodyOf, policeLiaison, ResponseOf } from '@trygg/http-contracts';

type P = typeof policeLiaison;

/** An officer's area message as police-liaison lists it. */
export type PoliceAreaMessage = ResponseOf<P['areaMessages'], 200>['messages'][number];
/** Where the officer may send: each municipality of their police area with its areas there. */
export type AreaMessageTargetMunicipality = ResponseOf<P['areaMessageTargets'], 200>['municipalities'][number];
export type PoliceAreaMessageRequest = BodyOf<P['requestAreaMessage']>;

/** invalid: police-liaison's 400 with the fields it names; not_found: the municipality is not in the officer's area. */
export type RequestResult = { kind: 'requested'; messageId: string } | { kind: 'invalid'; fields: string[] } | { kind: 'not_found' };

/**
 * police-liaison's area-message routes with the officer's access token (it answers only for their police area).
 * The preview and the progress come from notifications (AREA_MESSAGES_API), where the broadcast's id is the message
 * id. 401 → SignInRequired, 403 → AccessDenied, 5xx → PoliceLiaisonUnavailable.
 */
export interface PoliceAreaMessagesApi {
  targets(accessToken: string, policeAreaId: string): Promise<AreaMessageTargetMunicipality[]>;
  list(accessToken: string, policeAreaId: string): Promise<PoliceAreaMessage[]>;
  request(accessToken: string, policeAreaId: string, request: PoliceAreaMessageRequest): Promise<RequestResult>;
}

export const POLICE_AREA_MESSAGES_API = Symbol('POLICE_AREA_MESSAGES_API');
