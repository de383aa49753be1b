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
    audience: form.audience,
    delivery: form.delivery,
  };
}

/** police-liaison's or notifications' 400 fields → the form's fields (a target that is not allowed or reaches nobody: the areas). */
export function formFieldOf(remote: string): 'title' | 'text' | 'channels' | 'areaIds' | 'audience' | 'delivery' {
  if (remote === 'subject') return 'title';
  if (remote === 'audience' || remote === 'delivery') return remote;
  if (remote === 'body') return 'text';
  if (remote === 'channels') return 'channels';
  return 'areaIds';
}

/**
 * The acknowledgements of a message per group, for the officer: enrolment's group names are the coordinators', so a
 * group is named by its area (police-liaison's targets list each area's groups), numbered where an area has several.
 */
export function acknowledgementsByArea(
  groups: ReadonlyArray<{ groupId: string; count: number }>,
  areas: ReadonlyArray<{ name: string; groupIds: readonly string[] }>,
  label: (area: string, n: number | null) => string,
): Array<{ name: string; count: number }> {
  return groups.map((g) => {
    const area = areas.find((a) => a.groupIds.includes(g.groupId));
    if (!area) return { name: label('', null), count: g.count };
    return { name: label(area.name, area.groupIds.length > 1 ? area.groupIds.indexOf(g.groupId) + 1 : null), count: g.count };
  });
}
