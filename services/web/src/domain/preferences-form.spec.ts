import { preferencesFromForm, type ShownPreferences, withoutCategory } from './preferences-form';

const view = (sms: boolean, storedSms = true): ShownPreferences => ({
  preferences: { channels: { email: true, sms: storedSms }, categories: { urgent: true, information: true, reminders: true } },
  available: { email: true, sms },
});

describe('the "Dina utskick" form', () => {
  it('reads ticked boxes as on and missing ones as off', () => {
    expect(preferencesFromForm({ 'channel-email': 'yes', 'channel-sms': 'yes', 'category-information': 'yes' }, view(true))).toEqual({
      channels: { email: true, sms: true },
      categories: { urgent: false, information: true, reminders: false },
    });
  });

  it('keeps the stored SMS choice when SMS was not offered', () => {
    expect(preferencesFromForm({}, view(false, true)).channels.sms).toBe(true);
    expect(preferencesFromForm({ 'channel-sms': 'yes' }, view(false, false)).channels.sms).toBe(false);
  });

  it('treats garbage (arrays, objects, other values, no body) as unticked, never as an error', () => {
    expect(preferencesFromForm({ 'channel-email': ['yes', 'yes'], 'category-urgent': { a: 'yes' }, 'category-reminders': 'on' }, view(true)).categories).toEqual({ urgent: false, information: false, reminders: false });
    expect(preferencesFromForm(null, view(true)).channels).toEqual({ email: false, sms: false });
  });

  it('one-button unsubscribe turns only the link\'s category off', () => {
    const prefs = view(true).preferences;
    expect(withoutCategory(prefs, 'reminders')).toEqual({ channels: { email: true, sms: true }, categories: { urgent: true, information: true, reminders: false } });
    expect(prefs.categories.reminders).toBe(true); // not mutated
  });
});
