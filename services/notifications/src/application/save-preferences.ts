import { type PreferencesInput, type PreferencesView, preferencesView, toPreferences } from '../domain/preferences';
import type { RecipientStore } from './ports';

/**
 * Shared by the two preference updates: one single-document update of the whole preferences object (no
 * read-modify-write of parts of it), then the view. null = unknown person or another municipality.
 */
export async function savePreferences(
  recipients: RecipientStore,
  target: { recipientId: string; municipalityId: string },
  input: PreferencesInput,
  linkCategory: PreferencesView['linkCategory'],
  at: Date,
): Promise<PreferencesView | null> {
  if (!(await recipients.setPreferences(target.recipientId, target.municipalityId, toPreferences(input), at))) return null;
  const recipient = await recipients.get(target.municipalityId, target.recipientId);
  return recipient ? preferencesView(recipient, linkCategory) : null;
}
