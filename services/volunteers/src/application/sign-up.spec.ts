import { volunteers } from '@trygg/http-contracts';
import { InMemoryLinks, InMemoryVolunteers, knownMunicipalities, testSecret } from '../../test/fakes';
import { ConfirmSignUp } from './confirm-sign-up';
import { AlreadyConfirmed, type LinkRejected, WalkerNotFound } from './errors';
import { IssueConfirmationLink } from './issue-confirmation-link';
import { MobileCountryRefused, SignUp, UnknownOrganisation } from './sign-up';

const start = new Date('2026-11-26T10:00:00Z');
const wire = () => {
  const clock = { now: start };
  const read = () => clock.now;
  const store = new InMemoryVolunteers();
  const links = new InMemoryLinks();
  return {
    store,
    links,
    clock,
    signUp: new SignUp(store, knownMunicipalities, read),
    issue: new IssueConfirmationLink(store, links, testSecret, 'http://web.test/', read),
    confirm: new ConfirmSignUp(store, links, read),
  };
};
const form = (extra: Record<string, unknown> = {}) => volunteers.signUpInput.parse({ municipalityId: 'ale', name: ' Vera Vandrare ', email: 'Vera@Example.se', birthYear: 1980, ...extra });
const tokenOf = (url: string) => url.split('/').at(-1)!;
const types = (store: InMemoryVolunteers) => store.outbox.map((e) => e.type);

describe('signing up as a walker (double opt-in)', () => {
  it('stores an unconfirmed sign-up and asks notifications for one confirmation email: name, email, language — no mobile, nothing for onboarding', async () => {
    const { store, signUp } = wire();
    await signUp.execute(form({ mobile: '070-123 45 67', smsOptIn: true, language: 'en' }), 'c-1');
    const [v] = [...store.byId.values()];
    expect(v).toMatchObject({ status: 'unconfirmed', email: 'vera@example.se', mobile: '+46701234567', smsOptIn: true, confirmation: { requestedAt: start.toISOString(), confirmedAt: null } });
    expect(types(store)).toEqual(['volunteers.volunteer-sign-up-received.v1']);
    expect(store.outbox[0]!.payload).toEqual({ volunteerId: v!.id, personId: v!.personId, name: 'Vera Vandrare', email: 'vera@example.se', language: 'en', protectedIdentity: false });
    expect(store.outbox[0]!.municipalityId).toBe('ale');
  });

  it('refuses a mobile number of a country the municipality does not text; nothing stored', async () => {
    const { store } = wire();
    const signUp = new SignUp(store, { ...knownMunicipalities, exists: () => true, mobileAllowed: () => false }, () => start);
    await expect(signUp.execute(form({ mobile: '070-123 45 67', smsOptIn: true }), 'c-1')).rejects.toBeInstanceOf(MobileCountryRefused);
    expect(store.outbox).toHaveLength(0);
    expect(store.byId.size).toBe(0);
  });

  it('confirming by the link signs the walker up: contact details for notifications, the birth year for onboarding, in one write', async () => {
    const { store, signUp, issue, confirm, clock } = wire();
    await signUp.execute(form({ mobile: '070-123 45 67', smsOptIn: true, language: 'en' }), 'c-1');
    const [v] = [...store.byId.values()];
    const link = await issue.execute(v!.id);
    expect(link.url).toMatch(/^http:\/\/web\.test\/ale\/trygghetsvandring\/bekrafta\/[A-Za-z0-9_-]{43}$/);
    expect(link.expiresAt).toBe('2026-12-03T10:00:00.000Z');
    clock.now = new Date('2026-11-27T10:00:00Z');
    expect(await confirm.execute({ municipalityId: 'ale', token: tokenOf(link.url) }, 'c-2')).toEqual({ status: 'confirmed', language: 'en', personId: v!.personId, mobileToConfirm: true });
    expect(types(store)).toEqual(['volunteers.volunteer-sign-up-received.v1', 'volunteers.volunteer-contact-details-recorded.v1', 'volunteers.volunteer-signed-up.v1', 'volunteers.volunteer-registered.v1']);
    expect(store.outbox[1]!.payload).toEqual({ volunteerId: v!.id, personId: v!.personId, occasion: 'sign-up', name: 'Vera Vandrare', email: 'vera@example.se', mobile: '+46701234567', smsOptIn: true, language: 'en', protectedIdentity: false });
    expect(store.outbox[2]!.payload).toEqual({ volunteerId: v!.id, personId: v!.personId, organisationId: null, subjectFields: { birthYear: 1980 }, protectedIdentity: false });
    expect(store.byId.get(v!.id)).toMatchObject({ status: 'onboarding', confirmation: { confirmedAt: '2026-11-27T10:00:00.000Z' } });
    // Ids and the organisation only, for the municipality's own systems: no name, email, mobile or birth year.
    expect(store.outbox[3]!.payload).toEqual({ volunteerId: v!.id, personId: v!.personId, organisationId: null, registeredAt: '2026-11-27T10:00:00.000Z' });
    expect(store.outbox[3]!.municipalityId).toBe('ale');
  });

  it('keeps the organisation, languages spoken and availability of the form, and names the organisation in volunteer-registered', async () => {
    const { store, signUp, issue, confirm } = wire();
    await signUp.execute(
      form({ organisationId: 'nattvandrarna-ale', spokenLanguages: ['sv', 'ar'], otherLanguages: ' tyska ', availability: ['friday', 'saturday'] }),
      'c-1',
    );
    const [v] = [...store.byId.values()];
    expect(v).toMatchObject({ organisationId: 'nattvandrarna-ale', spokenLanguages: ['sv', 'ar'], otherLanguages: 'tyska', availability: ['friday', 'saturday'] });
    // The confirmation email carries none of it.
    expect(Object.keys(store.outbox[0]!.payload as object).sort()).toEqual(['email', 'language', 'name', 'personId', 'protectedIdentity', 'volunteerId']);
    const link = await issue.execute(v!.id);
    await confirm.execute({ municipalityId: 'ale', token: tokenOf(link.url) }, 'c-2');
    const registered = store.outbox.find((e) => e.type === 'volunteers.volunteer-registered.v1')!;
    expect(registered.payload).toEqual({ volunteerId: v!.id, personId: v!.personId, organisationId: 'nattvandrarna-ale', registeredAt: start.toISOString() });
  });

  it("refuses an organisation that is not one of the municipality's; nothing stored", async () => {
    const { store, signUp } = wire();
    await expect(signUp.execute(form({ organisationId: 'ifk-trollhattan' }), 'c-1')).rejects.toBeInstanceOf(UnknownOrganisation);
    expect(store.byId.size).toBe(0);
    expect(store.outbox).toHaveLength(0);
  });

  it('names every bad new field in the input check (languages, other languages, availability)', () => {
    const result = volunteers.signUpInput.safeParse({
      municipalityId: 'ale',
      name: 'Vera',
      email: 'vera@example.se',
      birthYear: 1980,
      spokenLanguages: ['sv', 'xx'],
      otherLanguages: 'se www.example.se',
      availability: ['friday', 'friday'],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0]).sort()).toEqual(['availability', 'otherLanguages', 'spokenLanguages']);
  });

  it('stores only the hash of a link', async () => {
    const { store, signUp, issue, links } = wire();
    await signUp.execute(form(), 'c-1');
    const { url } = await issue.execute([...store.byId.keys()][0]!);
    expect([...links.byHash.keys()]).toHaveLength(1);
    expect([...links.byHash.keys()][0]).not.toContain(tokenOf(url));
    expect([...links.byHash.keys()][0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a link that is unknown, another municipality’s, expired or used — and confirms nothing', async () => {
    const { store, signUp, issue, confirm, clock } = wire();
    await signUp.execute(form(), 'c-1');
    const id = [...store.byId.keys()][0]!;
    const first = tokenOf((await issue.execute(id)).url);
    const reason = (input: { municipalityId: string; token: string }) => confirm.execute(input, 'c').then(() => 'ok', (e: LinkRejected) => e.code);
    expect(await reason({ municipalityId: 'ale', token: 'not-a-token' })).toBe('token_invalid');
    expect(await reason({ municipalityId: 'ale', token: 'A'.repeat(43) })).toBe('token_invalid');
    expect(await reason({ municipalityId: 'lilla-edet', token: first })).toBe('token_invalid');
    clock.now = new Date('2026-12-03T10:00:00Z');
    expect(await reason({ municipalityId: 'ale', token: first })).toBe('token_expired');
    expect(store.byId.get(id)!.status).toBe('unconfirmed');
    const second = tokenOf((await issue.execute(id)).url);
    expect(await reason({ municipalityId: 'ale', token: second })).toBe('ok');
    expect(await reason({ municipalityId: 'ale', token: second })).toBe('token_used');
    expect(types(store).filter((t) => t === 'volunteers.volunteer-signed-up.v1')).toHaveLength(1);
  });

  it('a second unused link of a confirmed sign-up answers confirmed and changes nothing; no link is issued once confirmed', async () => {
    const { store, signUp, issue, confirm } = wire();
    await signUp.execute(form(), 'c-1');
    const id = [...store.byId.keys()][0]!;
    const [a, b] = [tokenOf((await issue.execute(id)).url), tokenOf((await issue.execute(id)).url)];
    await confirm.execute({ municipalityId: 'ale', token: a }, 'c');
    // No mobile given: nothing to confirm by code; the answer still names the person.
    await expect(confirm.execute({ municipalityId: 'ale', token: b }, 'c')).resolves.toEqual({ status: 'confirmed', language: 'sv', personId: store.byId.get(id)!.personId, mobileToConfirm: false });
    expect(types(store).filter((t) => t === 'volunteers.volunteer-signed-up.v1')).toHaveLength(1);
    await expect(issue.execute(id)).rejects.toBeInstanceOf(AlreadyConfirmed);
    await expect(issue.execute('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(WalkerNotFound);
  });

  it('the same address again: the same outcome, no second sign-up, a new confirmation email at most once per five minutes', async () => {
    const { store, signUp, clock } = wire();
    await signUp.execute(form(), 'c-1');
    clock.now = new Date(start.getTime() + 60_000);
    await signUp.execute(form({ name: 'Vera Vandrare-Berg' }), 'c-2');
    expect(store.byId.size).toBe(1);
    expect(types(store)).toEqual(['volunteers.volunteer-sign-up-received.v1']);
    expect([...store.byId.values()][0]).toMatchObject({ name: 'Vera Vandrare-Berg' });
    clock.now = new Date(start.getTime() + 5 * 60_000);
    await signUp.execute(form(), 'c-3');
    expect(types(store)).toEqual(['volunteers.volunteer-sign-up-received.v1', 'volunteers.volunteer-sign-up-received.v1']);
    expect(store.byId.size).toBe(1);
  });

  it('an address already signed up and confirmed: nothing changes and nothing is sent', async () => {
    const { store, signUp, issue, confirm, clock } = wire();
    await signUp.execute(form(), 'c-1');
    const id = [...store.byId.keys()][0]!;
    await confirm.execute({ municipalityId: 'ale', token: tokenOf((await issue.execute(id)).url) }, 'c');
    const before = store.outbox.length;
    clock.now = new Date(start.getTime() + 3_600_000);
    await signUp.execute(form({ name: 'Someone Else' }), 'c-2');
    expect(store.outbox).toHaveLength(before);
    expect(store.byId.size).toBe(1);
    expect(store.byId.get(id)).toMatchObject({ name: 'Vera Vandrare', status: 'onboarding' });
  });

  it('names each bad field: a number that is not a Swedish mobile, SMS without a number, an unknown language', () => {
    const problems = (extra: Record<string, unknown>) => {
      const r = volunteers.signUpInput.safeParse({ municipalityId: 'ale', name: 'Vera', email: 'vera@example.se', birthYear: 1980, ...extra });
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(problems({ mobile: '031-12 34 56' })).toEqual(['mobile']); // a landline
    expect(problems({ mobile: 'ring mig' })).toEqual(['mobile']);
    expect(problems({ smsOptIn: true })).toEqual(['mobile']);
    expect(problems({ language: 'de' })).toEqual(['language']);
    expect(problems({ mobile: '', smsOptIn: false, language: 'sv' })).toEqual([]);
  });
});
