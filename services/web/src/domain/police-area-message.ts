import type { AreaMessageForm } from './area-message-form';

/** The columns of the officer's progress table, per channel. */
export const PROGRESS_COLUMNS = ['queued', 'sent', 'delivered', 'failed', 'other'] as const;
export type ProgressColumn = (typeof PROGRESS_COLUMNS)[number];

/** notifications' message statuses in the officer's columns: sending counts as queued, bounced as failed. */
const COLUMN_OF: Record<string, ProgressColumn> = { queued: 'queued', sending: 'queued', sent: 'sent', delivered: 'delivered', failed: 'failed', bounced: 'failed' };

/** The broadcast's totals (channel × status) as one row per channel with the officer's columns (none missing). */
export function progressRows(channels: readonly string[], totals: ReadonlyArray<{ channel: string; status: string; count: number }>): Array<{ channel: string } & Record<ProgressColumn, number>> {
  return channels.map((channel) => {
    const row = { channel, queued: 0, sent: 0, delivered: 0, failed: 0, other: 0 };
    for (const t of totals) if (t.channel === channel) row[COLUMN_OF[t.status] ?? 'other'] += t.count;
    return row;
  });
}

/** The form as police-liaison's request (`POST /police-areas/:id/area-messages`) for one municipality. */
export function policeAreaMessageRequest(municipalityId: string, form: AreaMessageForm) {
  return {
    municipalityId,
    subject: form.title,
    body: form.text,
    urgent: form.urgent,
    channels: [...(form.email ? (['email'] as const) : []), ...(form.sms ? (['sms'] as const) : [])],
    areaIds: form.areaIds,
  };
}

/** police-liaison's or notifications' 400 fields → the form's fields (a target that is not allowed or reaches nobody: the areas). */
export function formFieldOf(remote: string): 'title' | 'text' | 'channels' | 'areaIds' {
  if (remote === 'subject') return 'title';
  if (remote === 'body') return 'text';
  if (remote === 'channels') return 'channels';
  return 'areaIds';
}
