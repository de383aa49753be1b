import { randomUUID } from 'node:crypto';
import { createEvent, GroupActivatedV1, MemberJoinedV1 } from '@trygg/contracts';
import { notifications } from '@trygg/http-contracts';
import { wire } from '../../test/fakes';
import type { PreferencesInput } from '../domain/preferences';
import type { RecipientStore } from './ports';
import { ShowPersonPreferences } from './show-person-preferences';
import { ShowPreferencesByToken } from './show-preferences-by-token';
import { UpdatePersonPreferences } from './update-person-preferences';
import { UpdatePreferencesByToken } from './update-preferences-by-token';
import { UnsubscribeLinks } from './unsubscribe-links';

const groupId = '3f1c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e33';
const allOn = { channels: { email: true, sms: true }, categories: { urgent: true, information: true, reminders: true } };

/** A member of a group in Lilla Edet gets the "group activated" email (information): returns its link token. */
async function informationEmailToken(app: ReturnType<typeof wire>, person: { mobile?: string | null; smsOptIn?: boolean; municipalityId?: string } = {}) {
  const personId = randomUUID();
  const municipalityId = person.municipalityId ?? 'lilla-edet';
  await app.recipients.upsertContact({ id: personId, municipalityId, name: 'Bo', email: `${personId}@example.se`, mobile: person.mobile ?? null, smsOptIn: person.smsOptIn ?? false, language: 'en' });
  const ctx = { municipalityId, correlationId: 'c-1' };
  const joined = createEvent(MemberJoinedV1, ctx, { memberId: randomUUID(), personId, groupId, areaId: 'centrum', subjectFields: {} });
  await app.facts.execute(joined);
  const activated = createEvent(GroupActivatedV1, ctx, { groupId, areaId: 'centrum', contactPersonId: personId, groupName: 'Solgläntan' });
  const ids = await app.notify.execute(activated);
  const emailId = ids.find((id) => app.messages.byId.get(id)!.channel === 'email')!;
  expect(await app.send.execute(emailId)).toBe('sent');
  const mail = app.mailer.sent.at(-1)!;
  const token = new RegExp(`/${municipalityId}/utskick/([A-Za-z0-9_-]{43})`).exec(mail.text)![1]!;
  return { personId, token, mail };
}


/** The four preference use cases over the same links, store and clock. */
function preferenceUseCases(links: UnsubscribeLinks, recipients: RecipientStore, clock: () => Date) {
  return {
    byToken: (token: string) => new ShowPreferencesByToken(links, recipients).execute(token),
    updateByToken: (token: string, input: PreferencesInput) => new UpdatePreferencesByToken(links, recipients, clock).execute(token, input),
    byPerson: (municipalityId: string, personId: string) => new ShowPersonPreferences(recipients).execute(municipalityId, personId),
    updateByPerson: (municipalityId: string, personId: string, input: PreferencesInput) => new UpdatePersonPreferences(recipients, clock).execute(municipalityId, personId, input),
  };
}

describe('preferences input (PUT body)', () => {
  it('accepts the two channels and three categories', () => {
    expect(notifications.preferencesInput.safeParse(allOn).success).toBe(true);
  });

  it('refuses transactional: messages about your own case cannot be turned off', () => {
    const result = notifications.preferencesInput.safeParse({ ...allOn, categories: { ...allOn.categories, transactional: false } });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['transactional'], path: ['categories'] })]);
  });

  it('names each missing or wrongly typed field', () => {
    const result = notifications.preferencesInput.safeParse({ channels: { email: 'yes' }, categories: { urgent: true, information: true } });
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['categories.reminders', 'channels.email', 'channels.sms']);
  });
});

describe('the link in the footer', () => {
  it('opens the web page in the language of the message: English when the municipality has the English text', async () => {
    const app = wire();
    const english = await informationEmailToken(app, { municipalityId: 'ale' });
    expect(english.mail.text).toContain(`http://127.0.0.1:3000/ale/utskick/${english.token}?lang=en`);
    // Lilla Edet words this message in Swedish only: the Swedish text, and the page in Swedish.
    const swedish = await informationEmailToken(app);
    expect(swedish.mail.text).toContain(`http://127.0.0.1:3000/lilla-edet/utskick/${swedish.token}\n`);
  });
});

describe('preference use cases', () => {
  it('shows the minimal view behind a link token: no name, no address; the link category; which channels can reach', async () => {
    const app = wire();
    const { token } = await informationEmailToken(app, { mobile: '+46701234567', smsOptIn: false });
    const view = await preferenceUseCases(app.unsubscribe, app.recipients, app.clock).byToken(token);
    expect(view).toEqual({ municipalityId: 'lilla-edet', language: 'en', linkCategory: 'information', preferences: allOn, available: { email: true, sms: false }, mobile: 'unconfirmed', updatedAt: null });
    expect(JSON.stringify(view)).not.toMatch(/Bo|example\.se|4670/);
  });

  it('stores the new choices and when; the next information email is skipped as opted-out-category', async () => {
    const app = wire();
    const { personId, token } = await informationEmailToken(app);
    const prefs = preferenceUseCases(app.unsubscribe, app.recipients, app.clock);
    const next = { channels: { email: true, sms: false }, categories: { urgent: true, information: false, reminders: true } };
    const view = await prefs.updateByToken(token, notifications.preferencesInput.parse(next));
    expect(view).toMatchObject({ preferences: next, updatedAt: app.clock().toISOString() });
    expect(app.recipients.byId.get(personId)!.preferences).toEqual(next);
    // The same person by id (the self-service page): the same view, without a link category.
    expect(await prefs.byPerson('lilla-edet', personId)).toMatchObject({ linkCategory: null, preferences: next });
    expect(await prefs.byPerson('ale', personId)).toBeNull(); // another municipality: unknown
  });

  it('an expired, unknown or malformed token shows and changes nothing', async () => {
    const app = wire();
    const { personId, token } = await informationEmailToken(app);
    const later = () => new Date(app.clock().getTime() + 31 * 86_400_000); // the links live 30 days in wire()
    const expiredLinks = new UnsubscribeLinks(app.messages, { notifications: 'http://n', web: 'http://w' }, 30, later);
    const prefs = preferenceUseCases(expiredLinks, app.recipients, later);
    expect(await prefs.byToken(token)).toBeNull();
    expect(await prefs.updateByToken(token, notifications.preferencesInput.parse({ ...allOn, categories: { ...allOn.categories, urgent: false } }))).toBeNull();
    expect(app.recipients.byId.get(personId)!.preferences).toEqual(allOn);
    const fresh = preferenceUseCases(app.unsubscribe, app.recipients, app.clock);
    expect(await fresh.byToken('x'.repeat(43))).toBeNull();
    expect(await fresh.byToken('../../etc/passwd')).toBeNull();
  });

  it('a person erased after the message was sent is unknown', async () => {
    const app = wire();
    const { personId, token } = await informationEmailToken(app);
    await app.recipients.erase('lilla-edet', personId);
    const prefs = preferenceUseCases(app.unsubscribe, app.recipients, app.clock);
    expect(await prefs.byToken(token)).toBeNull();
    expect(await prefs.updateByToken(token, notifications.preferencesInput.parse(allOn))).toBeNull();
  });
});
