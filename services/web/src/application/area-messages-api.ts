import type { BodyOf, notifications, ResponseOf } from '@trygg/http-contracts';

/**
 * What the area-message pages need from notifications' staff API (libs/http-contracts notifications.ts): the preview,
 * the send and the message's progress, each with the signed-in sender's access token (notifications checks it again).
 * The adapter is infrastructure/http-area-messages-api.ts; tests inject a fake through this port.
 */
export const AREA_MESSAGES_API = Symbol('AREA_MESSAGES_API');

export type AreaMessageCommand = BodyOf<typeof notifications.sendBroadcast>;
export type AreaMessagePreview = ResponseOf<typeof notifications.previewBroadcast, 200>;
export type AreaMessageProgress = ResponseOf<typeof notifications.broadcastTotals, 200>;

/** invalid: notifications' 400 with the fields it names (`filter`: nobody to reach). */
export type SendResult = { kind: 'sent'; broadcastId: string; recipients: number } | { kind: 'invalid'; fields: string[] };
export type PreviewResult = { kind: 'ok'; preview: AreaMessagePreview } | { kind: 'invalid'; fields: string[] };

export interface AreaMessagesApi {
  preview(accessToken: string, municipalityId: string, command: AreaMessageCommand): Promise<PreviewResult>;
  send(accessToken: string, municipalityId: string, command: AreaMessageCommand): Promise<SendResult>;
  /** null: no such message of the municipality. */
  progress(accessToken: string, municipalityId: string, id: string): Promise<AreaMessageProgress | null>;
}
